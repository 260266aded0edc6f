"""The feeds' formats, each written from the same entries (syndication.feed_entries): RSS 2.0
and Atom 1.0 through feedgen, JSON Feed 1.1 as a dict (feedgen has no JSON), and the RSS that
Yandex News and Dzen take (docs/feeds.md cites their rules).

A feed generator is made for each feed written and thrown away: nothing here is shared
between requests or editions."""

import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from feedgen.entry import FeedEntry as GeneratorEntry
from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from feedgen.util import xml_elem
from lxml import etree

from .feed_entries import FeedEntry, Image

MEDIA_NS = "http://search.yahoo.com/mrss/"
YANDEX_NS = "http://news.yandex.ru"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
GENERATOR = "Dateline"
RSS = "application/rss+xml"

# feedgen writes RSS dates by switching the process's locale to C and back; two feeds written
# at once could leave the process in C. Feeds are written once per change, so they take turns.
_writing = threading.Lock()


@dataclass(frozen=True)
class Channel:
    """What a feed says of itself."""

    title: str
    description: str
    page_url: str  # the page whose stories the feed follows
    feed_url: str  # the feed itself
    language: str
    agency: str
    icon_url: str
    updated_at: datetime  # of the newest change among its entries


class _MediaFeed(BaseExtension):
    def extend_ns(self) -> dict[str, str]:
        return {"media": MEDIA_NS}


class _MediaEntry(BaseEntryExtension):
    """Media RSS for an item's photos, each with its caption and credit (feedgen's own media
    extension has no credit)."""

    def __init__(self) -> None:
        self.images: tuple[Image, ...] = ()
        self.enclosure: Image | None = None  # Atom's; RSS has its own element

    def extend_rss(self, item: etree._Element) -> etree._Element:
        for image in self.images:
            content = xml_elem(
                f"{{{MEDIA_NS}}}content",
                item,
                url=image.url,
                type=image.media_type,
                medium="image",
                width=str(image.width),
                height=str(image.height),
            )
            if image.length:
                content.set("fileSize", str(image.length))
            if image.caption:
                description = xml_elem(f"{{{MEDIA_NS}}}description", content, type="plain")
                description.text = image.caption
            if image.credit:
                xml_elem(f"{{{MEDIA_NS}}}credit", content).text = image.credit
        return item

    def extend_atom(self, entry: etree._Element) -> etree._Element:
        # feedgen 1.0 writes an entry's links without their rel and type, which would make the
        # photo a second alternate: the enclosure is written here instead.
        if (image := self.enclosure) is not None:
            xml_elem(
                "link",
                entry,
                rel="enclosure",
                href=image.url,
                type=image.media_type,
                length=str(image.length),
            )
        return self.extend_rss(entry)


class _YandexFeed(BaseExtension):
    def extend_ns(self) -> dict[str, str]:
        return {"yandex": YANDEX_NS, "media": MEDIA_NS}


class _YandexEntry(BaseEntryExtension):
    """What Yandex News and Dzen read beyond RSS 2.0: the full text as plain text, the
    authors by name (RSS's author asks for an e-mail address), every photo the text shows as
    an enclosure, and the content rating."""

    def __init__(self) -> None:
        self.entry: FeedEntry | None = None

    def extend_rss(self, item: etree._Element) -> etree._Element:
        entry = self.entry
        if entry is None:
            return item
        for author in entry.authors:
            xml_elem("author", item).text = author.name
        # The first photo is feedgen's own enclosure.
        for image in entry.images[1:] if entry.photo is not None else entry.images:
            xml_elem(
                "enclosure", item, url=image.url, type=image.media_type, length=str(image.length)
            )
        xml_elem(f"{{{MEDIA_NS}}}rating", item, scheme="urn:simple").text = "nonadult"
        xml_elem(f"{{{YANDEX_NS}}}full-text", item).text = entry.full_text
        return item


def _generator(channel: Channel, media_type: str) -> FeedGenerator:
    feed = FeedGenerator()
    feed.register_extension("photos", _MediaFeed, _MediaEntry)
    feed.id(channel.feed_url)
    feed.title(channel.title)
    feed.description(channel.description)
    feed.link(href=channel.feed_url, rel="self", type=media_type)
    # RSS's channel link is the last one given.
    feed.link(href=channel.page_url, rel="alternate", type="text/html")
    feed.language(channel.language)
    feed.author(name=channel.agency)
    feed.generator(GENERATOR)
    feed.updated(channel.updated_at)
    return feed


