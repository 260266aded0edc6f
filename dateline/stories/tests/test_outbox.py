"""The change outbox as its followers see it: every write path leaves exactly one change per
story it touched, in its own transaction, and every reaction is told each change once, after
commit, resuming where it stopped."""

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from dateline.editions.models import Edition
from dateline.live.broker import broker
from dateline.photos.models import Photo
from dateline.stories import outbox
from dateline.stories.factories import StoryFactory
from dateline.stories.models import OutboxPosition, Story, StoryChange
from dateline.stories.outbox import (
    BATCH,
    latest_change_id,
    reaction_register,
    reactions_run,
    story_changes_record,
)
from dateline.stories.services import story_publish
from dateline.taxonomy.models import RegionPage, TopicPage

Kind = StoryChange.Kind


@dataclass
class Recorder:
    """A reaction that keeps the change ids of each batch it was given; with `crashes`, that
    many of its first calls fail after seeing their batch."""

    crashes: int = 0
    seen: list[list[int]] = field(default_factory=list)
    handled: list[int] = field(default_factory=list)

    def __call__(self, changes: Sequence[StoryChange]) -> None:
        ids = [change.pk for change in changes]
        self.seen.append(ids)
        if self.crashes:
            self.crashes -= 1
            raise RuntimeError("the subscriber's endpoint is down")
        self.handled.extend(ids)

    def forget(self) -> None:
        self.seen.clear()
        self.handled.clear()


@pytest.fixture
def reactions(monkeypatch) -> Callable[..., Recorder]:
    """Registers test reactions beside the real ones; teardown leaves only the real ones."""
    monkeypatch.setattr(outbox, "_reactions", dict(outbox._reactions))

    def register(name: str, crashes: int = 0) -> Recorder:
        recorder = Recorder(crashes=crashes)
        reaction_register(f"test-{name}", recorder)
        return recorder

    return register


def position(name: str) -> int:
    return (
        OutboxPosition.objects.filter(reaction=name).values_list("change_id", flat=True).first()
        or 0
    )


def changes_since(change_id: int) -> list[StoryChange]:
    return list(StoryChange.objects.filter(pk__gt=change_id).order_by("pk"))


def all_change_ids() -> list[int]:
    return list(StoryChange.objects.order_by("pk").values_list("pk", flat=True))


# Write paths --------------------------------------------------------------------------------


@dataclass
class Newsroom:
    en: Edition
    region: RegionPage
    topic: TopicPage
    photo: Photo

    def story(self, **kwargs) -> Story:
        return StoryFactory(locale=self.en.locale, **kwargs)


def note(kind: str, text: str) -> dict:
    return {"type": kind, "value": {"noted_at": timezone.now().isoformat(), "text": text}}


def republish(story: Story, **fields) -> None:
    for name, value in fields.items():
        setattr(story, name, value)
    story.save_revision()
    story_publish(story=story)


Act = Callable[[], object]
Expected = list[tuple[int, str]]


def first_publication(n: Newsroom) -> tuple[Act, Expected]:
    draft = n.story(publish=False)
    return lambda: story_publish(story=draft), [(draft.pk, Kind.PUBLISHED)]


def republication_with_an_edit(n: Newsroom) -> tuple[Act, Expected]:
    story = n.story(notes=[note("update", "Adds the ministry's statement.")])
    return (
        lambda: republish(story, lead="The ministry confirmed the figures on Tuesday."),
        [(story.pk, Kind.UPDATED)],
    )


def republication_with_a_correction(n: Newsroom) -> tuple[Act, Expected]:
    update = note("update", "Adds the ministry's statement.")
    story = n.story(notes=[update])
    correction = note("correction", "An earlier version misspelled the minister's name.")
    return lambda: republish(story, notes=[update, correction]), [(story.pk, Kind.CORRECTED)]


def withdrawal(n: Newsroom) -> tuple[Act, Expected]:
    story = n.story()
    return story.unpublish, [(story.pk, Kind.WITHDRAWN)]


def deletion_of_a_published_story(n: Newsroom) -> tuple[Act, Expected]:
    story = n.story()
    return story.delete, [(story.pk, Kind.DELETED)]


