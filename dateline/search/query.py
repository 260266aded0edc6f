"""Searching the index as a reader does: the query's words reduced to terms the way the index
was (dateline.language.search_terms, in the edition's language), every word required in one of
its forms, ranked by the database's relevance (a headline counts more than the text) weighed by
recency, and only stories the public gate lets the edition's readers see, narrowed by the
reader's filters. The reader's page and `dateline search` rank with the same function,
`ranked_stories`."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone

from dateline.editions.models import Edition
from dateline.stories.models import Story
from dateline.stories.selectors import LISTING_FIELDS, stories_listing

from .cursor import SearchCursor
from .matching import Position, query_groups, ranked_matches, story_score

LIMIT = 20


@dataclass(frozen=True)
class Hit:
    story_id: int
    headline: str
    score: float  # higher is more relevant


@dataclass(frozen=True)
class SearchFilters:
    """What a reader narrows a search to: stories first published in [start, end), tagged with
    a region, a topic (their ids)."""

    start: datetime | None = None
    end: datetime | None = None
    region_id: int | None = None
    topic_id: int | None = None


NO_FILTERS = SearchFilters()


def _within(edition: Edition, anchor: datetime, filters: SearchFilters) -> QuerySet[Story]:
    """The gate, narrowed: published by the anchor (a later story waits for a new search, so
    the pages of one never shift), and by the filters."""
    stories = Story.objects.public(edition, published_by=anchor)
    if filters.start is not None:
        stories = stories.filter(first_published_at__gte=filters.start)
    if filters.end is not None:
        stories = stories.filter(first_published_at__lt=filters.end)
    if filters.region_id is not None:
        stories = stories.filter(regions=filters.region_id)
    if filters.topic_id is not None:
        stories = stories.filter(topics=filters.topic_id)
    return stories


def ranked_stories(
    text: str,
    edition: Edition,
    *,
    anchor: datetime,
    limit: int,
    filters: SearchFilters = NO_FILTERS,
    after: Position | None = None,
    before: Position | None = None,
) -> list[tuple[int, float]]:
    """The ranking readers get: the ids and scores of the edition's stories a reader may see
    that hold every word of `text`, best first, weighed by their age at `anchor`; after or
    before a position."""
    return ranked_matches(
        query_groups(text, edition.language),
        edition.language,
        _within(edition, anchor, filters),
        limit=limit,
        anchor=anchor,
        after=after,
        before=before,
    )


def story_search(text: str, edition: Edition, *, limit: int = LIMIT) -> list[Hit]:
    """The stories of `edition` a reader may see that hold every word of `text`, best first,
    as the first page of the readers' search ranks them now. Any text is a query: what is not a
    word is left out."""
    now = timezone.now()
    ranked = ranked_stories(text, edition, anchor=now, limit=limit)
    public = Story.objects.public(edition, published_by=now)
    headlines = dict(public.filter(pk__in=[pk for pk, _ in ranked]).values_list("pk", "headline"))
    return [Hit(pk, headlines[pk], score) for pk, score in ranked if pk in headlines]


@dataclass(frozen=True)
class ResultsPage:
    """A page of a search: the stories, best first, and where the pages next to it start."""

    stories: list[Story]
    next: SearchCursor | None
    previous: SearchCursor | None


def results_page(
    text: str,
    edition: Edition,
    *,
    size: int,
    filters: SearchFilters = NO_FILTERS,
    cursor: SearchCursor | None = None,
) -> ResultsPage:
    """One page of a reader's search: the first (ages measured from now), or the one after or
    before the cursor's position, on its anchor. Its stories come with what a result shows:
    the text for the snippet and the lead photo's thumbnail."""
    anchor = cursor.anchor if cursor is not None else timezone.now()
    backwards = cursor is not None and cursor.backwards
    position = None
    if cursor is not None:
        within = _within(edition, anchor, filters)
        score = story_score(text, edition.language, within, cursor.story_id, anchor=anchor)
        if score is None:  # the story the page followed is no longer found
            return ResultsPage([], None, None)
        position = Position(score, cursor.story_id)
    ranked = ranked_stories(
        text,
        edition,
        anchor=anchor,
        limit=size + 1,
        filters=filters,
        after=None if backwards else position,
        before=position if backwards else None,
    )
    if backwards:  # the nearest rows are the last ones; one more means a page before them
        more, ranked = len(ranked) > size, ranked[-size:]
    else:
        more, ranked = len(ranked) > size, ranked[:size]
    stories = _stories(edition, anchor, [pk for pk, _ in ranked])
    shown = [(stories[pk], score) for pk, score in ranked if pk in stories]
    if not shown:
        return ResultsPage([], None, None)
    first, last = shown[0][0], shown[-1][0]
    after_last = SearchCursor(anchor, last.pk, backwards=False)
    before_first = SearchCursor(anchor, first.pk, backwards=True)
    has_next = more if not backwards else True
    has_previous = (more if backwards else False) or (cursor is not None and not backwards)
    return ResultsPage(
        stories=[story for story, _score in shown],
        next=after_last if has_next else None,
        previous=before_first if has_previous else None,
    )


# What a result shows: a list item's fields (its photo's thumbnail too) and the text its snippet
# is chosen from.
RESULT_FIELDS = (*LISTING_FIELDS, "lead_photo_caption", "body")


def _stories(edition: Edition, anchor: datetime, ids: list[int]) -> dict[int, Story]:
    if not ids:
        return {}
    stories = (
        stories_listing(edition=edition, with_photos=True, published_by=anchor)
        .filter(pk__in=ids)
        .only(*RESULT_FIELDS)
    )
    return {story.pk: story for story in stories}
