"""Fans live events out to the streams open in this server process.

Events come from the story outbox in the database, so every process on every machine sees the
same ones: by default each process reads the outbox four times a second; with REDIS_URL set,
a reaction to each change also rings a Redis channel, and every process listening there reads
the outbox at once instead of waiting."""

import asyncio
import logging
from collections.abc import Sequence

import redis
import redis.asyncio as aioredis
from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import close_old_connections

from dateline.editions.registry import edition_for_locale
from dateline.stories.models import StoryChange
from dateline.stories.outbox import latest_change_id

from .events import events_after

log = logging.getLogger(__name__)

CHANNEL = "dateline:story-changes"
POLL_SECONDS = 0.25
REDIS_WAIT_SECONDS = 1.0


def _events_after_closing(change_id: int, locale_ids: set[int]) -> tuple[int, list[dict]]:
    """Events of the editions being followed after `change_id`, and where they end."""
    try:
        editions = [e for i in locale_ids if (e := edition_for_locale(i)) is not None]
        return events_after(change_id, *editions)
    finally:
        close_old_connections()


def _latest_closing() -> int:
    try:
        return latest_change_id()
    finally:
        close_old_connections()


class Subscription:
    def __init__(self, locale_id: int) -> None:
        self.locale_id = locale_id
        self.queue: asyncio.Queue = asyncio.Queue(maxsize=1000)


class StoryEventBroker:
    def __init__(self, redis_url: str = "") -> None:
        self.redis_url = redis_url
        self._subscriptions: set[Subscription] = set()
        self._feeder: asyncio.Task | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._publisher: redis.Redis | None = None

    def ring(self, changes: Sequence[StoryChange]) -> None:
        """The outbox reaction: tells every listening process to read the outbox now."""
        if not self.redis_url:
            return  # every process reads the outbox on its own
        if self._publisher is None:
            self._publisher = redis.Redis.from_url(self.redis_url)
        self._publisher.publish(CHANNEL, str(changes[-1].pk))

    def subscribe(self, locale_id: int, since: int | None = None) -> Subscription:
        """Every event of the edition from now on. A feeder that starts here begins after
        `since`, so that no event falls between a stream's replay and its first live message."""
        loop = asyncio.get_running_loop()
        if self._loop is not loop:  # a new event loop (a new server process, or a test)
            self._loop, self._feeder, self._subscriptions = loop, None, set()
        subscription = Subscription(locale_id)
        self._subscriptions.add(subscription)
        if self._feeder is None or self._feeder.done():
            self._feeder = loop.create_task(self._feed(since))
        return subscription

    def unsubscribe(self, subscription: Subscription) -> None:
        self._subscriptions.discard(subscription)

    def _dispatch(self, message: dict) -> None:
        for subscription in list(self._subscriptions):
            if subscription.locale_id != message["locale_id"]:
                continue
            try:
                subscription.queue.put_nowait(message)
            except asyncio.QueueFull:
                # A reader that stopped reading; it will reconnect.
                self._subscriptions.discard(subscription)

    async def _catch_up(self, last: int) -> int:
        locale_ids = {s.locale_id for s in self._subscriptions}
        last, events = await sync_to_async(_events_after_closing)(last, locale_ids)
        for message in events:
            self._dispatch(message)
        return last

    async def _feed(self, since: int | None) -> None:
        last = since if since is not None else await sync_to_async(_latest_closing)()
        if not self.redis_url:
            while self._subscriptions:
                last = await self._catch_up(last)
                await asyncio.sleep(POLL_SECONDS)
            return
        client = aioredis.Redis.from_url(self.redis_url)
        async with client.pubsub() as pubsub:
            await pubsub.subscribe(CHANNEL)
            # What was rung before the subscription took hold is in the outbox.
            while self._subscriptions:
                last = await self._catch_up(last)
                await pubsub.get_message(ignore_subscribe_messages=True, timeout=REDIS_WAIT_SECONDS)
        await client.aclose()


broker = StoryEventBroker(settings.REDIS_URL)
