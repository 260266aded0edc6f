"""Reading the feeds as a subscriber's software does: over HTTP, with feedparser for RSS and
Atom, lxml for the aggregators' own elements, and JSON Feed 1.1's rules for the JSON."""

import json
from datetime import datetime

import feedparser
import jsonschema
from lxml import etree

from dateline.syndication.feeds import MEDIA_NS, YANDEX_NS

NAMESPACES = {"media": MEDIA_NS, "yandex": YANDEX_NS}

# JSON Feed 1.1 (https://jsonfeed.org/version/1.1) as a schema: the members Dateline writes,
# the types the specification gives them, and extension objects ("_" and a letter) anywhere.
_EXTENSION = {"^_[a-zA-Z]": {"type": "object"}}
_AUTHOR = {
    "type": "object",
    "properties": {"name": {"type": "string"}, "url": {"type": "string"}},
    "minProperties": 1,
    "additionalProperties": False,
}
JSON_FEED_SCHEMA = {
    "type": "object",
    "required": ["version", "title", "items"],
    "properties": {
        "version": {"const": "https://jsonfeed.org/version/1.1"},
        "title": {"type": "string"},
        "home_page_url": {"type": "string"},
        "feed_url": {"type": "string"},
        "description": {"type": "string"},
        "icon": {"type": "string"},
        "language": {"type": "string"},
        "authors": {"type": "array", "items": _AUTHOR},
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id"],
                "anyOf": [{"required": ["content_html"]}, {"required": ["content_text"]}],
                "properties": {
                    "id": {"type": "string"},
                    "url": {"type": "string"},
                    "title": {"type": "string"},
                    "content_html": {"type": "string"},
                    "summary": {"type": "string"},
                    "image": {"type": "string"},
                    "date_published": {"type": "string"},
                    "date_modified": {"type": "string"},
                    "authors": {"type": "array", "items": _AUTHOR},
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "language": {"type": "string"},
                },
                "patternProperties": _EXTENSION,
                "additionalProperties": False,
            },
        },
    },
    "patternProperties": _EXTENSION,
    "additionalProperties": False,
}


def fetched(client, url: str, *, host: str = "testserver"):
    response = client.get(url, headers={"host": host})
    assert response.status_code == 200, f"{url}: {response.status_code}"
    return response


def parsed_feed(client, url: str, *, host: str = "testserver") -> feedparser.FeedParserDict:
    """The RSS or Atom feed at `url`, which feedparser reads without finding fault."""
    feed = feedparser.parse(fetched(client, url, host=host).content)
    assert not feed.bozo, f"{url}: {feed.get('bozo_exception')}"
    return feed


def json_feed(client, url: str) -> dict:
    response = fetched(client, url)
    assert response["Content-Type"] == "application/feed+json; charset=utf-8"
    feed = json.loads(response.content)
    jsonschema.validate(feed, JSON_FEED_SCHEMA)
    for item in feed["items"]:  # RFC 3339
        datetime.fromisoformat(item["date_published"])
        datetime.fromisoformat(item["date_modified"])
    return feed


def xml_items(client, url: str) -> list[etree._Element]:
    """The items of the RSS at `url`, as lxml reads them (for elements feedparser drops)."""
    root = etree.fromstring(fetched(client, url).content)
    return root.findall("channel/item")


def headlines(client, url: str) -> list[str]:
    """The items' titles at `url`, in the feed's order, whatever its format."""
    if url.endswith(".json"):
        return [item["title"] for item in json_feed(client, url)["items"]]
    return [entry.title for entry in parsed_feed(client, url).entries]


def every_feed(prefix: str, *, with_aggregator: bool = False) -> list[str]:
    """The addresses of the feeds under `prefix` ("/en/feeds/", "/en/feeds/azerbaijan/")."""
    found = [f"{prefix}rss.xml", f"{prefix}atom.xml", f"{prefix}feed.json"]
    return [*found, f"{prefix}yandex.xml"] if with_aggregator else found
