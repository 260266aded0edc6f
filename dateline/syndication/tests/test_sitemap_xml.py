"""The sitemaps' XML writing: what Google News calls a language, and text that XML cannot carry
as it is."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from defusedxml.ElementTree import fromstring

from dateline.syndication.sitemaps.entries import NewsEntry, SitemapEntry
from dateline.syndication.sitemaps.xml import news_language, news_urlset, urlset, w3c_datetime

from .sitemap_reading import NS, schema


@pytest.mark.parametrize(
    ("language_code", "expected"),
    [
        ("en", "en"),
        ("ru", "ru"),
        ("en-gb", "en"),
        ("pt-BR", "pt"),
        ("zh-hans", "zh-cn"),
        ("zh-cn", "zh-cn"),
        ("zh-hant", "zh-tw"),
        ("zh-hk", "zh-tw"),
    ],
)
def test_google_news_gets_the_iso_639_code_or_its_two_chinese_exceptions(language_code, expected):
    assert news_language(language_code) == expected


def test_times_are_written_in_utc_to_the_second():
    moment = datetime(2025, 3, 30, 3, 30, 15, 123456, tzinfo=ZoneInfo("Europe/London"))

    assert w3c_datetime(moment) == "2025-03-30T02:30:15+00:00"


def test_markup_and_control_characters_in_a_headline_stay_valid_xml():
    entry = NewsEntry(
        url="http://testserver/en/news/1/a-b/",
        headline='Bell \x07 rings: "A & B" <live>',
        published_at=datetime(2025, 1, 10, 12, 0, tzinfo=UTC),
    )

    text = news_urlset([entry], publication="Courier & Co", language="en").encode()

    schema("sitemap.xsd").validate(text)
    root = fromstring(text)
    assert root.findtext("s:url/news:news/news:title", namespaces=NS) == (
        'Bell  rings: "A & B" <live>'
    )
    assert root.findtext("s:url/news:news/news:publication/news:name", namespaces=NS) == (
        "Courier & Co"
    )


def test_an_address_with_a_query_is_escaped():
    text = urlset([SitemapEntry("http://testserver/en/news/?region=a&topic=b")]).encode()

    schema("sitemap.xsd").validate(text)
    assert fromstring(text).findtext("s:url/s:loc", namespaces=NS) == (
        "http://testserver/en/news/?region=a&topic=b"
    )
