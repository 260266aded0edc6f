"""Fans story events out to the live streams open in this server process.

Events reach every process, on every machine, from the event log in the database: by default
each process polls it four times a second; with REDIS_URL set, the process that records an event
also publishes it on a Redis channel, and every process listening there passes it on at once."""

import asyncio
import json
import logging

import redis
import redis.asyncio as aioredis
from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import close_old_connections

from .events import event_as_message, events_after, latest_event_id
from .models import StoryEvent

log = logging.getLogger(__name__)

CHANNEL = "dateline:story-events"
POLL_SECONDS = 0.25


def _events_after_closing(event_id: int) -> list[dict]:
    try:
        return events_after(event_id)
    finally:
        close_old_connections()


class StoryEventBroker:
    def __init__(self, redis_url: str = "") -> None:
        self.redis_url = redis_url
        self._queues: set[asyncio.Queue] = set()
        self._feeder: asyncio.Task | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._publisher: redis.Redis | None = None

    def announce(self, event: StoryEvent) -> None:
        """Called by whoever recorded `event` (synchronous code, any process)."""
        if not self.redis_url:
            return  # every process finds it in the log
        if self._publisher is None:
            self._publisher = redis.Redis.from_url(self.redis_url)
        try:
            self._publisher.publish(CHANNEL, json.dumps(event_as_message(event)))
        except redis.RedisError:
            log.exception("Could not announce story event %s on Redis", event.pk)

    def subscribe(self, since: int | None = None) -> asyncio.Queue:
        """A queue of every event from now on. A feeder that starts here begins after `since`,
        so that no event falls between a stream's replay and its first live message."""
        loop = asyncio.get_running_loop()
        if self._loop is not loop:  # a new event loop (a new server process, or a test)
            self._loop, self._feeder, self._queues = loop, None, set()
        queue: asyncio.Queue = asyncio.Queue(maxsize=1000)
        self._queues.add(queue)
        if self._feeder is None or self._feeder.done():
            feed = self._listen if self.redis_url else self._poll
            self._feeder = loop.create_task(feed(since))
        return queue

    def unsubscribe(self, queue: asyncio.Queue) -> None:
        self._queues.discard(queue)

    def _dispatch(self, message: dict) -> None:
        for queue in list(self._queues):
            try:
                queue.put_nowait(message)
            except asyncio.QueueFull:
                self._queues.discard(queue)  # a reader that stopped reading; it will reconnect

    async def _catch_up(self, last: int) -> int:
        for message in await sync_to_async(_events_after_closing)(last):
            self._dispatch(message)
            last = message["id"]
        return last

    async def _start(self, since: int | None) -> int:
        return since if since is not None else await sync_to_async(latest_event_id)()

    async def _poll(self, since: int | None) -> None:
        last = await self._catch_up(await self._start(since))
        while self._queues:
            await asyncio.sleep(POLL_SECONDS)
            last = await self._catch_up(last)

    async def _listen(self, since: int | None) -> None:
        client = aioredis.Redis.from_url(self.redis_url)
        async with client.pubsub() as pubsub:
            await pubsub.subscribe(CHANNEL)
            # What was announced before the subscription took hold is in the log.
            await self._catch_up(await self._start(since))
            while self._queues:
                message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=1.0)
                if message is not None:
                    self._dispatch(json.loads(message["data"]))
        await client.aclose()


broker = StoryEventBroker(settings.REDIS_URL)
