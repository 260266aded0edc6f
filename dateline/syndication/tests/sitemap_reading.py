"""Reading sitemaps as a crawler does: each fetched at its absolute address (on the edition's own
host when it has one), validated against the sitemaps.org schemas with the local schemas of
xhtml:link and news:news (data/sitemaps/SOURCE.md), and parsed."""

from functools import cache
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

import xmlschema
from defusedxml.ElementTree import fromstring
from django.test import Client

DATA = Path(__file__).parent / "data" / "sitemaps"
NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


@cache
def schema(name: str) -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema([DATA / name, DATA / "xhtml-link.xsd", DATA / "sitemap-news.xsd"])


def fetch(client: Client, url: str, headers: dict[str, str] | None = None):
    parts = urlsplit(url)
    return client.get(parts.path, headers={"host": parts.netloc, **(headers or {})})


def _read(client: Client, url: str, schema_name: str) -> ElementTree.Element:
    response = fetch(client, url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    schema(schema_name).validate(response.content)
    return fromstring(response.content)


def read_index(client: Client, url: str) -> list[str]:
    """The addresses of the sitemaps an index lists."""
    root = _read(client, url, "siteindex.xsd")
    return [loc.text or "" for loc in root.findall("s:sitemap/s:loc", NS)]


def read_urlset(client: Client, url: str) -> list[ElementTree.Element]:
    """The <url> elements of a sitemap."""
    return _read(client, url, "sitemap.xsd").findall("s:url", NS)


def loc(url: ElementTree.Element) -> str:
    return url.findtext("s:loc", namespaces=NS) or ""


def alternates(url: ElementTree.Element) -> dict[str, str]:
    """A sitemap entry's versions by language (hreflang → address)."""
    return {
        link.get("hreflang", ""): link.get("href", "")
        for link in url.findall("xhtml:link", NS)
        if link.get("rel") == "alternate"
    }


def story_pages(index: list[str]) -> list[str]:
    return [url for url in index if "/sitemaps/stories/" in url]


def story_entries(client: Client, index_url: str) -> list[ElementTree.Element]:
    """Every entry of every page of an edition's story sitemap, page after page."""
    return [
        url
        for page in story_pages(read_index(client, index_url))
        for url in read_urlset(client, page)
    ]
