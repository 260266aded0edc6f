"""The feeds' addresses. Each feed is written once per change of what the site shows and kept
until the next one (the reader pages' way, stories.page_data), so reading a feed again costs
one query; every answer carries an ETag and a Last-Modified, and a reader that sends them back
(If-None-Match, If-Modified-Since) gets 304 Not Modified while the feed says the same."""

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import gettext as _
from wagtail.models import Page

from dateline.editions import links
from dateline.editions.middleware import EditionRequest
from dateline.editions.models import Edition
from dateline.stories.document import DocumentSources, document_sources, story_documents
from dateline.stories.page_data import MAX_PAGES, documents_data, page_data

from .feed_entries import FeedEntry, feed_entries
from .feeds import Channel, aggregator_feed, atom_feed, json_feed, rss_feed
from .selectors import feed_section, stories_for_feed, story_ids_for_feed

AGGREGATOR = "yandex"
WRITERS: dict[str, Callable[[Channel, Sequence[FeedEntry]], bytes]] = {
    "rss": rss_feed,
    "atom": atom_feed,
    "json": json_feed,
    AGGREGATOR: aggregator_feed,
}
CONTENT_TYPES = {
    **{name: f"{media_type}; charset=utf-8" for name, media_type in links.FEED_MEDIA_TYPES.items()},
    AGGREGATOR: "application/rss+xml; charset=utf-8",
}
# Dzen asks for the stories of the last two or three days only (docs/feeds.md).
AGGREGATOR_AGE = timedelta(days=3)
PUBLIC_ICON = "dateline/icons/icon-512.png"


@dataclass(frozen=True)
class WrittenFeed:
    body: bytes
    etag: str
    last_modified: int  # when this process first wrote this very feed (Unix time)


# Per feed, the ETag of its latest body and when this process first wrote that body: the
# feed's Last-Modified moves only when what it says does, not with every change of the site.
_first_written: "OrderedDict[tuple, tuple[str, int]]" = OrderedDict()
_lock = threading.Lock()


def _written(feed: tuple, body: bytes) -> WrittenFeed:
    etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    with _lock:
        seen = _first_written.get(feed)
        if seen is None or seen[0] != etag:
            seen = _first_written[feed] = (etag, int(timezone.now().timestamp()))
        _first_written.move_to_end(feed)
        while len(_first_written) > MAX_PAGES:
            _first_written.popitem(last=False)
    return WrittenFeed(body, etag, seen[1])


def _channel(
    edition: Edition, section: Page | None, feed_format: str, entries: Sequence[FeedEntry]
) -> Channel:
    agency = edition.agency_name
    if section is None:
        title = agency
        description = _(
            "News from %(agency)s around the clock: the latest stories, photos and reports "
            "from every region."
        ) % {"agency": agency}
        page_url = links.edition_root(edition)
    else:
        words = {"section": section.title, "agency": agency}
        title = _("%(section)s — %(agency)s") % words
        description = _("%(section)s: the latest news from %(agency)s.") % words
        page_url = links.page_url(edition, section)
    return Channel(
        title=title,
        description=description,
        page_url=page_url,
        feed_url=links.aggregator_feed_url(edition)
        if feed_format == AGGREGATOR
        else links.feed_url(edition, feed_format, section),
        language=edition.language,
        agency=agency,
        icon_url=links.static_file_url(PUBLIC_ICON),
        updated_at=max((entry.updated_at for entry in entries), default=timezone.now()),
    )


def _entries(edition: Edition, section_path: str) -> dict | None:
    """The section (None for the whole edition) and its feed entries, kept for every format."""

    def build() -> dict | None:
        section = None
        if section_path:
            section = feed_section(edition=edition, section_path=section_path)
            if section is None:
                return None
        ids = story_ids_for_feed(edition=edition, section=section)
        entries = documents_data([("feed-entry", edition.pk, i) for i in ids], entries_of)
        return {"section": section, "entries": list(entries.values())}

    def entries_of(
        missing: list[tuple[str, int, int]],
    ) -> dict[tuple[str, int, int], tuple[FeedEntry, DocumentSources]]:
        # Each story's entry is kept until one of its sources changes, as its page is.
        stories = stories_for_feed(edition=edition, story_ids=[page[2] for page in missing])
        made = feed_entries(story_documents(stories, edition), edition)
        return {
            ("feed-entry", edition.pk, story.pk): (entry, document_sources(story))
            for story, entry in zip(stories, made, strict=True)
        }

    return page_data(("feed-entries", edition.pk, section_path), build)


def written_feed(edition: Edition, feed_format: str, section_path: str = "") -> WrittenFeed | None:
    """The edition's feed (or its section's) in `feed_format`, as kept; None if there is no such
    section."""
    feed = (feed_format, edition.pk, section_path)
    now = timezone.now()

    def build() -> dict | None:
        kept = _entries(edition, section_path)
        if kept is None:
            return None
        entries: list[FeedEntry] = kept["entries"]
        if feed_format == AGGREGATOR:
            entries = [e for e in entries if e.published_at >= now - AGGREGATOR_AGE]
        channel = _channel(edition, kept["section"], feed_format, entries)
        return {"feed": _written(feed, WRITERS[feed_format](channel, entries))}

    # The aggregators' feed also ages: stories leave it after AGGREGATOR_AGE with no change.
    kept_as = ("feed", *feed, now.strftime("%Y%m%d%H") if feed_format == AGGREGATOR else "")
    found = page_data(kept_as, build)
    return found["feed"] if found is not None else None


def feed(
    request: EditionRequest, feed_format: str, section_path: str = "", **kwargs: object
) -> HttpResponse:
    edition = request.edition
    if edition is None:
        raise Http404("No such edition.")
    written = written_feed(edition, feed_format, section_path)
    if written is None:
        raise Http404(_("No such region or topic."))
    response = get_conditional_response(
        request, etag=written.etag, last_modified=written.last_modified
    )
    if response is None:
        response = HttpResponse(written.body, content_type=CONTENT_TYPES[feed_format])
    response.headers["ETag"] = written.etag
    response.headers["Last-Modified"] = http_date(written.last_modified)
    # Caches may keep a feed but must ask each time: a withdrawn story leaves at once.
    patch_cache_control(response, public=True, no_cache=True)
    return response
