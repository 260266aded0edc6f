"""Keyset pages of stories, newest first, shared by every paged list (All news, an author's
stories): a cursor names a story's place in (published time, id) order, as URL text, so a link
keeps meaning the same stories however many are published after it was made, and a deep page
costs what the first one does."""

from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.db.models import QuerySet

from dateline.core.params import BadParameter, parsed_id
from dateline.editions.clock import local_day
from dateline.editions.models import Edition

from .models import Story

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class BadCursor(BadParameter, ValueError):
    """Text that names no feed position: a malformed address, answered with a 400 page."""


@dataclass(frozen=True)
class Cursor:
    published_at: datetime
    story_id: int

    @classmethod
    def of(cls, story: Story) -> "Cursor":
        return cls(story.first_published_at, story.pk)

    @classmethod
    def parse(cls, text: str) -> "Cursor":
        """From "<microseconds since 1970>-<story id>", both in ASCII digits, the time within
        the years 1970 to 9999 and the id one a database holds; anything else is a BadCursor."""
        micros_text, _, id_text = text.partition("-")
        micros, story_id = parsed_id(micros_text), parsed_id(id_text)
        if micros is None or story_id is None:
            raise BadCursor(f"not a feed position: {text[:40]!r}")
        seconds, micro = divmod(micros, 1_000_000)
        try:
            moment = datetime.fromtimestamp(seconds, UTC).replace(microsecond=micro)
        except (OverflowError, OSError, ValueError) as error:
            raise BadCursor(f"not a feed position: {text[:40]!r}") from error
        return cls(moment, story_id)

    @classmethod
    def from_parameter(cls, text: str | None) -> "Cursor | None":
        """An optional cursor from a query parameter: None when absent, else as `parse`."""
        return None if text is None else cls.parse(text)

    def __str__(self) -> str:
        delta = self.published_at - _EPOCH
        micros = (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
        return f"{micros}-{self.story_id}"


@dataclass
class StoryPage:
    stories: list[Story]
    older: Cursor | None  # where the next older page starts, if there is one
    newer: Cursor | None  # where the next newer page starts, if there is one


def _older_than(stories: QuerySet[Story], cursor: Cursor) -> QuerySet[Story]:
    # The range bound (the gate's published_by, see keyset_page) lets the index start at the
    # cursor however deep it is; this breaks ties between stories of the same microsecond.
    return stories.exclude(first_published_at=cursor.published_at, id__gte=cursor.story_id)


def _newer_than(stories: QuerySet[Story], cursor: Cursor) -> QuerySet[Story]:
    return stories.filter(first_published_at__gte=cursor.published_at).exclude(
        first_published_at=cursor.published_at, id__lte=cursor.story_id
    )


def keyset_page(
    stories: QuerySet[Story], *, before: Cursor | None, after: Cursor | None, size: int
) -> StoryPage:
    """A page of `stories` (newest first, through the gate, with `published_by` set to
    `before`'s time when there is one): the newest, the ones just older than `before`, or the
    ones just newer than `after`."""
    if after is not None:
        rows = list(_newer_than(stories, after).order_by("first_published_at", "id")[: size + 1])
        has_more_newer = len(rows) > size
        page = rows[:size][::-1]
        return StoryPage(
            stories=page,
            older=Cursor.of(page[-1]) if page else None,
            newer=Cursor.of(page[0]) if page and has_more_newer else None,
        )

    if before is not None:
        stories = _older_than(stories, before)
    rows = list(stories[: size + 1])
    page = rows[:size]
    return StoryPage(
        stories=page,
        older=Cursor.of(page[-1]) if len(rows) > size else None,
        newer=Cursor.of(page[0]) if before is not None and page else None,
    )


@dataclass
class Day:
    day: date
    stories: list  # stories or their documents: anything with a first_published_at


def stories_by_day(stories: list[Story], edition: Edition) -> list[Day]:
    """Consecutive stories grouped under the day they were published in the edition's zone."""
    days: list[Day] = []
    for story in stories:
        day = local_day(story.first_published_at, edition)
        if not days or days[-1].day != day:
            days.append(Day(day, []))
        days[-1].stories.append(story)
    return days
