"""What each sitemap lists: addresses from the address book, stories through the public gate."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import QuerySet
from wagtail.models import Page

from dateline.editions import links
from dateline.editions.models import Edition
from dateline.editions.registry import all_editions, front_page_path
from dateline.stories.models import Story
from dateline.stories.paging import Cursor
from dateline.taxonomy.models import RegionPage, TopicPage

from .pages import PageStory

# Google News takes articles of the last two days.
NEWS_WINDOW = timedelta(hours=48)


@dataclass(frozen=True)
class Alternate:
    """A version of a page in an edition: its language (hreflang) and address."""

    language: str
    url: str


@dataclass(frozen=True)
class SitemapEntry:
    url: str
    lastmod: datetime | None = None
    alternates: tuple[Alternate, ...] = ()


@dataclass(frozen=True)
class NewsEntry:
    url: str
    headline: str
    published_at: datetime


def _alternates(
    editions: tuple[Edition, ...], edition: Edition, story: PageStory, url: str
) -> tuple[Alternate, ...]:
    """The story in each edition that has it, itself among them as the hreflang rules ask, in
    the editions' order; none for a story with no versions elsewhere."""
    versions = {version.locale_id: version for version in story.versions}
    if not versions:
        return ()
    found = []
    for other in editions:
        if other.locale_id == edition.locale_id:
            found.append(Alternate(other.language, url))
        elif (version := versions.get(other.locale_id)) is not None:
            address = links.story_url(other, version.story_id, version.slug)
            found.append(Alternate(other.language, address))
    return tuple(found)


def story_entries(edition: Edition, stories: list[PageStory]) -> list[SitemapEntry]:
    """Each story's address, last publication and versions in the other editions."""
    editions, entries = all_editions(), []
    for story in stories:
        url = links.story_url(edition, story.story_id, story.slug)
        alternates = _alternates(editions, edition, story, url)
        entries.append(SitemapEntry(url, story.lastmod, alternates))
    return entries


def newest_publication(edition: Edition) -> datetime | None:
    """When the edition's newest public story came out: the last change of its front page."""
    return (
        Story.objects.public(edition)
        .order_by("-first_published_at", "-id")
        .values_list("first_published_at", flat=True)
        .first()
    )


def section_entries(edition: Edition, newest: datetime | None) -> list[SitemapEntry]:
    """The front page and All news (changed with the newest story), the live sections open to
    every reader (regions, their subregions and topics), and the archive's index, from which
    its years, months and days are linked."""
    entries = [
        SitemapEntry(links.edition_root(edition), newest),
        SitemapEntry(links.all_news_url(edition), newest),
    ]
    if (front_path := front_page_path(edition)) is not None:
        sections = (
            Page.objects.live()
            .public()
            .type(RegionPage, TopicPage)
            .filter(url_path__startswith=front_path)
            .order_by("path")
            .only("url_path")
        )
        entries += [SitemapEntry(links.page_url(edition, page)) for page in sections]
    if newest is not None:  # an empty archive has no page
        entries.append(SitemapEntry(links.archive_url(edition)))
    return entries


def news_size() -> int:
    return settings.SITEMAP_NEWS_SIZE


def _news(edition: Edition, now: datetime, before: Cursor | None = None) -> QuerySet[Story]:
    """The edition's public stories of the two days before `now`, newest first, older than
    `before` if given."""
    stories = (
        Story.objects.public(
            edition, at=now, published_by=before.published_at if before is not None else None
        )
        .filter(first_published_at__gt=now - NEWS_WINDOW)
        .order_by("-first_published_at", "-id")
    )
    if before is not None:
        stories = stories.exclude(first_published_at=before.published_at, id__gte=before.story_id)
    return stories


def news_entries(edition: Edition, now: datetime, before: Cursor | None) -> list[NewsEntry]:
    """A news sitemap's stories: the newest of the last two days, or the ones after `before`."""
    rows = _news(edition, now, before).values_list("id", "slug", "headline", "first_published_at")
    return [
        NewsEntry(links.story_url(edition, story_id, slug), headline, published_at)
        for story_id, slug, headline, published_at in rows[: news_size()]
    ]


def news_part_starts(edition: Edition, now: datetime) -> list[Cursor]:
    """Where the news sitemaps after the first begin (each after the last story of the one
    before), when the last two days hold more stories than one may list."""
    size = news_size()
    places = list(_news(edition, now).values_list("first_published_at", "id"))
    return [Cursor(*places[position]) for position in range(size - 1, len(places) - 1, size)]