def deletion_of_a_draft(n: Newsroom) -> tuple[Act, Expected]:
    return n.story(publish=False).delete, []


def a_new_draft(n: Newsroom) -> tuple[Act, Expected]:
    return lambda: n.story(publish=False), []


def a_draft_edit_of_a_live_story(n: Newsroom) -> tuple[Act, Expected]:
    story = n.story()

    def act() -> None:
        story.headline = "Not yet: the editor has not approved this headline"
        story.save_revision()

    return act, []


def _photo_stories(n: Newsroom) -> Expected:
    lead = n.story(lead_photo=n.photo)
    in_body = n.story(
        body=[
            {"type": "paragraph", "value": "<p>Witnesses described the scene.</p>"},
            {"type": "photo", "value": {"image": n.photo.pk, "caption": ""}},
        ]
    )
    # What readers do not see needs no telling: a draft, a withdrawn story, another photo's.
    n.story(lead_photo=n.photo, publish=False)
    n.story(lead_photo=n.photo).unpublish()
    n.story()
    return [(lead.pk, Kind.PHOTO), (in_body.pk, Kind.PHOTO)]


def photo_credit_edit(n: Newsroom) -> tuple[Act, Expected]:
    expected = _photo_stories(n)

    def act() -> None:
        n.photo.credit = "Leyla Mammadova"
        n.photo.save()

    return act, expected


def photo_deletion(n: Newsroom) -> tuple[Act, Expected]:
    return n.photo.delete, _photo_stories(n)


def photo_credit_edit_while_a_draft_drops_it(n: Newsroom) -> tuple[Act, Expected]:
    # The live version still shows the photo, whatever the pending draft says.
    story = n.story(body=[{"type": "photo", "value": {"image": n.photo.pk, "caption": ""}}])
    story.body = [{"type": "paragraph", "value": "<p>No picture in the next version.</p>"}]
    story.save_revision()

    def act() -> None:
        n.photo.credit = "Leyla Mammadova"
        n.photo.save()

    return act, [(story.pk, Kind.PHOTO)]


def _section_stories(n: Newsroom, section: RegionPage | TopicPage) -> Expected:
    kwargs = {"regions": [section]} if isinstance(section, RegionPage) else {"topics": [section]}
    tagged = n.story(**kwargs)
    n.story(**kwargs, publish=False)
    n.story(**kwargs).unpublish()
    n.story()
    return [(tagged.pk, Kind.TAGS)]


def region_unpublished(n: Newsroom) -> tuple[Act, Expected]:
    return n.region.unpublish, _section_stories(n, n.region)


def region_published(n: Newsroom) -> tuple[Act, Expected]:
    expected = _section_stories(n, n.region)
    n.region.title = "Azerbaijan Republic"
    return lambda: n.region.save_revision().publish(), expected


def region_deleted(n: Newsroom) -> tuple[Act, Expected]:
    return n.region.delete, _section_stories(n, n.region)


def unpublished_region_deleted(n: Newsroom) -> tuple[Act, Expected]:
    expected = _section_stories(n, n.region)
    n.region.unpublish()
    return n.region.delete, expected


def topic_unpublished(n: Newsroom) -> tuple[Act, Expected]:
    return n.topic.unpublish, _section_stories(n, n.topic)


WRITES_THAT_READERS_SEE = [
    first_publication,
    republication_with_an_edit,
    republication_with_a_correction,
    withdrawal,
    deletion_of_a_published_story,
    photo_credit_edit,
    photo_credit_edit_while_a_draft_drops_it,
    photo_deletion,
    region_unpublished,
    region_published,
    region_deleted,
    unpublished_region_deleted,
    topic_unpublished,
]
WRITES_THAT_READERS_DO_NOT_SEE = [deletion_of_a_draft, a_new_draft, a_draft_edit_of_a_live_story]


@pytest.fixture
def newsroom(en, azerbaijan, courts, photo) -> Newsroom:
    return Newsroom(en=en, region=azerbaijan, topic=courts, photo=photo)


