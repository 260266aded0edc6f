"""The address book: every URL a reader or a machine sees, absolute, on the edition's own host.

An edition with a host name of its own lives at that host's root; the others live under their
prefix on the main site (BASE_URL). Templates and views ask here and never glue URLs together."""

from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Protocol
from urllib.parse import urlsplit

from django.conf import settings
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
