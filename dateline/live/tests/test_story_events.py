"""The live stream as an open page sees it: through the ASGI path, with real commits."""

import asyncio
from datetime import timedelta

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from django.test import AsyncClient
from django.utils import timezone

from dateline.live.events import latest_event_id
from dateline.stories.factories import StoryFactory


def _parse(chunk: str) -> dict | None:
    fields = dict(line.split(": ", 1) for line in chunk.strip().splitlines() if ": " in line)
    return fields if "event" in fields else None


async def _events(url: str, count: int, while_open=None, headers=None) -> list[dict]:
    """The first `count` events the stream sends, running `while_open` once it is open."""
    response = await AsyncClient().get(url, headers=headers or {})
    assert response["Content-Type"] == "text/event-stream"
    stream = aiter(response.streaming_content)
    assert (await anext(stream)).startswith(b"retry:")
    if while_open is not None:
        await sync_to_async(while_open)()
    events = []
    while len(events) < count:
        chunk = await asyncio.wait_for(anext(stream), timeout=5)
        if event := _parse(chunk.decode()):
            events.append(event)
    await stream.aclose()
    return events


def _publish(en, headline, **kwargs):
    return lambda: StoryFactory(locale=en.locale, headline=headline, **kwargs)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_published_story_reaches_an_open_stream(en):
    url = f"/en/news/events/?since={latest_event_id()}"
    [event] = async_to_sync(_events)(url, 1, while_open=_publish(en, "Breaking: bridge reopened"))
    assert event["event"] == "published"
    assert '"headline": "Breaking: bridge reopened"' in event["data"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reconnecting_with_last_event_id_replays_what_was_missed(en):
    first = StoryFactory(locale=en.locale, headline="Seen before the drop")
    seen = latest_event_id()
    StoryFactory(locale=en.locale, headline="Missed one")
    StoryFactory(locale=en.locale, headline="Missed two")

    events = async_to_sync(_events)("/en/news/events/", 2, headers={"Last-Event-ID": str(seen)})
    assert ['"Missed one"' in events[0]["data"], '"Missed two"' in events[1]["data"]] == [
        True,
        True,
    ]
    assert all(str(first.pk) not in e["id"] for e in events)
    assert int(events[0]["id"]) > seen


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_drafts_and_embargoes_never_reach_the_stream_and_withdrawals_carry_no_content(en):
    since = latest_event_id()

    def newsroom_day():
        StoryFactory(locale=en.locale, headline="Secret draft", publish=False)
        embargoed = StoryFactory(locale=en.locale, headline="Embargoed scoop", publish=False)
        embargoed.go_live_at = timezone.now() + timedelta(hours=2)
        embargoed.save_revision().publish()
        withdrawn = StoryFactory(locale=en.locale, headline="Published then withdrawn")
        withdrawn.unpublish()
        StoryFactory(locale=en.locale, headline="Last public story")

    events = async_to_sync(_events)(f"/en/news/events/?since={since}", 3, while_open=newsroom_day)
    kinds = [e["event"] for e in events]
    text = "".join(e["data"] for e in events)
    assert kinds == ["published", "removed", "published"]
    assert "Secret draft" not in text and "Embargoed scoop" not in text
    assert "Published then withdrawn" in events[0]["data"]
    assert "headline" not in events[1]["data"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_region_page_hears_only_its_region(en, azerbaijan, en_front):
    from dateline.taxonomy.factories import region_add

    georgia = region_add(parent=en_front, title="Georgia", slug="georgia")

    def publish_two():
        StoryFactory(locale=en.locale, headline="In Georgia", regions=[georgia])
        StoryFactory(locale=en.locale, headline="In Azerbaijan", regions=[azerbaijan])

    url = f"/en/news/events/?since={latest_event_id()}&region={azerbaijan.pk}"
    [event] = async_to_sync(_events)(url, 1, while_open=publish_two)
    assert '"In Azerbaijan"' in event["data"]


@pytest.mark.django_db
def test_an_archive_story_imported_today_is_not_announced_as_new(
    en, django_capture_on_commit_callbacks
):
    from datetime import UTC, datetime

    from dateline.live.models import StoryEvent

    with django_capture_on_commit_callbacks(execute=True):
        StoryFactory(locale=en.locale, published_at=datetime(2011, 3, 1, tzinfo=UTC))
        StoryFactory(locale=en.locale, headline="Today's news")
    assert [e.kind for e in StoryEvent.objects.order_by("pk")] == ["updated", "published"]
