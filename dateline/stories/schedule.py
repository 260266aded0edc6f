"""The story scheduler: scheduled publications (embargoes) and expiries take effect within a
second of their time, in one process however many servers and workers run.

The process that holds the scheduler's lease (`SchedulerLease`) looks twice a second, or at
the moment the next thing falls due if that is sooner, for
- approved revisions of stories whose go-live time has come, in time order: each becomes a
  `story_publish_due` task;
- live stories whose expiry has come: each becomes a `story_expire` task;
- stories published ahead of their first-published time (an import dated later than its
  arrival) whose time has now come: their change is recorded, so open pages learn of them.

Tasks run on Dateline's task backend "newsroom": at once, in this thread, by default; from the
database by `dateline worker` in production. Each locks its story, checks it is still due and
publishes or unpublishes it through Wagtail in its own transaction, so a task run twice changes
nothing the second time. A task that fails is logged and enqueued again after 1, 2, 4...
seconds (at most a minute), and the other stories go out meanwhile.

The scheduler also lets the outbox's reactions catch up when it starts and every few seconds
(so they resume after a crash), and every minute publishes and expires what else Wagtail
schedules (region and topic pages), one object at a time."""

import logging
import math
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import close_old_connections, transaction
from django.db.models import Q, QuerySet
from django.tasks import Task, TaskResult, TaskResultStatus, task
from django.tasks.exceptions import TaskResultDoesNotExist
from django.utils import timezone
from wagtail.models import DraftStateMixin, Locale, Page, Revision

from .models import SchedulerLease, Story, StoryChange
from .outbox import reactions_run, story_change_record

log = logging.getLogger(__name__)

TICK_SECONDS = 0.5  # the longest the scheduler waits between two looks
LEASE_NAME = "stories"
LEASE_SECONDS = 10.0  # a holder that stops renewing is replaced after this long
LEASE_RENEW_SECONDS = 2.0
REACTIONS_SECONDS = 5.0
OTHERS_SECONDS = 60.0  # pages and other Wagtail objects with a schedule
RETRY_FIRST_SECONDS = 1.0
RETRY_MAX_SECONDS = 60.0
# A task still waiting in the queue this long is enqueued again: its worker died with it, or
# none is running (said in the log).
IN_FLIGHT_SECONDS = 60.0
# How far back a scheduler that never ran before looks for stories whose time came.
ARRIVALS_LOOKBACK = timedelta(days=1)
BATCH = 1000
# Scheduled publications go before the outbox's reactions in the database queue.
PRIORITY = 10
# What recording a story's change reads of it.
ARRIVAL_FIELDS = ("id", "locale_id", "notes", "first_published_at")


def _story_type() -> ContentType:
    return ContentType.objects.get_for_model(Story)


def _revisions_due(now: datetime) -> QuerySet[Revision]:
    """Revisions of anything approved for publication at `now` or before, in time order. Not
    narrowed to stories in SQL: without statistics SQLite would then walk the index of every
    story revision by content type rather than this short range of Wagtail's index on
    approved_go_live_at."""
    return Revision.objects.filter(approved_go_live_at__lte=now).order_by(
        "approved_go_live_at", "pk"
    )


# Tasks ---------------------------------------------------------------------------------------


def _locked_story_id(story_id: int) -> int | None:
    """Locks the story's row until the transaction ends: a second run of the same task, here
    or in another worker, waits and then finds the work done. (SQLite's IMMEDIATE transactions
    take the database's write lock at their start instead.)"""
    return (
        Story.objects.select_for_update().filter(pk=story_id).values_list("pk", flat=True).first()
    )


@task(backend="newsroom", priority=PRIORITY)
def story_publish_due(revision_id: int) -> bool:
    """Publishes the story revision approved for publication at a time that has come, unless it
    has been published, withdrawn from the schedule or replaced since; whether it did."""
    try:
        with transaction.atomic():
            object_id = (
                Revision.objects.filter(pk=revision_id, content_type=_story_type())
                .values_list("object_id", flat=True)
                .first()
            )
            if object_id is None or _locked_story_id(int(object_id)) is None:
                return False
            revision = Revision.objects.filter(
                pk=revision_id, approved_go_live_at__lte=timezone.now()
            ).first()
            if revision is None:
                return False
            revision.publish(log_action="wagtail.publish.scheduled")
            return True
    except Exception:
        log.exception("The scheduled publication of revision %s failed", revision_id)
        raise


