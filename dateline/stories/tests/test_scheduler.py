"""The story scheduler as the newsroom notices it: a scheduled story goes out when its time
comes, once, in time order after downtime, whatever else fails; an expired story is withdrawn;
a story imported ahead of its time is announced when the time comes; one process schedules."""

import logging
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone
from wagtail.models import ModelLogEntry, Revision
from wagtail.signals import published

from dateline.editions.models import Edition
from dateline.live.events import events_after
from dateline.stories import outbox, schedule
from dateline.stories.factories import StoryFactory
from dateline.stories.models import SchedulerLease, Story, StoryChange
from dateline.stories.outbox import reaction_register
from dateline.stories.schedule import (
    LEASE_RENEW_SECONDS,
    LEASE_SECONDS,
    TICK_SECONDS,
    Scheduler,
)

Kind = StoryChange.Kind


@dataclass
class Clock:
    """Wall time (timezone.now) and the scheduler's monotonic clock, moved on together."""

    start: datetime
    offset: float = 0.0

    def now(self) -> datetime:
        return self.start + timedelta(seconds=self.offset)

    def monotonic(self) -> float:
        return 1000.0 + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += seconds

    def at(self, seconds: float) -> datetime:
        """The wall time `seconds` from now."""
        return self.now() + timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch) -> Clock:
    clock = Clock(start=timezone.now())
    monkeypatch.setattr(timezone, "now", clock.now)
    return clock


def scheduler(clock: Clock, holder: str = "") -> Scheduler:
    return Scheduler(holder=holder, clock=clock.monotonic)


def scheduled(en: Edition, headline: str, go_live_at: datetime) -> Story:
    story = StoryFactory(locale=en.locale, headline=headline, publish=False)
    story.go_live_at = go_live_at
    story.save_revision().publish()  # approved for publication at go_live_at
    story.refresh_from_db()
    assert not story.live
    return story


def kinds(story: Story) -> list[str]:
    return list(
        StoryChange.objects.filter(story_id=story.pk).order_by("pk").values_list("kind", flat=True)
    )


def scheduled_publications(story: Story) -> int:
    return ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Story),
        object_id=str(story.pk),
        action="wagtail.publish.scheduled",
    ).count()


def is_public(story: Story) -> bool:
    edition = Edition.objects.get(locale_id=story.locale_id)
    return Story.objects.public(edition).filter(pk=story.pk).exists()


def test_a_scheduled_story_goes_out_at_its_time_not_before_and_once(en, clock):
    story = scheduled(en, "Ceasefire agreed", clock.at(0.3))
    runner = scheduler(clock)

    # The scheduler looks again when the story falls due, not half a second later.
    wait = runner.tick()
    assert 0.3 <= wait <= 0.302
    story.refresh_from_db()
    assert not story.live and not is_public(story)

    clock.advance(wait)
    runner.tick()
    story.refresh_from_db()
    assert story.live and is_public(story)
    assert story.first_published_at - story.go_live_at < timedelta(milliseconds=2)
    assert kinds(story) == [Kind.PUBLISHED]
    assert scheduled_publications(story) == 1

    for _ in range(3):
        clock.advance(TICK_SECONDS)
        assert runner.tick() == TICK_SECONDS  # nothing else to wait for
    assert kinds(story) == [Kind.PUBLISHED]
    assert scheduled_publications(story) == 1


def test_after_downtime_everything_due_goes_out_at_start_in_time_order(en, clock):
    first = scheduled(en, "First: 10:01", clock.at(60))
    third = scheduled(en, "Third: 10:03", clock.at(180))
    second = scheduled(en, "Second: 10:02", clock.at(120))
    later = scheduled(en, "Later: 11:00", clock.at(3600))
    expiring = StoryFactory(locale=en.locale, headline="Expires at 10:02:30")
    expiring.expire_at = clock.at(150)
    expiring.save_revision().publish()

    clock.advance(600)  # no scheduler ran for ten minutes
    scheduler(clock).tick()

    published = StoryChange.objects.filter(kind=Kind.PUBLISHED).order_by("pk")
    assert [c.story_id for c in published if c.story_id != expiring.pk] == [
        first.pk,
        second.pk,
        third.pk,
    ]
    assert all(is_public(s) for s in (first, second, third))
    later.refresh_from_db()
    assert not later.live
    expiring.refresh_from_db()
    assert not expiring.live and expiring.expired
    assert kinds(expiring)[-1] == Kind.WITHDRAWN
    assert not is_public(expiring)


