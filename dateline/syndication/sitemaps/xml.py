"""Sitemaps as XML text (the sitemaps.org protocol 0.9, xhtml:link alternates, Google News).

Written by hand rather than through a tree: a page of thousands of addresses is the largest
answer Dateline gives, and joined strings build it several times faster."""

import re
from collections.abc import Iterable
from datetime import UTC, datetime

from .entries import NewsEntry, SitemapEntry

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
# Characters XML 1.0 cannot carry at all, not even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# What needs escaping or removing; most text (every address) holds none of it.
_SPECIAL = re.compile('[&<>"\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]')


def _text(value: str) -> str:
    """Text or an attribute value in double quotes, escaped."""
    if _SPECIAL.search(value) is None:
        return value
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _NOT_XML.sub("", value.replace('"', "&quot;"))


def w3c_datetime(moment: datetime) -> str:
    """A time as the W3C date-time profile writes it, in UTC to the second."""
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _lastmod(moment: datetime | None) -> str:
    return f"<lastmod>{w3c_datetime(moment)}</lastmod>" if moment is not None else ""


def sitemap_index(sitemaps: Iterable[tuple[str, datetime | None]]) -> str:
    """A <sitemapindex> of (address, last change) pairs."""
    lines = [f'{_HEAD}<sitemapindex xmlns="{SITEMAP_NS}">']
    lines += [
        f"<sitemap><loc>{_text(url)}</loc>{_lastmod(lastmod)}</sitemap>"
        for url, lastmod in sitemaps
    ]
    lines.append("</sitemapindex>\n")
    return "\n".join(lines)


def _url(entry: SitemapEntry) -> str:
    alternates = "".join(
        f'<xhtml:link rel="alternate" hreflang="{_text(a.language)}" href="{_text(a.url)}"/>'
        for a in entry.alternates
    )
    return f"<url><loc>{_text(entry.url)}</loc>{_lastmod(entry.lastmod)}{alternates}</url>"


def urlset(entries: Iterable[SitemapEntry]) -> str:
    """A <urlset> of pages, each with its versions in other languages if it has any."""
    lines = [f'{_HEAD}<urlset xmlns="{SITEMAP_NS}" xmlns:xhtml="{XHTML_NS}">']
    lines += [_url(entry) for entry in entries]
    lines.append("</urlset>\n")
    return "\n".join(lines)


def news_language(language_code: str) -> str:
    """The publication's language as Google News asks for it: the ISO 639 code alone, except
    zh-cn and zh-tw for Chinese in its two scripts."""
    code = language_code.lower()
    if code in {"zh-cn", "zh-tw"}:
        return code
    if code in {"zh-hans", "zh-sg"}:
        return "zh-cn"
    if code in {"zh-hant", "zh-hk", "zh-mo"}:
        return "zh-tw"
    return code.split("-")[0]


def news_urlset(entries: Iterable[NewsEntry], *, publication: str, language: str) -> str:
    """A Google News sitemap: each story with the publication's name and language, its
    publication time and headline."""
    name, language = _text(publication), _text(news_language(language))
    lines = [f'{_HEAD}<urlset xmlns="{SITEMAP_NS}" xmlns:news="{NEWS_NS}">']
    lines += [
        f"<url><loc>{_text(entry.url)}</loc><news:news>"
        f"<news:publication><news:name>{name}</news:name>"
        f"<news:language>{language}</news:language></news:publication>"
        f"<news:publication_date>{w3c_datetime(entry.published_at)}</news:publication_date>"
        f"<news:title>{_text(entry.headline)}</news:title></news:news></url>"
        for entry in entries
    ]
    lines.append("</urlset>\n")
    return "\n".join(lines)
