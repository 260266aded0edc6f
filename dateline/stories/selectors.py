"""Reads that reader pages share, all through the public gate, with their joins and prefetches
already right so that a page costs a fixed number of queries."""

from collections.abc import Iterable
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import BigIntegerField, Exists, OuterRef, Prefetch, QuerySet
from django.db.models.functions import Cast
from wagtail.models import Page, ReferenceIndex

from dateline.editions.models import Edition, EditionFrontPage
from dateline.photos.models import LEAD_FILTER, THUMB_FILTER, PhotoRendition
from dateline.taxonomy.models import RegionPage, TopicPage

from .models import Author, Story, StoryAuthor
from .paging import Cursor, StoryPage, keyset_page

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
    *,
    edition: Edition,
    with_photos: bool = False,
    photo_sizes: tuple[str, ...] = (THUMB_FILTER,),
    published_by: datetime | None = None,
) -> QuerySet[Story]:
    """The edition's public stories (published by `published_by`), newest first, with what a
    list item shows: with photos, their renditions in `photo_sizes`."""
    stories = (
        Story.objects.public(edition, published_by=published_by)
        .order_by("-first_published_at", "-id")
        .only(*LISTING_FIELDS)
    )
    if with_photos:
        # The photo joined, its renditions in one more query for the whole list.
        stories = stories.select_related("lead_photo").prefetch_related(
            Prefetch(
                "lead_photo__renditions",
                queryset=PhotoRendition.objects.filter(filter_spec__in=photo_sizes),
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
        # The first is the front's lead story, shown large.
        stories_listing(edition=edition, with_photos=True, photo_sizes=(THUMB_FILTER, LEAD_FILTER))
        .filter(front_placements__page=front_page)
        .order_by("front_placements__sort_order")
    )


def stories_for_documents(*editions: Edition, embargoed: bool = False) -> QuerySet[Story]:
    """Public stories with everything their documents need (stories.document), of their
    originals only what a translation note needs. `embargoed`: instead the stories under an
    embargo that has not ended, for subscribers allowed them early."""
    stories = Story.objects.embargoed(*editions) if embargoed else Story.objects.public(*editions)
    return (
        stories.select_related("lead_photo", "translation_of")
        .defer(*(f"translation_of__{name}" for name in ORIGINAL_DEFERRED))
        .prefetch_related(
            # The authors joined to their places in the byline: one query, not two.
            Prefetch("byline", queryset=StoryAuthor.objects.select_related("author")),
            Prefetch("regions", queryset=RegionPage.objects.only(*TAG_FIELDS)),
            Prefetch("topics", queryset=TopicPage.objects.only(*TAG_FIELDS)),
        )
    )


def story_for_page(*, story_id: int, edition: Edition) -> Story | None:
    return stories_for_documents(edition).filter(pk=story_id).first()


def stories_linking_to(*, edition: Edition, story_id: int, limit: int) -> list[Story]:
    """The edition's public stories that link to this one (see-also blocks, and any link that
    Wagtail's reference index records), newest first."""
    referring = ReferenceIndex.objects.filter(
        to_content_type=ContentType.objects.get_for_model(Story),
        to_object_id=str(story_id),
        base_content_type=ContentType.objects.get_for_model(Story),
    ).annotate(story_pk=Cast("object_id", output_field=BigIntegerField()))
    return list(
        stories_listing(edition=edition)
        .filter(pk__in=referring.values("story_pk"))
        .exclude(pk=story_id)[:limit]
    )


def story_withdrawn(*, story_id: int, edition: Edition) -> Story | None:
    """The edition's story at `story_id` if a withdrawal took it down (its id and time only)."""
    return Story.objects.withdrawn(edition).filter(pk=story_id).first()


def stories_read_also(
    *,
    edition: Edition,
    story_id: int,
    linked_ids: Iterable[int],
    region_ids: Iterable[int],
    topic_ids: Iterable[int],
    limit: int,
) -> list[Story]:
    """What a story page offers next: the public stories it links to in its text first, then
    the latest of its regions and topics; never the story itself. Two queries, each a walk down
    the time index that stops at `limit`: one query ordering the linked stories first would
    sort every story of the regions and topics, tens of thousands in a deep archive."""
    linked, regions, topics = list(linked_ids), list(region_ids), list(topic_ids)
    stories = stories_listing(edition=edition, with_photos=False).exclude(pk=story_id)
    found = list(stories.filter(pk__in=linked)[:limit]) if linked else []
    if not (regions or topics) or len(found) >= limit:
        return found
    # Tested per story as the walk goes (EXISTS on the tag tables' story index): an IN list
    # would first collect every story of the sections, and no join duplicates a row.
    in_sections = Exists(
        Story.regions.through.objects.filter(story_id=OuterRef("pk"), regionpage_id__in=regions)
    ) | Exists(
        Story.topics.through.objects.filter(story_id=OuterRef("pk"), topicpage_id__in=topics)
    )
    more = stories.filter(in_sections).exclude(pk__in=[story.pk for story in found])
    return found + list(more[: limit - len(found)])


def author_for_page(*, edition: Edition, slug: str) -> Author | None:
    """The edition's author at `slug`, with their photo."""
    return (
        Author.objects.filter(locale_id=edition.locale_id, slug=slug)
        .select_related("photo")
        .first()
    )


def stories_by_author(
    *,
    edition: Edition,
    author: Author,
    before: Cursor | None = None,
    after: Cursor | None = None,
    size: int,
) -> StoryPage:
    """A page of the author's public stories in the edition, newest first, by keyset cursor."""
    stories = stories_listing(
        edition=edition,
        with_photos=True,
        published_by=before.published_at if before is not None else None,
    ).filter(byline__author=author)
    return keyset_page(stories, before=before, after=after, size=size)


# Stands for the region in the compiled query of stories_of_regions; no page has this id.
_ANY_REGION = -7_000_001


def stories_of_regions(
    *, edition: Edition, region_ids: Iterable[int], per_region: int
) -> dict[int, list[Story]]:
    """The latest public stories of each region, in two queries however many regions there
    are: region id → its stories, newest first."""
    regions = list(region_ids)
    if not regions:
        return {}
    # Per region, its latest stories as the region page finds them: a seek on the time index
    # that stops after `per_region` (a window over all of a region's stories would read the
    # whole archive). The gate's query is compiled once and run for every region in one
    # UNION: compiled per region, as subqueries, it cost ten times the database's work.
    latest = stories_listing(edition=edition).filter(regions=_ANY_REGION).values("pk")
    sql, params = latest[:per_region].query.sql_with_params()
    # Only Django's compiled SQL goes into the text; every value is a parameter.
    one_region = f"SELECT %s, latest.* FROM ({sql}) latest"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(
            " UNION ALL ".join([one_region] * len(regions)),
            [
                value
                for region in regions
                for value in (region, *(region if p == _ANY_REGION else p for p in params))
            ],
        )
        pairs = cursor.fetchall()
    stories = stories_listing(edition=edition).in_bulk([story_id for _region, story_id in pairs])
    by_region: dict[int, list[Story]] = {region: [] for region in regions}
    for region, story_id in pairs:
        by_region[region].append(stories[story_id])
    for found in by_region.values():
        found.sort(key=lambda story: (story.first_published_at, story.pk), reverse=True)
    return by_region