@dataclass
class Publications:
    """Every story publication tried (story ids), and the stories whose publication fails."""

    tries: list[int] = field(default_factory=list)
    failing: set[int] = field(default_factory=set)

    def __call__(self, instance: Story, **kwargs) -> None:
        self.tries.append(instance.pk)
        if instance.pk in self.failing:
            raise RuntimeError("the search index is down")


@pytest.fixture
def publications() -> Iterator[Publications]:
    watcher = Publications()
    published.connect(watcher, sender=Story, dispatch_uid="test-publications")
    yield watcher
    published.disconnect(sender=Story, dispatch_uid="test-publications")


def test_a_failing_publication_is_retried_with_backoff_and_the_next_story_still_goes_out(
    en, clock, publications, caplog
):
    broken = scheduled(en, "Broken: 10:01", clock.at(60))
    fine = scheduled(en, "Fine: 10:02", clock.at(120))
    publications.failing.add(broken.pk)
    tries = publications.tries
    tries.clear()
    runner = scheduler(clock)

    clock.advance(180)
    runner.tick()
    broken.refresh_from_db()
    fine.refresh_from_db()
    assert not broken.live
    assert fine.live and kinds(fine) == [Kind.PUBLISHED]
    assert tries == [broken.pk, fine.pk]
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert any(f"revision {broken.latest_revision_id} failed" in m for m in errors)
    assert any("trying again in 1 s" in m for m in errors)

    # Tried again after 1 s, then 2 s, then 4 s: not at every look.
    when = []
    for _ in range(16):
        clock.advance(0.5)
        before = len(tries)
        runner.tick()
        if len(tries) > before:
            when.append(clock.offset - 180)
    assert when == [1.0, 3.0, 7.0]

    publications.failing.clear()  # the search index is back
    clock.advance(8)
    runner.tick()
    broken.refresh_from_db()
    assert broken.live
    assert kinds(broken) == [Kind.PUBLISHED]
    assert scheduled_publications(broken) == 1


def test_a_story_is_withdrawn_when_it_expires(en, clock):
    story = StoryFactory(locale=en.locale, headline="Polls close at 20:00")
    story.expire_at = clock.at(30)
    story.save_revision().publish()
    runner = scheduler(clock)
    assert runner.tick() == TICK_SECONDS
    assert is_public(story)

    clock.advance(30.001)
    runner.tick()
    story.refresh_from_db()
    assert not story.live and story.expired
    assert kinds(story)[-1] == Kind.WITHDRAWN
    assert kinds(story).count(Kind.WITHDRAWN) == 1
    clock.advance(1)
    runner.tick()
    assert kinds(story).count(Kind.WITHDRAWN) == 1


def test_only_the_lease_holder_schedules_and_another_takes_over_when_it_stops(en, clock, caplog):
    a, b = scheduler(clock, "a"), scheduler(clock, "b")
    a.tick()
    b.tick()
    assert a.holding and not b.holding

    story = scheduled(en, "Out at 10:00:01", clock.at(1))
    clock.advance(1.1)
    b.tick()
    story.refresh_from_db()
    assert not story.live  # b does not schedule
    a.tick()
    story.refresh_from_db()
    assert story.live

    # a stops without a word (its process was killed): b takes over once the lease lapses,
    # and what fell due meanwhile goes out then, once.
    nxt = scheduled(en, "Out at 10:00:03", clock.at(3))
    renewed_at = SchedulerLease.objects.get().expires_at - timedelta(seconds=LEASE_SECONDS)
    while not b.holding:
        clock.advance(TICK_SECONDS)
        b.tick()
        lapse = (clock.now() - renewed_at).total_seconds()
        assert lapse <= LEASE_SECONDS + LEASE_RENEW_SECONDS + TICK_SECONDS
    assert lapse > LEASE_SECONDS
    nxt.refresh_from_db()
    assert nxt.live
    assert kinds(nxt) == [Kind.PUBLISHED]

    a.tick()  # back from the dead: it finds the lease taken and schedules nothing
    assert not a.holding
    assert any("a lost its lease" in r.getMessage() for r in caplog.records)

    # b stops cleanly: a takes over at its next try.
    b.release()
    clock.advance(2)
    a.tick()
    assert a.holding
    assert SchedulerLease.objects.get().holder == "a"