@pytest.mark.parametrize(
    "write_path", WRITES_THAT_READERS_SEE + WRITES_THAT_READERS_DO_NOT_SEE, ids=lambda f: f.__name__
)
def test_each_write_path_records_one_change_per_story_and_tells_reactions_after_commit(
    write_path, newsroom, reactions, django_capture_on_commit_callbacks
):
    act, expected = write_path(newsroom)
    follower = reactions("follower")
    reactions_run()  # the follower has caught up with everything before the write
    follower.forget()
    before = latest_change_id()

    with django_capture_on_commit_callbacks(execute=True):
        act()
        assert follower.seen == []  # nothing is told before the commit

    changes = changes_since(before)
    assert sorted((c.story_id, c.kind) for c in changes) == sorted(expected)
    assert {c.locale_id for c in changes} <= {newsroom.en.locale_id}
    assert follower.handled == [c.pk for c in changes]
    assert position("test-follower") == latest_change_id()


class Interrupted(Exception):
    pass


@pytest.mark.parametrize("write_path", WRITES_THAT_READERS_SEE, ids=lambda f: f.__name__)
def test_a_write_rolled_back_leaves_no_change_and_wakes_no_reaction(
    write_path, newsroom, reactions, django_capture_on_commit_callbacks
):
    act, _expected = write_path(newsroom)
    follower = reactions("follower")
    reactions_run()
    follower.forget()
    before = latest_change_id()
    public_before = set(Story.objects.public(newsroom.en).values_list("pk", flat=True))

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(Interrupted), transaction.atomic():
            act()
            raise Interrupted

    assert changes_since(before) == []
    assert callbacks == []
    assert follower.seen == []
    assert set(Story.objects.public(newsroom.en).values_list("pk", flat=True)) == public_before


def kinds(story: Story) -> list[str]:
    return list(
        StoryChange.objects.filter(story_id=story.pk).order_by("pk").values_list("kind", flat=True)
    )


def test_a_correction_is_announced_once_and_later_edits_are_updates(en):
    correction = note("correction", "The vote was on Monday, not Sunday.")
    story = StoryFactory(locale=en.locale)
    republish(story, notes=[correction])
    republish(story, lead="Turnout was 41 per cent.")
    story.unpublish()
    republish(story, lead="Turnout was 42 per cent.")
    republish(story, notes=[correction, note("correction", "Turnout was 42 per cent, not 41.")])

    assert kinds(story) == [
        Kind.PUBLISHED,
        Kind.CORRECTED,
        Kind.UPDATED,
        Kind.WITHDRAWN,
        Kind.UPDATED,
        Kind.CORRECTED,
    ]


def test_an_embargoed_story_is_published_once_when_its_time_comes_and_withdrawn_when_it_expires(
    en, monkeypatch
):
    now = timezone.now()
    story = StoryFactory(locale=en.locale, publish=False)
    story.go_live_at = now + timedelta(minutes=5)
    story.expire_at = now + timedelta(hours=1)
    story.save_revision().publish()  # scheduled: Wagtail sends `published`, nothing is out yet
    assert kinds(story) == []

    monkeypatch.setattr(timezone, "now", lambda: now + timedelta(minutes=6))
    call_command("publish_scheduled", verbosity=0)
    assert kinds(story) == [Kind.PUBLISHED]

    monkeypatch.setattr(timezone, "now", lambda: now + timedelta(hours=2))
    call_command("publish_scheduled", verbosity=0)
    assert kinds(story) == [Kind.PUBLISHED, Kind.WITHDRAWN]


# Reactions ----------------------------------------------------------------------------------


