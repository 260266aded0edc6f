"""The sitemaps of an edition, at its root: on its own host, or under its prefix on the main
site. Each answer carries an ETag, the hash of its text, so a crawler that asks again with
If-None-Match gets a 304 while nothing changed. No Last-Modified: a withdrawal, or a version
published in another edition, changes a sitemap without bringing a later date into it, so no
date would tell a change. The index, the sections and the first news sitemap are kept until the
next change (stories.page_data)."""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control

from dateline.editions import links
from dateline.editions.middleware import EditionRequest
from dateline.editions.models import Edition
from dateline.stories.page_data import page_data
from dateline.stories.paging import Cursor

from . import xml
from .entries import (
    newest_publication,
    news_entries,
    news_part_starts,
    section_entries,
    story_entries,
)
from .pages import page_starts, page_stories, starts_version

XML = "application/xml; charset=utf-8"
# Lists change with every story; a page of the archive's stories rarely does, but a withdrawn
# story's address (its slug says what it was about) must not stay in caches for long.
LIST_MAX_AGE = 5 * 60
STORIES_MAX_AGE = 10 * 60
# The last two days move on without a change: what depends on them is built again this often.
NEWS_STEP_SECONDS = 5 * 60


@dataclass(frozen=True)
class _Sitemap:
    body: bytes
    etag: str


def _sitemap(text: str) -> _Sitemap:
    body = text.encode()
    return _Sitemap(body, f'"{hashlib.sha256(body).hexdigest()[:32]}"')


def _respond(request: EditionRequest, sitemap: _Sitemap, *, max_age: int) -> HttpResponse:
    response = HttpResponse(sitemap.body, content_type=XML)
    response.headers["ETag"] = sitemap.etag
    patch_cache_control(response, public=True, max_age=max_age)
    return get_conditional_response(request, etag=sitemap.etag, response=response) or response


def _edition(request: EditionRequest) -> Edition:
    if request.edition is None:
        raise Http404("No such edition.")
    return request.edition


def _kept(page: tuple, build: Callable[[], _Sitemap]) -> _Sitemap:
    """A sitemap kept until the next change (and the next step of the two-day window)."""
    step = int(timezone.now().timestamp()) // NEWS_STEP_SECONDS
    kept = page_data((*page, step), lambda: {"sitemap": build()}) or {}
    return kept["sitemap"]


def sitemap_index(request: EditionRequest, **kwargs: object) -> HttpResponse:
    """Every sitemap of the edition: its sections, its news of the last two days and the pages
    of its stories, oldest first."""
    edition = _edition(request)

    def build() -> _Sitemap:
        newest = newest_publication(edition)
        now = timezone.now()
        sitemaps: list[tuple[str, datetime | None]] = [
            (links.sections_sitemap_url(edition), newest),
            (links.news_sitemap_url(edition), newest),
            *((links.news_sitemap_url(edition, c), newest) for c in news_part_starts(edition, now)),
            *((links.stories_sitemap_url(edition, start), None) for start in page_starts(edition)),
        ]
        return _sitemap(xml.sitemap_index(sitemaps))

    # Kept until a change, or until a page is cut or dropped where it was read.
    sitemap = _kept(("sitemap-index", edition.pk, starts_version(edition)), build)
    return _respond(request, sitemap, max_age=LIST_MAX_AGE)


def sections_sitemap(request: EditionRequest, **kwargs: object) -> HttpResponse:
    edition = _edition(request)

    def build() -> _Sitemap:
        newest = newest_publication(edition)
        return _sitemap(xml.urlset(section_entries(edition, newest)))

    sitemap = _kept(("sitemap-sections", edition.pk), build)
    return _respond(request, sitemap, max_age=LIST_MAX_AGE)


def news_sitemap(
    request: EditionRequest, sitemap_page: str | None = None, **kwargs: object
) -> HttpResponse:
    """The edition's stories of the last two days for Google News, the newest first, or those
    after a cursor when there are more than one sitemap may list."""
    edition = _edition(request)
    before = Cursor.parse(sitemap_page) if sitemap_page is not None else None

    def build() -> _Sitemap:
        entries = news_entries(edition, timezone.now(), before)
        text = xml.news_urlset(entries, publication=edition.agency_name, language=edition.language)
        return _sitemap(text)

    # Only the first is kept: any text can name a cursor, and what is kept must not be pushed
    # out by addresses nobody was given.
    sitemap = build() if before is not None else _kept(("sitemap-news", edition.pk), build)
    return _respond(request, sitemap, max_age=LIST_MAX_AGE)


def stories_sitemap(request: EditionRequest, sitemap_page: str, **kwargs: object) -> HttpResponse:
    """One page of the edition's stories, each with its versions in the other editions.
    Built at each request: a page costs a few queries whatever the archive's size, and the
    archive's pages are too many to keep."""
    edition = _edition(request)
    stories = page_stories(edition, Cursor.parse(sitemap_page))
    if stories is None:
        raise Http404("No sitemap page starts there.")
    sitemap = _sitemap(xml.urlset(story_entries(edition, stories)))
    return _respond(request, sitemap, max_age=STORIES_MAX_AGE)