@task(backend="newsroom", priority=PRIORITY)
def story_expire(story_id: int) -> bool:
    """Unpublishes a live story whose expiry time has come; whether it did."""
    try:
        with transaction.atomic():
            if _locked_story_id(story_id) is None:
                return False
            story = Story.objects.filter(
                pk=story_id, live=True, expire_at__lte=timezone.now()
            ).first()
            if story is None:
                return False
            story.unpublish(set_expired=True, log_action="wagtail.unpublish.scheduled")
            return True
    except Exception:
        log.exception("The expiry of story %s failed", story_id)
        raise


def story_arrival_announce(story: Story) -> bool:
    """Records that `story`, published before its first-published time, is out now that the
    time has come (whether it did): the change recorded when it was published came while
    the gate still hid it, so open pages skipped it. One announcement per arrival: once
    recorded, the story's last change is later than its time."""
    with transaction.atomic():
        if _locked_story_id(story.pk) is None:
            return False
        # As it is now that it is locked (withdrawn meanwhile, it needs no announcing).
        current = Story.objects.filter(pk=story.pk, live=True).only(*ARRIVAL_FIELDS).first()
        if current is None:
            return False
        last_change_at = (
            StoryChange.objects.filter(story_id=current.pk)
            .order_by("-pk")
            .values_list("created_at", flat=True)
            .first()
        )
        first_published_at = current.first_published_at
        if last_change_at is None or first_published_at is None:
            return False  # never announced at all: not a story the outbox knows
        if last_change_at >= first_published_at:
            return False
        story_change_record(story=current, kind=StoryChange.Kind.PUBLISHED)
        return True


def others_publish_scheduled() -> None:
    """What Wagtail schedules besides stories (region and topic pages), as its publish_scheduled
    command does it, but each object in its own transaction, so one that fails is logged and
    does not hold up the others. Stories are left to the scheduler's own tasks."""
    now = timezone.now()
    models: list[type[Any]] = [Page]
    models += [
        model
        for model in apps.get_models()
        if issubclass(model, DraftStateMixin) and not issubclass(model, Page | Story)
    ]
    for model in models:
        expired = model._default_manager.filter(live=True, expire_at__lt=now).order_by("expire_at")
        for item in list(expired):
            _guarded(
                f"expiry of {model.__name__} {item.pk}",
                partial(item.unpublish, set_expired=True, log_action="wagtail.unpublish.scheduled"),
            )
    story_type_id = _story_type().pk
    for revision in list(_revisions_due(now).exclude(content_type_id=story_type_id)):
        _guarded(
            f"scheduled publication of revision {revision.pk}",
            partial(revision.publish, log_action="wagtail.publish.scheduled"),
        )


def _guarded(what: str, act: Callable[[], Any]) -> None:
    try:
        with transaction.atomic():
            act()
    except Exception:
        log.exception("The %s failed; it is tried again in a minute", what)


# The lease -----------------------------------------------------------------------------------


def lease_take(holder: str, *, arrivals_until: datetime | None = None) -> bool:
    """Takes or renews the scheduler's lease for `holder` if it is free, lapsed or already
    `holder`'s: one conditional UPDATE, so of two processes trying at once one wins. Whether
    `holder` holds it now. `arrivals_until` is saved with it (by a holder renewing)."""
    now = timezone.now()
    fields: dict[str, Any] = {
        "holder": holder,
        "expires_at": now + timedelta(seconds=LEASE_SECONDS),
    }
    if arrivals_until is not None:
        fields["arrivals_until"] = arrivals_until
    lease = SchedulerLease.objects.filter(name=LEASE_NAME).filter(
        Q(holder=holder) | Q(expires_at__lt=now)
    )
    if lease.update(**fields):
        return True
    if SchedulerLease.objects.filter(name=LEASE_NAME).exists():
        return False
    SchedulerLease.objects.bulk_create(
        [SchedulerLease(name=LEASE_NAME, expires_at=now - timedelta(seconds=1))],
        ignore_conflicts=True,
    )
    return lease.update(**fields) == 1


