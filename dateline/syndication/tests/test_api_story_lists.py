"""The API's lists: a cursor walk visits every story a key may read exactly once, in order,
whatever is published meanwhile; "updated since" gives changes oldest first, withdrawals among
them; the filters narrow; a page costs the same number of queries however long it is."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dateline.stories.factories import StoryFactory
from dateline.stories.models import Story
from dateline.stories.schedule import story_arrival_announce
from dateline.stories.services import story_update, story_withdraw
from dateline.taxonomy.factories import region_add

from .api_reading import api_get, documents, follow, key_made, story_id

T0 = datetime(2025, 1, 10, 12, 0, tzinfo=UTC)


def _published(edition, headline: str, at: datetime, **kwargs) -> Story:
    return StoryFactory(locale=edition.locale, headline=headline, published_at=at, **kwargs)


def _ids(items: list[dict]) -> list[int]:
    return [story_id(item) for item in items]


@pytest.fixture
def archive(en, ru):
    """Stories of both editions, some published in the same microsecond."""
    stories = []
    for n in range(7):
        at = T0 + timedelta(hours=n // 2)  # pairs share a time: the id breaks the tie
        stories.append(_published(en, f"English story {n}", at))
        stories.append(_published(ru, f"Русский материал {n}", at + timedelta(minutes=30)))
    return stories


@pytest.mark.django_db
def test_a_cursor_walk_gives_every_story_once_in_either_order(client, en, ru, archive):
    key = key_made(en, ru)
    newest_first = sorted(archive, key=lambda s: (s.first_published_at, s.pk), reverse=True)
    for limit in (1, 2, 3, 20):
        assert _ids(documents(client, key, limit=limit)) == [s.pk for s in newest_first], limit
        by_change = documents(client, key, limit=limit, updated_since="2000-01-01T00:00:00Z")
        assert _ids(by_change) == [s.pk for s in newest_first[::-1]], limit


@pytest.mark.django_db
def test_stories_published_during_a_walk_do_not_shift_it(client, en, archive):
    key = key_made(en)
    first = api_get(client, "/api/stories", key, limit=3)
    _published(en, "Breaking in the middle of the walk", timezone.now())
    english = [s for s in archive if s.locale_id == en.locale_id]
    newest_first = sorted(english, key=lambda s: (s.first_published_at, s.pk), reverse=True)
    assert _ids(follow(client, key, first)) == [s.pk for s in newest_first]


@pytest.mark.django_db
def test_an_embargo_key_gets_embargoed_stories_first_in_its_walk(client, en, archive):
    held = StoryFactory(locale=en.locale, headline="Held", publish=False)
    held.embargo_until = timezone.now() + timedelta(hours=2)
    held.save_revision().publish()
    walked = _ids(documents(client, key_made(en, embargo=True), limit=2))
    english = sorted(
        (s for s in archive if s.locale_id == en.locale_id),
        key=lambda s: (s.first_published_at, s.pk),
        reverse=True,
    )
    assert walked == [held.pk, *(s.pk for s in english)]


@pytest.mark.django_db
def test_updated_since_gives_changes_oldest_first_with_withdrawals(client, en, ru):
    old = _published(en, "Old story", T0 - timedelta(days=30))
    older_update = _published(en, "Updated later", T0 - timedelta(days=40))
    new = _published(ru, "Новый материал", T0 + timedelta(hours=1))
    withdrawn = _published(en, "Taken down", T0 - timedelta(days=50))
    story_update(
        story=older_update, fields={"lead": "With the reply."}, authors=[], regions=[], topics=[]
    )
    story_withdraw(story=withdrawn, reason="Legal request")
    older_update.refresh_from_db()
    withdrawn.refresh_from_db()
    key = key_made(en, ru)

    changed = documents(client, key, updated_since=T0.isoformat(), limit=1)
    # Published after T0, then updated and withdrawn now; the old story did not change.
    assert _ids(changed) == [new.pk, older_update.pk, withdrawn.pk]
    assert [item["pubStatus"] for item in changed] == ["usable", "usable", "canceled"]
    assert old.pk not in _ids(documents(client, key, updated_since=T0.isoformat()))
    since_withdrawal = withdrawn.withdrawn_at + timedelta(seconds=1)
    assert withdrawn.pk not in _ids(
        documents(client, key, updated_since=since_withdrawal.isoformat())
    )
    times = [datetime.fromisoformat(item["versionCreated"]) for item in changed]
    assert times == sorted(times) and times[0] >= T0
    # A withdrawn story is not in the list of stories newest first, and reaches only its edition.
    assert withdrawn.pk not in _ids(documents(client, key))
    assert _ids(documents(client, key_made(ru), updated_since=T0.isoformat())) == [new.pk]


@pytest.mark.django_db
def test_an_embargo_ending_is_a_change_for_keys_without_embargo_scope(client, en, monkeypatch):
    held = StoryFactory(locale=en.locale, headline="Budget", publish=False)
    until = (timezone.now() + timedelta(hours=2)).replace(microsecond=0)
    held.embargo_until = until
    held.save_revision().publish()
    since = timezone.now() + timedelta(hours=1)  # after its publication, before its embargo ends
    public_key, embargo_key = key_made(en), key_made(en, embargo=True)
    assert _ids(documents(client, embargo_key, updated_since="2000-01-01T00:00:00Z")) == [held.pk]
    assert _ids(documents(client, public_key, updated_since=since.isoformat())) == []

    later = until + timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert story_arrival_announce(held)  # as the scheduler does when the time comes
    (released,) = documents(client, public_key, updated_since=since.isoformat())
    assert story_id(released) == held.pk and "embargoedUntil" not in released
    assert released["versionCreated"] == until.isoformat().replace("+00:00", "Z")


@pytest.mark.django_db
def test_filters_narrow_the_list(client, en, ru, en_front, ru_front, azerbaijan, courts):
    ru_azerbaijan = region_add(parent=ru_front, title="Азербайджан", slug="azerbaijan")
    tagged = _published(en, "Tagged", T0, regions=[azerbaijan], topics=[courts])
    region_only = _published(en, "Region only", T0 + timedelta(hours=1), regions=[azerbaijan])
    russian = _published(ru, "Русский", T0 + timedelta(hours=2), regions=[ru_azerbaijan])
    _published(en, "Untagged", T0 + timedelta(hours=3))
    key = key_made(en, ru)

    assert _ids(documents(client, key, region="azerbaijan")) == [
        russian.pk,
        region_only.pk,
        tagged.pk,
    ]
    assert _ids(documents(client, key, region="azerbaijan", edition="en")) == [
        region_only.pk,
        tagged.pk,
    ]
    assert _ids(documents(client, key, topic="courts")) == [tagged.pk]
    assert _ids(documents(client, key, region="azerbaijan", topic="courts")) == [tagged.pk]
    since = (T0 + timedelta(minutes=30)).isoformat()
    assert _ids(documents(client, key, region="azerbaijan", updated_since=since)) == [
        region_only.pk,
        russian.pk,
    ]


@pytest.mark.django_db
def test_next_keeps_the_filters(client, en, azerbaijan):
    for n in range(3):
        _published(en, f"Story {n}", T0 + timedelta(hours=n), regions=[azerbaijan])
    body = api_get(client, "/api/stories", key_made(en), region="azerbaijan", limit=1).json()
    assert body["next"].startswith("http://testserver/api/stories?")
    assert "region=azerbaijan" in body["next"] and "limit=1" in body["next"]


@pytest.mark.django_db
def test_a_page_costs_the_same_queries_however_many_stories_it_holds(client, en, ru, photo):
    for n in range(12):
        _published(en if n % 2 else ru, f"Story {n}", T0 + timedelta(minutes=n), lead_photo=photo)
    key = key_made(en, ru, embargo=True)
    api_get(client, "/api/stories", key, limit=12)  # renditions made once, as on any first use

    def queries(**params) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert api_get(client, "/api/stories", key, **params).status_code == 200
        return len(captured)

    for params in ({}, {"updated_since": "2000-01-01T00:00:00Z"}):
        # The number of stories changes nothing; a new cursor makes each page new, not kept.
        assert queries(limit=2, **params) == queries(limit=11, **params)
