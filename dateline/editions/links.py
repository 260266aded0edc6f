"""The address book: every URL a reader or a machine sees, absolute, on the edition's own host.

An edition with a host name of its own lives at that host's root; the others live under their
prefix on the main site (BASE_URL). Templates and views ask here and never glue URLs together."""

from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Protocol
from urllib.parse import urlsplit

from django.conf import settings
from django.templatetags.static import static
from django.utils.http import urlencode

if TYPE_CHECKING:
    from wagtail.models import Page

    from .models import Edition


class _Section(Protocol):
    slug: str


@lru_cache(maxsize=8)
def _origin(base_url: str) -> tuple[str, str, str]:
    """(scheme, host, ":port" or "") of the main site."""
    parts = urlsplit(base_url)
    return (
        parts.scheme or "http",
        parts.hostname or "127.0.0.1",
        f":{parts.port}" if parts.port else "",
    )


def site_root() -> str:
    """The main site's root, where editions without a host of their own and media live."""
    return _root(settings.BASE_URL)


@lru_cache(maxsize=8)
def _root(base_url: str) -> str:
    scheme, host, port = _origin(base_url)
    return f"{scheme}://{host}{port}/"


def edition_root(edition: "Edition") -> str:
    """The edition's front page."""
    if edition.hostname:
        scheme, _host, port = _origin(settings.BASE_URL)
        return f"{scheme}://{edition.hostname}{port}/"
    return f"{site_root()}{edition.slug}/"


def _with_query(url: str, query: dict[str, object]) -> str:
    present = {name: str(value) for name, value in query.items() if value not in (None, "")}
    return f"{url}?{urlencode(present)}" if present else url


def story_url(edition: "Edition", story_id: int, slug: str) -> str:
    return f"{edition_root(edition)}news/{story_id}/{slug}/"


def page_url(edition: "Edition", page: "Page") -> str:
    """A page of the edition's tree (a region, a topic), by its path below the front page."""
    rest = page.url_path.strip("/").split("/")[2:]
    return edition_root(edition) + "".join(f"{part}/" for part in rest)


def all_news_url(
    edition: "Edition",
    *,
    region: _Section | None = None,
    topic: _Section | None = None,
    before: object | None = None,
    after: object | None = None,
) -> str:
    """All news, filtered by a region's and a topic's slug, from a cursor on."""
    return _with_query(
        f"{edition_root(edition)}news/",
        {
            "region": region.slug if region else None,
            "topic": topic.slug if topic else None,
            "before": before,
            "after": after,
        },
    )


def search_url(
    edition: "Edition",
    *,
    query: str | None = None,
    start: date | str | None = None,
    end: date | str | None = None,
    region: str | None = None,
    topic: str | None = None,
    cursor: str | None = None,
) -> str:
    """The edition's search page: results for `query` first published from `start` to `end`
    (days in the edition's zone), in a region and a topic (their slugs), from a cursor on."""
    return _with_query(
        f"{edition_root(edition)}search/",
        {
            "q": query,
            "from": start,
            "to": end,
            "region": region,
            "topic": topic,
            "cursor": cursor,
        },
    )


def live_events_url(
    edition: "Edition", *, since: int, region_id: int | None = None, topic_id: int | None = None
) -> str:
    """The live stream of the edition's stories from change `since` on."""
    return _with_query(
        f"{edition_root(edition)}news/events/",
        {"region": region_id, "topic": topic_id, "since": since},
    )


def archive_url(
    edition: "Edition",
    year: int | None = None,
    month: int | None = None,
    day: int | None = None,
    *,
    order: str | None = None,
) -> str:
    """The News archive, a year, a month or a day of it."""
    url = f"{edition_root(edition)}archive/"
    for part, width in ((year, 4), (month, 2), (day, 2)):
        if part is None:
            break
        url += f"{part:0{width}d}/"
    return _with_query(url, {"order": order})