def test_a_story_imported_ahead_of_its_time_is_announced_when_the_time_comes(en, clock):
    runner = scheduler(clock)
    runner.tick()
    imported = StoryFactory(
        locale=en.locale, headline="Wire: dated 10:05", published_at=clock.at(300)
    )
    ordinary = StoryFactory(locale=en.locale, headline="Published at 10:00")
    assert kinds(imported) == [Kind.PUBLISHED]  # recorded at import, while the gate hid it
    assert not is_public(imported)
    # An open page reads the change now and shows nothing of the story.
    position, events = events_after(0, en)
    assert [e["story_id"] for e in events] == [ordinary.pk]

    clock.advance(2)
    assert runner.tick() == TICK_SECONDS
    assert kinds(imported) == [Kind.PUBLISHED]

    clock.advance(297.75)
    assert runner.tick() == pytest.approx(0.251)  # it looks again when the story is due
    clock.advance(0.251)
    runner.tick()
    assert is_public(imported)
    assert kinds(imported) == [Kind.PUBLISHED, Kind.PUBLISHED]
    assert kinds(ordinary) == [Kind.PUBLISHED]
    # The open page learns of it with its next read of the outbox.
    _position, events = events_after(position, en)
    assert [(e["kind"], e["story_id"], e["payload"]["headline"]) for e in events] == [
        ("published", imported.pk, "Wire: dated 10:05")
    ]
    clock.advance(1)
    runner.tick()
    assert kinds(imported) == [Kind.PUBLISHED, Kind.PUBLISHED]


def test_a_scheduler_starting_after_downtime_announces_what_arrived_meanwhile(en, clock):
    before = scheduler(clock, "before")
    before.tick()
    before.release()  # keeps how far it looked
    imported = StoryFactory(
        locale=en.locale, headline="Wire: dated 10:01", published_at=clock.at(60)
    )

    clock.advance(3600)
    scheduler(clock, "after").tick()
    assert kinds(imported) == [Kind.PUBLISHED, Kind.PUBLISHED]


@dataclass
class Recorder:
    handled: list[int]

    def __call__(self, changes: Sequence[StoryChange]) -> None:
        self.handled.extend(change.pk for change in changes)


def test_reactions_catch_up_when_the_scheduler_starts_and_every_few_seconds(en, clock, monkeypatch):
    monkeypatch.setattr(outbox, "_reactions", dict(outbox._reactions))
    follower = Recorder(handled=[])
    reaction_register("test-follower", follower)
    # Changes whose reactions were never run (the tests' transaction never commits; a crash
    # after a commit leaves the same).
    StoryFactory(locale=en.locale)
    missed = list(StoryChange.objects.values_list("pk", flat=True))
    runner = scheduler(clock)

    runner.tick()
    assert follower.handled == missed

    StoryFactory(locale=en.locale)
    clock.advance(1)
    runner.tick()
    assert follower.handled == missed
    clock.advance(schedule.REACTIONS_SECONDS)
    runner.tick()
    assert follower.handled == list(StoryChange.objects.values_list("pk", flat=True))


