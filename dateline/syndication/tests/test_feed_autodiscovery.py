"""Browsers and feed readers find the feeds from the pages: the front and every story page
offer the edition's feeds, a region's or topic's page its own first, and each address answers
with a feed of the type the link says."""

import re

import pytest

from dateline.stories.factories import StoryFactory

_FEED_LINK = re.compile(r'<link rel="alternate" type="([^"]+)" title="([^"]+)" href="([^"]+)">')
EDITION_FEEDS = [
    ("application/rss+xml", "Caucasian Courier (RSS)", "http://testserver/en/feeds/rss.xml"),
    ("application/atom+xml", "Caucasian Courier (Atom)", "http://testserver/en/feeds/atom.xml"),
    (
        "application/feed+json",
        "Caucasian Courier (JSON Feed)",
        "http://testserver/en/feeds/feed.json",
    ),
]


def _feed_links(client, url: str) -> list[tuple[str, str, str]]:
    response = client.get(url)
    assert response.status_code == 200
    head = response.content.decode().partition("</head>")[0]
    return _FEED_LINK.findall(head)


@pytest.mark.django_db
def test_the_front_and_a_story_page_offer_the_edition_feeds(client, en):
    story = StoryFactory(locale=en.locale, headline="Ganja: bridge reopened")

    assert _feed_links(client, "/en/") == EDITION_FEEDS
    assert _feed_links(client, story.url) == EDITION_FEEDS


@pytest.mark.django_db
def test_a_section_page_offers_its_own_feeds_first(client, en, courts):
    found = _feed_links(client, "/en/courts/")

    assert found[3:] == EDITION_FEEDS
    assert found[:3] == [
        (media_type, title.replace("Caucasian Courier", "Courts — Caucasian Courier"), href)
        for media_type, title, href in (
            (t, n, h.replace("/feeds/", "/feeds/courts/")) for t, n, h in EDITION_FEEDS
        )
    ]


@pytest.mark.django_db
def test_every_offered_feed_answers_with_its_type(client, en, courts):
    StoryFactory(locale=en.locale, headline="Tbilisi: appeal filed", topics=[courts])

    for media_type, _title, href in _feed_links(client, "/en/courts/"):
        response = client.get(href)
        assert response.status_code == 200
        assert response["Content-Type"] == f"{media_type}; charset=utf-8"
        assert "Tbilisi: appeal filed" in response.content.decode()


@pytest.mark.django_db
def test_the_russian_edition_offers_its_own_feeds(client, ru):
    found = _feed_links(client, "/ru/")

    assert [href for _type, _title, href in found] == [
        "http://testserver/ru/feeds/rss.xml",
        "http://testserver/ru/feeds/atom.xml",
        "http://testserver/ru/feeds/feed.json",
    ]
    assert found[0][1] == "Кавказский вестник (RSS)"
