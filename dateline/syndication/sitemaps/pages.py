"""An edition's stories in sitemap pages of at most SITEMAP_PAGE_SIZE, whose bounds stay put.

A page is named by the story it starts at, its place in the edition's (published time, id)
order; SitemapPage rows keep the starts, and the lowest page also takes every story dated before
its start. New stories join the last page; stories dated into an old page (back issues
imported) join that one. A page that has grown past the size is cut into pages of the size
where it is read: the last page by the index, any page by its own request. Starts are only
added (or dropped with the last story of their page), so a page's address keeps naming the
same stretch of the archive, and no request counts the archive: the index reads the starts and
at most one page's worth of stories. The first read of an edition walks its stories once."""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import Count, Max, OuterRef, QuerySet, Subquery

from dateline.editions.models import Edition
from dateline.editions.registry import all_editions
from dateline.stories.models import Story
from dateline.stories.paging import Cursor

from ..models import SitemapPage

# Stories read per round trip while an edition's pages are first cut.
WALK_CHUNK = 10_000


@dataclass(frozen=True)
class _Window:
    start: Cursor  # the page's name
    lower: Cursor | None  # its first place; None for the lowest page: from the beginning
    upper: Cursor | None  # the next page's start; None for the last page


@dataclass(frozen=True)
class Version:
    """A story's version in another edition, as its address needs it."""

    locale_id: int
    story_id: int
    slug: str


@dataclass(frozen=True)
class PageStory:
    """What a sitemap says of a story: its address, when it last changed, its versions."""

    story_id: int
    slug: str
    published_at: datetime
    last_published_at: datetime
    versions: tuple[Version, ...]

    @property
    def lastmod(self) -> datetime:
        # A story under embargo was published before readers saw it: they see it from then.
        return max(self.published_at, self.last_published_at)


def page_size() -> int:
    return settings.SITEMAP_PAGE_SIZE


def _stored_starts(edition: Edition) -> list[Cursor]:
    rows = (
        SitemapPage.objects.filter(locale_id=edition.locale_id)
        .order_by("starts_at", "story_id")
        .values_list("starts_at", "story_id")
    )
    return [Cursor(starts_at, story_id) for starts_at, story_id in rows]


def starts_version(edition: Edition) -> tuple[int, int]:
    """What changes whenever a start of the edition's pages is added or dropped."""
    found = SitemapPage.objects.filter(locale_id=edition.locale_id).aggregate(
        count=Count("id"), latest=Max("id")
    )
    return found["count"], found["latest"] or 0


def _window(starts: list[Cursor], index: int) -> _Window:
    return _Window(
        start=starts[index],
        lower=starts[index] if index > 0 else None,
        upper=starts[index + 1] if index + 1 < len(starts) else None,
    )


def _stories_in(edition: Edition, lower: Cursor | None, upper: Cursor | None) -> QuerySet[Story]:
    """The edition's public stories from `lower` (inclusive) to `upper` (exclusive), oldest
    first: a range of the (locale, time) index, bounded on both sides by the gate's own bound."""
    stories = Story.objects.public(
        edition, published_by=upper.published_at if upper is not None else None
    )
    if lower is not None:
        stories = stories.filter(first_published_at__gte=lower.published_at).exclude(
            first_published_at=lower.published_at, id__lt=lower.story_id
        )
    if upper is not None:
        stories = stories.exclude(first_published_at=upper.published_at, id__gte=upper.story_id)
    return stories.order_by("first_published_at", "id")


def _is_over_size(edition: Edition, window: _Window) -> bool:
    beyond = _stories_in(edition, window.lower, window.upper).values_list("id", flat=True)
    return beyond[page_size() : page_size() + 1].exists()


def _cut(edition: Edition, lower: Cursor | None, upper: Cursor | None) -> None:
    """Starts a page at every page-size-th story from `lower` to `upper`. From the beginning
    (`lower` None) the first story starts one too: the lowest start takes every story before
    the next, so it must lie at or below the first cut. Concurrent cuts of the same stories add
    the same starts, which the unique constraint lets through once."""
    size = page_size()
    places = _stories_in(edition, lower, upper).values_list("first_published_at", "id")
    starts = [
        SitemapPage(locale_id=edition.locale_id, starts_at=published_at, story_id=story_id)
        for position, (published_at, story_id) in enumerate(places.iterator(WALK_CHUNK))
        if position % size == 0 and (position > 0 or lower is None)
    ]
    SitemapPage.objects.bulk_create(starts, ignore_conflicts=True)


def page_starts(edition: Edition) -> list[Cursor]:
    """Where each page of the edition's story sitemap starts, oldest first; the last page cut
    if it has grown past the size, the pages first cut if the edition has none yet."""
    starts = _stored_starts(edition)
    if not starts:
        if not _stories_in(edition, None, None).exists():
            return []
        _cut(edition, None, None)
        return _stored_starts(edition)
    last = _window(starts, len(starts) - 1)
    if _is_over_size(edition, last):
        _cut(edition, last.lower, None)
        return _stored_starts(edition)
    return starts


def _window_of(starts: list[Cursor], start: Cursor) -> _Window | None:
    return _window(starts, starts.index(start)) if start in starts else None


def _page_stories(edition: Edition, window: _Window) -> list[PageStory]:
    """The window's stories with their public versions in every other edition, in one query:
    per story and edition, one seek on the unique (translation key, language) index. An IN list
    of the page's keys would be shorter to write, but SQLite, which keeps no statistics here,
    then walks the other edition's whole time index for it."""
    others = [e for e in all_editions() if e.locale_id != edition.locale_id]
    versions = {}
    for other in others:
        version = Story.objects.public(other).filter(translation_key=OuterRef("translation_key"))
        versions[f"v{other.locale_id}_id"] = Subquery(version.values("id")[:1])
        versions[f"v{other.locale_id}_slug"] = Subquery(version.values("slug")[:1])
    rows = (
        _stories_in(edition, window.lower, window.upper)
        .annotate(**versions)
        .values_list("id", "slug", "first_published_at", "last_published_at", *versions)
    )
    stories = []
    for story_id, slug, published_at, last_published_at, *found in rows[: page_size() + 1]:
        in_others = zip(others, found[0::2], found[1::2], strict=True)
        stories.append(
            PageStory(
                story_id,
                slug,
                published_at,
                last_published_at,
                tuple(Version(o.locale_id, i, s) for o, i, s in in_others if i is not None),
            )
        )
    return stories


def page_stories(edition: Edition, start: Cursor) -> list[PageStory] | None:
    """The stories of the page that starts at `start`, oldest first, at most the page size;
    None if no page starts there. A page grown past the size is cut first; a page whose stories
    have all gone is dropped (its stretch joins the page before)."""
    window = _window_of(_stored_starts(edition) or page_starts(edition), start)
    if window is None:
        return None
    stories = _page_stories(edition, window)
    if len(stories) > page_size():
        _cut(edition, window.lower, window.upper)
        # A cut only adds starts: this one still names a page, now of at most the size.
        window = _window_of(_stored_starts(edition), start) or window
        stories = _page_stories(edition, window)
    if not stories:
        SitemapPage.objects.filter(
            locale_id=edition.locale_id, starts_at=start.published_at, story_id=start.story_id
        ).delete()
        return None
    return stories
