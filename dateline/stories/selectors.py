"""Reads that reader pages share, all through the public gate, with their joins and prefetches
already right so that a page costs a fixed number of queries."""

from collections.abc import Iterable
from datetime import datetime

from django.db.models import Prefetch, QuerySet
from wagtail.models import Page

from dateline.editions.models import Edition, EditionFrontPage
from dateline.photos.models import THUMB_FILTER, PhotoRendition
from dateline.taxonomy.models import RegionPage, TopicPage

from .models import Story, StoryAuthor

# What a list item needs: no body, no revisions.
LISTING_FIELDS = (
    "id",
    "headline",
    "slug",
    "lead",
    "locale_id",
    "first_published_at",
    "last_published_at",
    "lead_photo",
    "translation_kind",
)
ORIGINAL_DEFERRED = ("body", "lead", "sources", "notes", "lead_photo_caption")
TAG_FIELDS = ("id", "title", "slug", "url_path", "live", "locale_id")


def stories_listing(
    *, edition: Edition, with_photos: bool = False, published_by: datetime | None = None
) -> QuerySet[Story]:
    """The edition's public stories (published by `published_by`), newest first, with what a
    list item shows."""
    stories = (
        Story.objects.public(edition, published_by=published_by)
        .order_by("-first_published_at", "-id")
        .only(*LISTING_FIELDS)
    )
    if with_photos:
        # The photo joined, its thumbnail in one more query for the whole list.
        stories = stories.select_related("lead_photo").prefetch_related(
            Prefetch(
                "lead_photo__renditions",
                queryset=PhotoRendition.objects.filter(filter_spec=THUMB_FILTER),
            )
        )
    return stories


def stories_latest(
    *,
    edition: Edition,
    limit: int,
    region: Page | None = None,
    topic: Page | None = None,
    exclude_ids: Iterable[int] = (),
    with_photos: bool = True,
) -> list[Story]:
    stories = stories_listing(edition=edition, with_photos=with_photos)
    if region is not None:
        stories = stories.filter(regions=region)
    if topic is not None:
        stories = stories.filter(topics=topic)
    if exclude_ids:
        stories = stories.exclude(pk__in=list(exclude_ids))
    return list(stories[:limit])


def stories_top(*, front_page: EditionFrontPage, edition: Edition) -> list[Story]:
    """The editors' choice for a front page, in their order, public stories only."""
    return list(
        stories_listing(edition=edition, with_photos=True)
        .filter(front_placements__page=front_page)
        .order_by("front_placements__sort_order")
    )


def stories_for_documents(*editions: Edition) -> QuerySet[Story]:
    """Public stories with everything their documents need (stories.document), of their
    originals only what a translation note needs."""
    return (
        Story.objects.public(*editions)
        .select_related("lead_photo", "translation_of")
        .defer(*(f"translation_of__{name}" for name in ORIGINAL_DEFERRED))
        .prefetch_related(
            Prefetch("byline", queryset=StoryAuthor.objects.select_related("author")),
            Prefetch("regions", queryset=RegionPage.objects.only(*TAG_FIELDS)),
            Prefetch("topics", queryset=TopicPage.objects.only(*TAG_FIELDS)),
        )
    )


def story_for_page(*, story_id: int, edition: Edition) -> Story | None:
    return stories_for_documents(edition).filter(pk=story_id).first()