def test_region_pages_wagtail_schedules_go_live_too(en, clock, azerbaijan, courts):
    azerbaijan.title = "Azerbaijan Republic"
    azerbaijan.go_live_at = clock.at(60)
    azerbaijan.save_revision().publish()
    courts.expire_at = clock.at(60)
    courts.save_revision().publish()
    assert Revision.objects.filter(approved_go_live_at__isnull=False).count() == 1

    clock.advance(61)
    scheduler(clock).tick()
    azerbaijan.refresh_from_db()
    courts.refresh_from_db()
    assert azerbaijan.title == "Azerbaijan Republic" and azerbaijan.live
    assert not courts.live and courts.expired


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_scheduler_survives_a_failing_round_and_lets_go_of_its_lease(caplog):
    stop = threading.Event()
    runner = Scheduler(holder="survivor")
    rounds = []
    tick = runner.tick

    def flaky_tick() -> float:
        rounds.append(1)
        if len(rounds) == 1:
            raise RuntimeError("the database went away")
        if len(rounds) == 3:
            stop.set()
        tick()
        return 0.0

    runner.tick = flaky_tick  # type: ignore[method-assign]
    runner.run(stop)

    assert len(rounds) == 3
    assert any("round of the story scheduler failed" in r.getMessage() for r in caplog.records)
    lease = SchedulerLease.objects.get()
    assert lease.holder == "survivor" and lease.expires_at < timezone.now()


def _index_on(table: str, column: str) -> str:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return next(
        name
        for name, constraint in constraints.items()
        if constraint["index"] and constraint["columns"] == [column]
    )


@pytest.fixture
def many_stories(en) -> None:
    """Enough live stories and revisions, few of them scheduled or expiring, and the database's
    statistics on them, for its planner to choose as it would with a million."""
    now = timezone.now()
    story_type = ContentType.objects.get_for_model(Story)
    stories = Story.objects.bulk_create(
        Story(
            locale_id=en.locale_id,
            headline=f"Story {n}",
            slug=f"story-{n}",
            live=True,
            first_published_at=now - timedelta(minutes=n),
            last_published_at=now - timedelta(minutes=n),
            expire_at=now + timedelta(days=n) if n % 100 == 0 else None,
        )
        for n in range(3000)
    )
    Revision.objects.bulk_create(
        Revision(
            content_type=story_type,
            base_content_type=story_type,
            object_id=str(story.pk),
            created_at=now,
            content={},
            approved_go_live_at=now + timedelta(hours=1) if story.pk % 500 == 0 else None,
        )
        for story in stories
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _plan(queryset) -> str:
    return queryset.explain()


@pytest.mark.usefixtures("many_stories")
def test_what_the_scheduler_asks_twice_a_second_is_answered_from_indexes(en):
    """With a million stories and their revisions, every question is a short index range."""
    now = timezone.now()
    story_type = ContentType.objects.get_for_model(Story)
    publications = schedule._revisions_due(now).exclude(content_type=story_type)
    expiries = Story.objects.filter(live=True, expire_at__lte=now).order_by("expire_at", "pk")
    arrivals = Story.objects.filter(
        live=True, locale_id=en.locale_id, first_published_at__gt=now, first_published_at__lte=now
    )
    assert _index_on("wagtailcore_revision", "approved_go_live_at") in _plan(publications)
    assert "story_live_expiring" in _plan(expiries)
    assert "story_live_newest" in _plan(arrivals)
    for plan in map(_plan, (publications, expiries, arrivals)):
        assert "SCAN stories_story" not in plan and "SCAN wagtailcore_revision" not in plan
        assert "Seq Scan" not in plan


def test_a_story_under_embargo_is_announced_when_its_embargo_ends(en, clock):
    runner = scheduler(clock)
    runner.tick()
    story = StoryFactory(locale=en.locale, headline="Figures under embargo", publish=False)
    story.embargo_until = clock.at(60)
    story.save_revision().publish()
    position, events = events_after(0, en)
    assert events == []  # published, but no reader's page hears of it

    assert runner.tick() == TICK_SECONDS
    clock.advance(60.001)
    runner.tick()
    assert is_public(story)
    _position, events = events_after(position, en)
    assert [(e["kind"], e["payload"]["headline"]) for e in events] == [
        ("published", "Figures under embargo")
    ]
