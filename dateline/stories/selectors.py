"""Reads that reader pages share, with their joins and prefetches already right."""

from collections.abc import Iterable, Sequence

from django.db.models import Prefetch, QuerySet

from dateline.photos.models import THUMB_FILTER, PhotoRendition

from .models import Story

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


def stories_published() -> QuerySet[Story]:
    """Every story a reader may see. Drafts, embargoed and unpublished stories are not live."""
    return Story.objects.filter(live=True)


def stories_listing(*, locale_id: int, with_photos: bool = False) -> QuerySet[Story]:
    stories = (
        stories_published()
        .filter(locale_id=locale_id)
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
    locale_id: int,
    limit: int,
    region=None,
    topic=None,
    exclude_ids: Iterable[int] = (),
    with_photos: bool = True,
) -> list[Story]:
    stories = stories_listing(locale_id=locale_id, with_photos=with_photos)
    if region is not None:
        stories = stories.filter(regions=region)
    if topic is not None:
        stories = stories.filter(topics=topic)
    if exclude_ids:
        stories = stories.exclude(pk__in=list(exclude_ids))
    return list(stories[:limit])


def stories_top(*, front_page) -> list[Story]:
    """The editors' choice for a front page, in their order, live stories of its edition only."""
    return list(
        stories_listing(locale_id=front_page.locale_id, with_photos=True)
        .filter(front_placements__page=front_page)
        .order_by("front_placements__sort_order")
    )


def story_for_page(*, story_id: int, locale_id: int) -> Story | None:
    """The live story with its lead photo, and of its original only what a note needs."""
    try:
        return (
            stories_published()
            .select_related("lead_photo", "translation_of")
            .defer(*(f"translation_of__{name}" for name in ORIGINAL_DEFERRED))
            .get(pk=story_id, locale_id=locale_id)
        )
    except Story.DoesNotExist:
        return None


def story_versions(story: Story) -> Sequence[Story]:
    """The live versions of a story in the other editions."""
    return list(
        stories_published()
        .filter(translation_key=story.translation_key)
        .exclude(pk=story.pk)
        .only("id", "slug", "headline", "locale_id", "first_published_at")
    )
