"""What each subscriber's endpoint is told, as the subscriber sees it arrive: one signed event
per publication, update and withdrawal it may know of, in the editions it follows, and nothing
of drafts, embargoed stories (unless its key may see them) or other editions."""

from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dateline.stories.factories import StoryFactory
from dateline.stories.models import Story, StoryChange
from dateline.stories.schedule import story_arrival_announce
from dateline.stories.services import story_publish, story_withdraw
from dateline.syndication.keys import api_key_create, api_key_revoke
from dateline.syndication.models import WebhookDelivery, WebhookEndpoint
from dateline.syndication.webhooks.events import webhook_deliveries_record

from .webhook_receivers import Receiver, endpoint_add, send_due, serving

pytestmark = pytest.mark.django_db


@pytest.fixture
def receiver():
    receiver = Receiver()
    with serving(receiver) as url:
        receiver.address = url
        yield receiver


@pytest.fixture
def other():
    receiver = Receiver()
    with serving(receiver) as url:
        receiver.address = url
        yield receiver


def note(kind: str, text: str) -> dict:
    return {"type": kind, "value": {"noted_at": timezone.now().isoformat(), "text": text}}


def republish(story: Story, **fields) -> Story:
    for name, value in fields.items():
        setattr(story, name, value)
    story.save_revision()
    return story_publish(story=story)


def events(receiver: Receiver) -> list[tuple[str, int]]:
    """What the receiver was told, in the order it happened (it may arrive in another)."""
    payloads = sorted(receiver.payloads, key=lambda p: p["occurred_at"])
    return [(p["event"], p["story"]["id"]) for p in payloads]


def under_embargo(edition, until: datetime) -> Story:
    story = StoryFactory(locale=edition.locale, headline="Budget figures", publish=False)
    story.embargo_until = until
    story.save_revision().publish()
    story.refresh_from_db()
    return story


def test_a_publication_is_told_once_to_each_endpoint_following_the_edition(
    en, ru, receiver, other, committed
):
    endpoint_add(receiver.address, en)
    endpoint_add(other.address, en, ru)

    story = committed(lambda: StoryFactory(locale=en.locale, headline="Court frees journalist"))
    send_due()
    send_due()  # nothing is due twice

    assert events(receiver) == events(other) == [("published", story.pk)]
    [request] = receiver.received
    payload = request.payload
    assert request.headers["X-Dateline-Event"] == "published"
    assert request.headers["X-Dateline-Delivery"] == payload["id"]
    assert request.headers["Content-Type"] == "application/json"
    assert payload["story"] == {
        "id": story.pk,
        "edition": "en",
        "uri": f"http://testserver/en/news/{story.pk}/",
        "api": f"http://testserver/api/stories/{story.pk}",
        "url": story.url,
        "version": story.live_revision_id,
    }
    assert datetime.fromisoformat(payload["occurred_at"]).utcoffset() == timedelta(0)
    assert "correction" not in payload
    assert WebhookDelivery.objects.get(endpoint__url=receiver.address).status == "delivered"


def test_updates_corrections_and_withdrawals_are_told_with_the_current_version(
    en, receiver, committed
):
    endpoint_add(receiver.address, en)
    story = committed(lambda: StoryFactory(locale=en.locale, headline="Flood in Derbent"))
    committed(lambda: republish(story, lead="Two villages are cut off."))
    updated_version = Story.objects.get(pk=story.pk).live_revision_id
    committed(lambda: republish(story, notes=[note("correction", "The river is the Samur.")]))
    corrected_version = Story.objects.get(pk=story.pk).live_revision_id
    committed(lambda: story_withdraw(story=story, reason="A court order."))
    send_due()

    payloads = sorted(receiver.payloads, key=lambda p: p["occurred_at"])
    assert [(p["event"], p.get("correction")) for p in payloads] == [
        ("published", None),
        ("updated", None),
        ("updated", True),
        ("withdrawn", None),
    ]
    assert payloads[1]["story"]["version"] == updated_version
    assert payloads[2]["story"]["version"] == corrected_version
    # Of a withdrawn story, only its name: nothing of what it said.
    assert set(payloads[3]["story"]) == {"id", "edition", "uri", "api"}


def test_other_editions_and_other_events_are_not_told(en, ru, receiver, other, committed):
    endpoint_add(receiver.address, ru)
    endpoint_add(other.address, en, events=["withdrawn"])

    story = committed(lambda: StoryFactory(locale=en.locale))
    committed(lambda: republish(story, lead="More details."))
    send_due()
    assert receiver.received == [] and other.received == []

    committed(lambda: story_withdraw(story=story, reason="Legal."))
    send_due()
    assert receiver.received == []
    assert events(other) == [("withdrawn", story.pk)]


