"""The live stream as an open page sees it: through the ASGI path, with real commits. Events are
made from the story outbox when it is read, from what the public gate shows at that moment."""

import asyncio
import json
import shutil
import socket
import subprocess
import time
from datetime import UTC, datetime, timedelta

import pytest
import redis
from asgiref.sync import async_to_sync, sync_to_async
from django.test import AsyncClient
from django.utils import timezone

from dateline.interchange.importer import stories_import
from dateline.live import broker as broker_module
from dateline.live.broker import broker
from dateline.live.events import events_after
from dateline.stories.factories import StoryFactory
from dateline.stories.outbox import latest_change_id
from dateline.stories.services import story_update

LAST = "Last public story"  # published after a scenario: once it arrives, so has all before it


def _parse(chunk: str) -> dict | None:
    fields = dict(line.split(": ", 1) for line in chunk.strip().splitlines() if ": " in line)
    if "event" not in fields:
        return None
    return fields | {"story": json.loads(fields["data"])}


class _Page:
    """A reader's page with the stream open, as live.js opens it."""

    def __init__(self, stream) -> None:
        self.stream = stream

    @classmethod
    async def open(cls, url: str, headers: dict | None = None) -> "_Page":
        response = await AsyncClient().get(url, headers=headers or {})
        assert response["Content-Type"] == "text/event-stream"
        stream = aiter(response.streaming_content)
        assert (await anext(stream)).startswith(b"retry:")
        return cls(stream)

    async def _read(self, count: int | None, until: str | None) -> list[dict]:
        events: list[dict] = []
        while count is None or len(events) < count:
            chunk = await anext(self.stream)
            if event := _parse(chunk.decode()):
                events.append(event)
                if until is not None and event["story"].get("headline") == until:
                    break
        return events

    async def events(
        self, count: int | None = None, *, until: str | None = None, while_open=None
    ) -> list[dict]:
        """The next `count` events (or those up to the story headlined `until`). `while_open`
        runs once the page has replayed what it missed and is waiting for news, so what it
        publishes reaches the page through the broker."""
        reading = asyncio.ensure_future(self._read(count, until))
        if while_open is not None:
            await asyncio.sleep(0.1)
            await sync_to_async(while_open)()
        try:
            return await asyncio.wait_for(reading, timeout=5)
        except TimeoutError:
            pytest.fail(f"the stream sent fewer events than expected (until {until!r})")

    async def close(self) -> None:
        await self.stream.aclose()


async def _events(url: str, count: int | None = None, *, until=None, while_open=None, headers=None):
    page = await _Page.open(url, headers)
    try:
        return await page.events(count, until=until, while_open=while_open)
    finally:
        await page.close()


def _publish(en, headline, **kwargs):
    return lambda: StoryFactory(locale=en.locale, headline=headline, **kwargs)


def _text(events: list[dict]) -> str:
    return "".join(e["data"] for e in events)