def failures(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_with_real_commits_a_reaction_is_told_after_commit_and_finds_the_story_public(
    en, reactions
):
    headlines: list[str] = []

    def reader(changes: Sequence[StoryChange]) -> None:
        ids = [change.story_id for change in changes]
        headlines.extend(
            Story.objects.public(en).filter(pk__in=ids).values_list("headline", flat=True)
        )

    reaction_register("test-reader", reader)  # the `reactions` fixture takes it away again
    with transaction.atomic():
        StoryFactory(locale=en.locale, headline="Parliament passes the budget")
        assert headlines == []
    assert headlines == ["Parliament passes the budget"]

    with pytest.raises(Interrupted), transaction.atomic():
        StoryFactory(locale=en.locale, headline="Never agreed")
        raise Interrupted
    assert headlines == ["Parliament passes the budget"]
    assert list(StoryChange.objects.values_list("kind", flat=True)) == [Kind.PUBLISHED]


def test_a_crashing_reaction_gets_the_same_changes_again_and_holds_up_no_other(
    en, reactions, caplog, django_capture_on_commit_callbacks
):
    flaky = reactions("flaky", crashes=1)
    steady = reactions("steady")

    with django_capture_on_commit_callbacks(execute=True):
        StoryFactory(locale=en.locale)
    [first] = all_change_ids()

    assert flaky.seen == [[first]]  # it was given the change and crashed
    assert flaky.handled == []
    assert position("test-flaky") == 0  # so its place stays before that change
    assert any("test-flaky" in message for message in failures(caplog))
    assert steady.handled == [first]  # registered after it, and not held up
    assert position("test-steady") == first

    with django_capture_on_commit_callbacks(execute=True):
        StoryFactory(locale=en.locale)
    [_, second] = all_change_ids()

    assert flaky.seen == [[first], [first, second]]
    assert flaky.handled == [first, second]
    assert steady.handled == [first, second]
    assert position("test-flaky") == position("test-steady") == second

    reactions_run()  # nothing new: nobody is told anything twice
    assert flaky.seen == [[first], [first, second]]
    assert steady.handled == [first, second]


def test_a_reaction_registered_late_catches_up_from_the_first_change_on_its_own_position(
    en, reactions, django_capture_on_commit_callbacks
):
    early = reactions("early")
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            StoryFactory(locale=en.locale)
    assert early.handled == all_change_ids()

    early.forget()
    late = reactions("late")
    reactions_run()
    assert late.handled == all_change_ids()
    assert early.seen == []  # the early one is not taken back to the start

    with django_capture_on_commit_callbacks(execute=True):
        StoryFactory(locale=en.locale)
    newest = latest_change_id()
    assert early.handled == [newest]
    assert late.handled[-1] == newest
    assert late.handled == all_change_ids()


def test_a_backlog_longer_than_a_batch_is_handled_in_order_without_loss_or_repeat(en, reactions):
    story = StoryFactory(locale=en.locale)
    # A photo on many stories changed while no reaction ran: more changes than one batch.
    story_changes_record(stories=[story] * (BATCH + 7), kind=Kind.PHOTO)
    follower = reactions("follower")

    reactions_run()

    assert [len(batch) for batch in follower.seen] == [BATCH, 8]
    assert follower.handled == all_change_ids()
    assert position("test-follower") == latest_change_id()


# The live stream's reaction -------------------------------------------------------------------


def test_the_live_stream_reaction_works_without_redis(
    en, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    assert outbox._reactions["live-stream"] == broker.ring
    monkeypatch.setattr(broker, "redis_url", "")

    with django_capture_on_commit_callbacks(execute=True):
        StoryFactory(locale=en.locale)

    assert failures(caplog) == []
    assert position("live-stream") == latest_change_id() > 0


def test_an_unreachable_redis_holds_back_only_the_live_stream_ring_until_it_answers(
    en, monkeypatch, reactions, caplog, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(broker, "redis_url", "redis://127.0.0.1:1/0")  # nothing listens there
    monkeypatch.setattr(broker, "_publisher", None)
    follower = reactions("follower")

    with django_capture_on_commit_callbacks(execute=True):
        story = StoryFactory(locale=en.locale)  # the editor's publication goes through

    assert list(Story.objects.public(en)) == [story]
    assert follower.handled == all_change_ids()
    assert position("live-stream") == 0
    assert any("live-stream" in message for message in failures(caplog))

    monkeypatch.setattr(broker, "redis_url", "")  # the ring needs nothing again
    reactions_run()
    assert position("live-stream") == latest_change_id()