def test_drafts_and_scheduled_stories_are_not_told(en, receiver, committed):
    endpoint_add(receiver.address, en)
    draft = committed(lambda: StoryFactory(locale=en.locale, publish=False))
    committed(lambda: draft.save_revision())
    scheduled = committed(lambda: StoryFactory(locale=en.locale, publish=False))
    scheduled.go_live_at = timezone.now() + timedelta(hours=1)
    committed(lambda: scheduled.save_revision().publish())
    committed(lambda: draft.delete())
    send_due()

    assert receiver.received == []
    assert not WebhookDelivery.objects.exists()


def test_an_embargoed_story_is_told_when_the_embargo_ends_and_early_only_to_keys_allowed_it(
    en, receiver, other, committed, monkeypatch
):
    endpoint_add(receiver.address, en)  # no key: public stories only
    key, _raw = api_key_create(name="Wire partner", editions=[en], embargo_access=True)
    endpoint_add(other.address, en, api_key=key)
    until = (timezone.now() + timedelta(hours=2)).replace(microsecond=0)

    story = committed(lambda: under_embargo(en, until))
    send_due()
    assert receiver.received == []
    [early] = other.payloads
    assert early["event"] == "published"
    assert early["story"]["embargo_until"] == until.isoformat()

    later = until + timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert committed(lambda: story_arrival_announce(story))
    send_due()
    assert events(receiver) == [("published", story.pk)]
    assert "embargo_until" not in receiver.payloads[0]["story"]
    assert [p["event"] for p in other.payloads] == ["published", "published"]
    assert "embargo_until" not in other.payloads[1]["story"]


def test_a_story_withdrawn_under_embargo_is_told_only_to_who_heard_of_it(
    en, receiver, other, committed
):
    endpoint_add(receiver.address, en)
    key, _raw = api_key_create(name="Wire partner", editions=[en], embargo_access=True)
    endpoint_add(other.address, en, api_key=key)

    story = committed(lambda: under_embargo(en, timezone.now() + timedelta(hours=2)))
    committed(lambda: story_withdraw(story=story, reason="The figures were wrong."))
    send_due()

    assert receiver.received == []  # it never existed for readers
    assert [event for event, _id in events(other)] == ["published", "withdrawn"]


def test_a_deleted_story_is_told_as_withdrawn_once(en, receiver, committed):
    endpoint_add(receiver.address, en)
    story = committed(lambda: StoryFactory(locale=en.locale))
    committed(lambda: story_withdraw(story=story, reason="Legal."))
    committed(lambda: Story.objects.get(pk=story.pk).delete())
    send_due()

    assert events(receiver) == [("published", story.pk), ("withdrawn", story.pk)]


def test_an_endpoint_hears_only_what_its_key_may_read(en, ru, receiver, other, committed):
    ru_key, _raw = api_key_create(name="Russian only", editions=[ru])
    endpoint_add(receiver.address, en, ru, api_key=ru_key)
    revoked, _raw = api_key_create(name="Former partner", editions=[en, ru])
    endpoint_add(other.address, en, ru, api_key=revoked)
    api_key_revoke(key=revoked)

    english = committed(lambda: StoryFactory(locale=en.locale))
    russian = committed(lambda: StoryFactory(locale=ru.locale))
    send_due()

    assert events(receiver) == [("published", russian.pk)]
    assert english.pk not in {p["story"]["id"] for p in receiver.payloads}
    assert other.received == []


def test_an_inactive_endpoint_and_changes_before_an_endpoint_existed_are_not_told(
    en, receiver, other, committed
):
    before = committed(lambda: StoryFactory(locale=en.locale))
    endpoint_add(receiver.address, en)
    endpoint = endpoint_add(other.address, en)
    endpoint.active = False
    endpoint.save()

    after = committed(lambda: StoryFactory(locale=en.locale))
    send_due()

    assert events(receiver) == [("published", after.pk)]
    assert before.pk not in {p["story"]["id"] for p in receiver.payloads}
    assert other.received == []


def _reaction_queries(edition, *, stories: int, endpoints: int) -> int:
    for n in range(endpoints):
        endpoint_add(f"https://hooks{n}.example.com/dateline", edition)
    since = StoryChange.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    for _ in range(stories):
        StoryFactory(locale=edition.locale)  # its change waits: no commit, no reaction
    changes = list(StoryChange.objects.filter(pk__gt=since).order_by("pk"))
    with CaptureQueriesContext(connection) as queries:
        webhook_deliveries_record(changes)
    told = WebhookDelivery.objects.filter(change_id__gt=since).count()
    assert told == stories * WebhookEndpoint.objects.count()
    return len(queries)


def test_the_reaction_costs_the_same_queries_for_any_number_of_stories_and_endpoints(en):
    few = _reaction_queries(en, stories=2, endpoints=2)
    many = _reaction_queries(en, stories=20, endpoints=30)
    assert many == few
