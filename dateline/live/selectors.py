from dataclasses import dataclass

from django.db.models import QuerySet

from dateline.editions.models import Edition
from dateline.stories.models import Story
from dateline.stories.selectors import stories_listing

from .cursor import Cursor

PAGE_SIZE = 30


@dataclass
class FeedPage:
    stories: list[Story]
    older: Cursor | None  # where the next older page starts, if there is one
    newer: Cursor | None  # where the next newer page starts, if there is one


def _older_than(stories: QuerySet[Story], cursor: Cursor) -> QuerySet[Story]:
    # The range bound (the gate's published_by, see feed_page) lets the index start at the
    # cursor however deep it is; this breaks ties between stories of the same microsecond.
    return stories.exclude(first_published_at=cursor.published_at, id__gte=cursor.story_id)


def _newer_than(stories: QuerySet[Story], cursor: Cursor) -> QuerySet[Story]:
    return stories.filter(first_published_at__gte=cursor.published_at).exclude(
        first_published_at=cursor.published_at, id__lte=cursor.story_id
    )


def feed_page(
    *,
    edition: Edition,
    region_id: int | None = None,
    topic_id: int | None = None,
    before: Cursor | None = None,
    after: Cursor | None = None,
    size: int = PAGE_SIZE,
) -> FeedPage:
    """A page of the edition's live stories, newest first: the newest, the ones just older than
    `before`, or the ones just newer than `after`."""
    stories = stories_listing(
        edition=edition, published_by=before.published_at if before is not None else None
    )
    if region_id is not None:
        stories = stories.filter(regions=region_id)
    if topic_id is not None:
        stories = stories.filter(topics=topic_id)

    if after is not None:
        rows = list(_newer_than(stories, after).order_by("first_published_at", "id")[: size + 1])
        has_more_newer = len(rows) > size
        page = rows[:size][::-1]
        return FeedPage(
            stories=page,
            older=Cursor.of(page[-1]) if page else None,
            newer=Cursor.of(page[0]) if page and has_more_newer else None,
        )

    if before is not None:
        stories = _older_than(stories, before)
    rows = list(stories[: size + 1])
    page = rows[:size]
    return FeedPage(
        stories=page,
        older=Cursor.of(page[-1]) if len(rows) > size else None,
        newer=Cursor.of(page[0]) if before is not None and page else None,
    )