def _add(
    feed: FeedGenerator, entry: FeedEntry, *, content_html: str, is_rss: bool = True
) -> GeneratorEntry:
    item = feed.add_entry(order="append")
    item.guid(entry.id, permalink=True)
    item.title(entry.title)
    item.link(href=entry.url, rel="alternate", type="text/html")
    item.published(entry.published_at)
    item.updated(entry.updated_at)
    item.summary(entry.summary)
    item.content(content_html, type="html")
    for category in entry.categories:
        item.category(term=category)
    if entry.photo is not None:
        item.photos.images = (entry.photo,)
        if is_rss:
            item.enclosure(entry.photo.url, entry.photo.length, entry.photo.media_type)
        else:
            item.photos.enclosure = entry.photo
    return item


def rss_feed(channel: Channel, entries: Sequence[FeedEntry]) -> bytes:
    feed = _generator(channel, RSS)
    feed.load_extension("dc", atom=False, rss=True)
    for entry in entries:
        item = _add(feed, entry, content_html=entry.content_html)
        if entry.authors:
            item.dc.dc_creator([author.name for author in entry.authors])
    with _writing:
        return feed.rss_str()


def atom_feed(channel: Channel, entries: Sequence[FeedEntry]) -> bytes:
    feed = _generator(channel, "application/atom+xml")
    feed.icon(channel.icon_url)
    for entry in entries:
        item = _add(feed, entry, content_html=entry.content_html, is_rss=False)
        for author in entry.authors:
            item.author({"name": author.name} | ({"uri": author.url} if author.url else {}))
    with _writing:
        return feed.atom_str()


def aggregator_feed(channel: Channel, entries: Sequence[FeedEntry]) -> bytes:
    """The RSS for Yandex News and Dzen: every story in full whatever the edition's feed
    setting, in yandex:full-text as plain text and in content:encoded as HTML."""
    feed = _generator(channel, RSS)
    feed.register_extension("yandex", _YandexFeed, _YandexEntry, atom=False)
    for entry in entries:
        _add(feed, entry, content_html=entry.full_html).yandex.entry = entry
    with _writing:
        return feed.rss_str()


def _json_image(image: Image) -> dict:
    return {
        "url": image.url,
        "mime_type": image.media_type,
        "width": image.width,
        "height": image.height,
        "size_in_bytes": image.length,
        "caption": image.caption,
        "credit": image.credit,
    }


def _json_item(entry: FeedEntry) -> dict:
    item: dict = {
        "id": entry.id,
        "url": entry.url,
        "title": entry.title,
        "content_html": entry.content_html,
        "summary": entry.summary,
        "date_published": entry.published_at.isoformat(),
        "date_modified": entry.updated_at.isoformat(),
        "language": entry.language,
        "tags": list(entry.categories),
    }
    if entry.authors:
        item["authors"] = [
            {"name": a.name} | ({"url": a.url} if a.url else {}) for a in entry.authors
        ]
    if entry.photo is not None:
        item["image"] = entry.photo.url
    # JSON Feed has no place for a photo's credit, labels or notes: an extension object
    # (a key starting with "_"), which readers that do not know it skip.
    item["_dateline"] = {
        "photo": _json_image(entry.photo) if entry.photo is not None else None,
        "labels": list(entry.labels),
        "notes": [
            {
                "kind": note.kind,
                "noted_at": note.noted_at.isoformat(),
                "text": note.text,
                "reason": note.reason,
            }
            for note in entry.notes
        ],
    }
    return item


def json_feed(channel: Channel, entries: Sequence[FeedEntry]) -> bytes:
    feed = {
        "version": JSON_FEED_VERSION,
        "title": channel.title,
        "home_page_url": channel.page_url,
        "feed_url": channel.feed_url,
        "description": channel.description,
        "icon": channel.icon_url,
        "language": channel.language,
        "authors": [{"name": channel.agency}],
        "items": [_json_item(entry) for entry in entries],
    }
    return json.dumps(feed, ensure_ascii=False, separators=(",", ":")).encode()