def archive_day_url(edition: "Edition", day: date, *, order: str | None = None) -> str:
    return archive_url(edition, day.year, day.month, day.day, order=order)


def media_url(relative: str) -> str:
    """A stored file (a photo rendition) by its storage URL, made absolute on the main site."""
    if "://" in relative:
        return relative
    return site_root().rstrip("/") + relative


def static_file_url(path: str) -> str:
    """A file the site ships (an icon, the stylesheet), absolute on the main site."""
    return media_url(static(path))


def web_manifest_url(edition: "Edition") -> str:
    """The edition's web app manifest (its name, language and icons for a home screen)."""
    return f"{edition_root(edition)}manifest.webmanifest"


def author_url(
    edition: "Edition", slug: str, *, before: object | None = None, after: object | None = None
) -> str:
    """An author's page in the edition: who they are and their stories, from a cursor on."""
    return _with_query(
        f"{edition_root(edition)}authors/{slug}/", {"before": before, "after": after}
    )


# The feeds' files, by format; the aggregators' variant exists for whole editions only.
FEED_FILES = {"rss": "rss.xml", "atom": "atom.xml", "json": "feed.json"}
AGGREGATOR_FEED_FILE = "yandex.xml"
FEED_MEDIA_TYPES = {
    "rss": "application/rss+xml",
    "atom": "application/atom+xml",
    "json": "application/feed+json",
}


def feed_url(edition: "Edition", feed_format: str, section: "Page | None" = None) -> str:
    """The edition's feed in `feed_format` ("rss", "atom", "json"), or a region's or topic's,
    under the section's own path: /feeds/azerbaijan/baku/rss.xml."""
    root = edition_root(edition)
    path = page_url(edition, section).removeprefix(root) if section else ""
    return f"{root}feeds/{path}{FEED_FILES[feed_format]}"


def aggregator_feed_url(edition: "Edition") -> str:
    """The edition's RSS in the form Yandex News and Dzen take (full text, their elements)."""
    return f"{edition_root(edition)}feeds/{AGGREGATOR_FEED_FILE}"


def story_permalink(edition: "Edition", story_id: int) -> str:
    """The story's address that no headline change alters (it redirects to the current one):
    what feeds identify an item by."""
    return f"{edition_root(edition)}news/{story_id}/"


def api_story_url(story_id: int) -> str:
    """A story in the subscriber API (on the main site, for subscribers of any edition)."""
    return f"{site_root()}api/stories/{story_id}"


def api_stories_url(query: dict[str, object] | None = None) -> str:
    """The subscriber API's list of stories, with its filters and cursor."""
    return _with_query(f"{site_root()}api/stories", query or {})


def api_docs_url() -> str:
    """The subscriber API's interactive docs, written from its OpenAPI document."""
    return f"{site_root()}api/docs"


def photo_uri(photo_id: int) -> str:
    """A photo's identifier in machine formats (ninjs), the same in every story and edition. An
    identifier, not an address: a photo has no page; its renditions are where it is seen."""
    return f"{site_root()}photos/{photo_id}"


def sitemap_index_url(edition: "Edition") -> str:
    """The edition's sitemap index, at the root of the host its pages live on."""
    return f"{edition_root(edition)}sitemap.xml"


def sections_sitemap_url(edition: "Edition") -> str:
    """The sitemap of the edition's front page, All news, sections and archive."""
    return f"{edition_root(edition)}sitemaps/sections.xml"


def stories_sitemap_url(edition: "Edition", start: object) -> str:
    """One page of the edition's story sitemap, named by the story it starts at."""
    return f"{edition_root(edition)}sitemaps/stories/{start}.xml"


def news_sitemap_url(edition: "Edition", before: object | None = None) -> str:
    """The edition's Google News sitemap (its last two days), from a cursor on."""
    if before is None:
        return f"{edition_root(edition)}sitemaps/news.xml"
    return f"{edition_root(edition)}sitemaps/news/{before}.xml"