def lease_release(holder: str, *, arrivals_until: datetime | None = None) -> None:
    """Lets go of the lease, if `holder` has it, so another process takes over at once."""
    fields: dict[str, Any] = {"expires_at": timezone.now() - timedelta(seconds=1)}
    if arrivals_until is not None:
        fields["arrivals_until"] = arrivals_until
    SchedulerLease.objects.filter(name=LEASE_NAME, holder=holder).update(**fields)


def lease_arrivals_until() -> datetime | None:
    return (
        SchedulerLease.objects.filter(name=LEASE_NAME)
        .values_list("arrivals_until", flat=True)
        .first()
    )


# The scheduler -------------------------------------------------------------------------------


@dataclass
class _Attempt:
    """The latest task enqueued for one story's publication or expiry."""

    result: TaskResult
    tries: int
    enqueued_at: float
    finished_at: float | None = None


def _retry_seconds(tries: int) -> float:
    return min(RETRY_FIRST_SECONDS * 2 ** (tries - 1), RETRY_MAX_SECONDS)


class Scheduler:
    """One process's scheduler. `run` loops until `stop` is set; `tick` is one look (tests
    call it with a `clock` of their own)."""

    def __init__(self, *, holder: str = "", clock: Callable[[], float] = time.monotonic) -> None:
        self.holder = holder or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.clock = clock
        self.holding = False
        self._held_until = -math.inf
        self._lease_tried_at = -math.inf
        self._reactions_at = -math.inf
        self._others_at = -math.inf
        self._arrivals_until: datetime | None = None
        self._attempts: dict[tuple[str, int], _Attempt] = {}

    def run(self, stop: threading.Event) -> None:
        log.info("Story scheduler %s started", self.holder)
        try:
            while not stop.is_set():
                wait = TICK_SECONDS
                try:
                    wait = self.tick()
                except Exception:
                    log.exception("A round of the story scheduler failed; it goes on")
                    # Its connection may be what failed; it is kept otherwise, as opening one
                    # twice a second would make every publication later.
                    close_old_connections()
                stop.wait(wait)
        finally:
            try:
                self.release()
            except Exception:
                log.exception("The story scheduler could not let go of its lease")
            finally:
                close_old_connections()

    def release(self) -> None:
        if self.holding:
            self.holding = False
            lease_release(self.holder, arrivals_until=self._arrivals_until)

    def tick(self) -> float:
        """One look, if this process holds the lease; how long to wait before the next."""
        if not self._hold_lease():
            return TICK_SECONDS
        now = timezone.now()
        self._run_due("publication", self._publications_due(now), story_publish_due)
        self._run_due("expiry", self._expiries_due(now), story_expire)
        self._announce_arrivals(now)
        moment = self.clock()
        if moment >= self._reactions_at:
            self._reactions_at = moment + REACTIONS_SECONDS
            reactions_run()
        if moment >= self._others_at:
            self._others_at = moment + OTHERS_SECONDS
            others_publish_scheduled()
        return self._seconds_to_next(timezone.now())

    # The lease, as this process sees it

    def _hold_lease(self) -> bool:
        moment = self.clock()
        if moment - self._lease_tried_at >= LEASE_RENEW_SECONDS:
            self._lease_tried_at = moment
            was_holding = self.holding
            self.holding = lease_take(
                self.holder, arrivals_until=self._arrivals_until if was_holding else None
            )
            if self.holding:
                self._held_until = moment + LEASE_SECONDS
                if not was_holding:
                    self._take_over()
            elif was_holding:
                log.warning("Story scheduler %s lost its lease to another process", self.holder)
        # A holder that could not renew (the database is away) stops before another may start.
        return self.holding and moment < self._held_until

    def _take_over(self) -> None:
        log.info("Story scheduler %s holds the lease and schedules stories", self.holder)
        self._arrivals_until = lease_arrivals_until() or timezone.now() - ARRIVALS_LOOKBACK
        self._reactions_at = self._others_at = -math.inf
        self._attempts.clear()

    # What is due

    def _publications_due(self, now: datetime) -> list[int]:
        due = _revisions_due(now).values_list("pk", "content_type_id")[:BATCH]
        story_type_id = _story_type().pk
        return [pk for pk, content_type_id in due if content_type_id == story_type_id]

    def _expiries_due(self, now: datetime) -> list[int]:
        return list(
            Story.objects.filter(live=True, expire_at__lte=now)
            .order_by("expire_at", "pk")
            .values_list("pk", flat=True)[:BATCH]
        )

    def _run_due(self, kind: str, due: list[int], job: Task[[int], bool]) -> None:
        """Enqueues `job` for each due id, in order, unless its last attempt is still queued
        or running, or waiting out its backoff after failing."""
        if len(due) < BATCH:  # what is no longer due needs no more tries
            settled = {key for key in self._attempts if key[0] == kind and key[1] not in due}
            for key in settled:
                del self._attempts[key]
        for pk in due:
            if not self._hold_lease():
                return  # a long run of publications outlasted the lease
            key = (kind, pk)
            attempt = self._attempts.get(key)
            if attempt is not None and not self._is_retry_due(kind, pk, attempt):
                continue
            result = job.enqueue(pk)
            attempt = _Attempt(
                result=result, tries=(attempt.tries if attempt else 0) + 1, enqueued_at=self.clock()
            )
            self._attempts[key] = attempt
            if result.is_finished:  # run at once (the immediate backend): report a failure now
                self._is_retry_due(kind, pk, attempt)

    def _is_retry_due(self, kind: str, pk: int, attempt: _Attempt) -> bool:
        moment = self.clock()
        result = attempt.result
        if not result.is_finished and result.task.get_backend().supports_get_result:
            try:
                result.refresh()
            except TaskResultDoesNotExist:
                pass  # pruned from the queue: treat as lost
        if not result.is_finished:
            if moment - attempt.enqueued_at < IN_FLIGHT_SECONDS:
                return False
            log.warning(
                "The %s of %s has waited %.0f s in the task queue; enqueued again. "
                "Is `dateline worker` running?",
                kind,
                pk,
                moment - attempt.enqueued_at,
            )
            return True
        if attempt.finished_at is None:
            attempt.finished_at = moment
            if result.status == TaskResultStatus.FAILED:
                log.error(
                    "The %s of %s failed (attempt %d); trying again in %.0f s",
                    kind,
                    pk,
                    attempt.tries,
                    _retry_seconds(attempt.tries),
                )
        return moment >= attempt.finished_at + _retry_seconds(attempt.tries)

    # Stories published ahead of their time

    def _announce_arrivals(self, now: datetime) -> None:
        since = self._arrivals_until or now - ARRIVALS_LOOKBACK
        for locale_id in Locale.objects.order_by("pk").values_list("pk", flat=True):
            # One locale at a time: the range is a seek in the live stories' index.
            arrived = (
                Story.objects.filter(
                    live=True,
                    locale_id=locale_id,
                    first_published_at__gt=since,
                    first_published_at__lte=now,
                )
                .exclude(expire_at__lte=now)
                .order_by("first_published_at", "pk")
                .only(*ARRIVAL_FIELDS)
            )
            for story in arrived:
                story_arrival_announce(story)
        self._arrivals_until = now

    # When to look next

    def _seconds_to_next(self, now: datetime) -> float:
        """Until the next publication, expiry or arrival, if that comes before the next look."""
        upcoming: list[datetime | None] = [
            # A page's revision due first wakes the scheduler early once: no harm done.
            Revision.objects.filter(approved_go_live_at__gt=now)
            .order_by("approved_go_live_at")
            .values_list("approved_go_live_at", flat=True)
            .first(),
            Story.objects.filter(live=True, expire_at__gt=now)
            .order_by("expire_at")
            .values_list("expire_at", flat=True)
            .first(),
        ]
        for locale_id in Locale.objects.order_by("pk").values_list("pk", flat=True):
            upcoming.append(
                Story.objects.filter(live=True, locale_id=locale_id, first_published_at__gt=now)
                .order_by("first_published_at")
                .values_list("first_published_at", flat=True)
                .first()
            )
        soonest = min((at for at in upcoming if at is not None), default=None)
        if soonest is None:
            return TICK_SECONDS
        # A millisecond late rather than early: woken early, it would find nothing due yet.
        return max(0.0, min(TICK_SECONDS, (soonest - now).total_seconds() + 0.001))