@pytest.fixture
def redis_url(tmp_path):
    """A Redis server of the test's own on a free port, as production's REDIS_URL points at."""
    server = shutil.which("redis-server")
    if server is None:
        pytest.fail("redis-server is missing: apt-get install redis-server (.ci/run does this)")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(  # noqa: S603 (a fixed command line)
        [server, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    deadline = time.monotonic() + 10
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                pytest.fail("redis-server did not start")
            time.sleep(0.05)
    client.close()
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(params=["polling", "redis"])
def stream_broker(request, monkeypatch):
    """The broker as a small install runs it (each process polls the outbox) and as a large one
    does (a Redis ring wakes every process at once)."""
    url = ""
    if request.param == "redis":
        url = request.getfixturevalue("redis_url")
        # Far longer than the test waits: only the ring can wake the stream in time.
        monkeypatch.setattr(broker_module, "REDIS_WAIT_SECONDS", 60)
    monkeypatch.setattr(broker, "redis_url", url)
    monkeypatch.setattr(broker, "_publisher", None)
    yield request.param
    if broker._publisher is not None:
        broker._publisher.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_published_story_reaches_an_open_stream(en, stream_broker):
    url = f"/en/news/events/?since={latest_change_id()}"
    [event] = async_to_sync(_events)(url, 1, while_open=_publish(en, "Breaking: bridge reopened"))
    assert event["event"] == "published"
    assert event["story"]["headline"] == "Breaking: bridge reopened"
    assert event["story"]["url"].startswith("http://testserver/en/news/")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reconnecting_with_last_event_id_replays_what_was_missed(en):
    first = StoryFactory(locale=en.locale, headline="Seen before the drop")
    seen = latest_change_id()
    StoryFactory(locale=en.locale, headline="Missed one")
    StoryFactory(locale=en.locale, headline="Missed two")

    events = async_to_sync(_events)("/en/news/events/", 2, headers={"Last-Event-ID": str(seen)})
    assert [e["story"]["headline"] for e in events] == ["Missed one", "Missed two"]
    assert first.pk not in [e["story"]["story_id"] for e in events]
    assert int(events[0]["id"]) > seen


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_drafts_and_embargoes_never_reach_the_stream_and_withdrawals_carry_no_content(en):
    since = latest_change_id()
    withdrawn = []

    def drafts_and_a_story():
        StoryFactory(locale=en.locale, headline="Secret draft", publish=False)
        embargoed = StoryFactory(locale=en.locale, headline="Embargoed scoop", publish=False)
        embargoed.go_live_at = timezone.now() + timedelta(hours=2)
        embargoed.save_revision().publish()
        withdrawn.append(StoryFactory(locale=en.locale, headline="Published then withdrawn"))

    def withdrawal():
        withdrawn[0].unpublish()
        StoryFactory(locale=en.locale, headline=LAST)

    async def newsroom_day():
        page = await _Page.open(f"/en/news/events/?since={since}")
        try:
            seen = await page.events(1, while_open=drafts_and_a_story)
            return seen + await page.events(2, while_open=withdrawal)
        finally:
            await page.close()

    events = async_to_sync(newsroom_day)()
    assert [e["event"] for e in events] == ["published", "removed", "published"]
    assert events[0]["story"]["headline"] == "Published then withdrawn"
    assert "Secret draft" not in _text(events) and "Embargoed scoop" not in _text(events)
    assert events[1]["story"] == {"story_id": withdrawn[0].pk}  # no headline, lead or link
    assert events[2]["story"]["headline"] == LAST


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_region_page_hears_only_its_region(en, azerbaijan, en_front):
    from dateline.taxonomy.factories import region_add

    georgia = region_add(parent=en_front, title="Georgia", slug="georgia")

    def publish_two():
        StoryFactory(locale=en.locale, headline="In Georgia", regions=[georgia])
        StoryFactory(locale=en.locale, headline="In Azerbaijan", regions=[azerbaijan])

    url = f"/en/news/events/?since={latest_change_id()}&region={azerbaijan.pk}"
    [event] = async_to_sync(_events)(url, 1, while_open=publish_two)
    assert event["story"]["headline"] == "In Azerbaijan"


def _withdraw(story):
    story.unpublish()


def _delete(story):
    story.delete()


def _correct(story):
    correction = {
        "type": "correction",
        "value": {"noted_at": timezone.now().isoformat(), "text": "The headline was wrong."},
    }
    story_update(
        story=story,
        fields={
            "headline": "Georgia: the corrected headline",
            "lead": "The corrected lead.",
            "notes": [correction],
        },
        authors=[],
        regions=[],
        topics=[],
    )


@pytest.mark.parametrize(
    ("change", "kinds_of_the_story"),
    [
        (_withdraw, ["removed"]),
        (_delete, ["removed"]),
        (_correct, ["published", "updated"]),
    ],
    ids=["withdrawn", "deleted", "corrected"],
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_replaying_from_the_start_never_shows_text_readers_may_no_longer_see(
    en, change, kinds_of_the_story
):
    story = StoryFactory(
        locale=en.locale, headline="Georgia: the first headline", lead="The first lead."
    )
    story_id = story.pk  # a deleted story forgets its id
    change(story)
    StoryFactory(locale=en.locale, headline=LAST)

    events = async_to_sync(_events)("/en/news/events/?since=0", until=LAST)
    assert "the first headline" not in _text(events) and "The first lead." not in _text(events)
    of_the_story = [e for e in events if e["story"]["story_id"] == story_id]
    assert [e["event"] for e in of_the_story] == kinds_of_the_story
    for event in of_the_story:
        if event["event"] == "removed":
            assert event["story"] == {"story_id": story_id}
        else:
            assert event["story"]["headline"] == "Georgia: the corrected headline"
            assert event["story"]["lead"] == "The corrected lead."
    assert events[-1]["story"]["headline"] == LAST


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_story_imported_with_a_future_time_never_appears(en, tmp_path):
    tomorrow = timezone.now() + timedelta(days=1)
    stories_file = tmp_path / "stories.jsonl"
    stories_file.write_text(
        json.dumps(
            {
                "external_id": "tomorrow-1",
                "edition": "en",
                "headline": "Tomorrow's scoop",
                "lead": "Not to be read before tomorrow.",
                "published_at": tomorrow.isoformat(),
            }
        )
        + "\n"
    )

    def import_then_publish():
        assert stories_import(path=stories_file).imported == 1
        StoryFactory(locale=en.locale, headline=LAST)

    url = f"/en/news/events/?since={latest_change_id()}"
    live = async_to_sync(_events)(url, until=LAST, while_open=import_then_publish)
    replayed = async_to_sync(_events)("/en/news/events/?since=0", until=LAST)
    for events in (live, replayed):
        assert [e["story"]["headline"] for e in events] == [LAST]
        assert "Tomorrow's scoop" not in _text(events)


@pytest.mark.django_db
def test_an_archive_story_imported_today_is_not_announced_as_new(en):
    archived = StoryFactory(locale=en.locale, published_at=datetime(2011, 3, 1, tzinfo=UTC))
    today = StoryFactory(locale=en.locale, headline="Today's news")
    _position, events = events_after(0, en)
    assert [(e["story_id"], e["kind"]) for e in events] == [
        (archived.pk, "updated"),
        (today.pk, "published"),
    ]
