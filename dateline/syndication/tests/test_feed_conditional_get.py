"""A feed reader that asks again with what the last answer said (If-None-Match with its ETag,
If-Modified-Since with its Last-Modified) gets 304 Not Modified while the feed says the same,
and the new feed once it changes; a feed read again costs one query, and written afresh a
fixed number whatever it holds."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.http import http_date, parse_http_date

from dateline.stories.factories import StoryFactory

from .feed_reading import every_feed

FEEDS = [*every_feed("/en/feeds/", with_aggregator=True), *every_feed("/en/feeds/courts/")]


@pytest.mark.django_db
@pytest.mark.parametrize("url", FEEDS)
def test_a_feed_read_again_unchanged_is_not_sent_again(client, en, courts, url):
    StoryFactory(locale=en.locale, headline="Tbilisi: appeal filed", topics=[courts])
    first = client.get(url)
    assert first.status_code == 200
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert "no-cache" in first["Cache-Control"]

    by_etag = client.get(url, headers={"if-none-match": etag})
    by_date = client.get(url, headers={"if-modified-since": last_modified})
    assert (by_etag.status_code, by_date.status_code) == (304, 304)
    assert by_etag.content == by_date.content == b""
    assert by_etag["ETag"] == etag

    long_ago = http_date(parse_http_date(last_modified) - 3600)
    assert client.get(url, headers={"if-modified-since": long_ago}).status_code == 200
    assert client.get(url, headers={"if-none-match": '"another"'}).content == first.content


@pytest.mark.django_db
def test_a_new_story_is_sent_to_those_who_had_the_feed(client, en):
    StoryFactory(locale=en.locale, headline="Tbilisi: appeal filed")
    first = client.get("/en/feeds/rss.xml")

    StoryFactory(locale=en.locale, headline="Ganja: bridge reopened")
    again = client.get("/en/feeds/rss.xml", headers={"if-none-match": first["ETag"]})

    assert again.status_code == 200
    assert "Ganja: bridge reopened" in again.content.decode()
    assert again["ETag"] != first["ETag"]
    assert parse_http_date(again["Last-Modified"]) >= parse_http_date(first["Last-Modified"])


@pytest.mark.django_db
def test_a_change_the_feed_does_not_show_leaves_it_not_modified(client, en, ru, courts):
    StoryFactory(locale=en.locale, headline="Tbilisi: appeal filed", topics=[courts])
    first = client.get("/en/feeds/courts/atom.xml")

    # Another edition's story and a story of no court: the courts feed says the same.
    StoryFactory(locale=ru.locale, headline="Мост открыт")
    StoryFactory(locale=en.locale, headline="Ganja: bridge reopened")
    again = client.get(
        "/en/feeds/courts/atom.xml",
        headers={"if-none-match": first["ETag"], "if-modified-since": first["Last-Modified"]},
    )

    assert again.status_code == 304
    assert again["Last-Modified"] == first["Last-Modified"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", FEEDS)
def test_a_feed_read_again_costs_one_query(
    client, en, courts, photo, url, django_assert_num_queries
):
    StoryFactory(locale=en.locale, lead_photo=photo, topics=[courts])
    assert client.get(url).status_code == 200

    with django_assert_num_queries(1):  # the latest change's id
        assert client.get(url).status_code == 200


def _queries_to_write(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/en/feeds/rss.xml", "/en/feeds/courts/atom.xml"])
def test_a_feed_costs_the_same_queries_for_few_stories_and_many(
    client, en, courts, azerbaijan, photo, url
):
    def story() -> None:
        StoryFactory(
            locale=en.locale,
            lead_photo=photo,
            regions=[azerbaijan],
            topics=[courts],
            notes=[
                {
                    "type": "update",
                    "value": {"noted_at": timezone.now() - timedelta(minutes=5), "text": "More."},
                }
            ],
        )

    story()
    client.get(url)  # the photo's sizes made once
    story()
    few = _queries_to_write(client, url)
    for _ in range(8):
        story()
    many = _queries_to_write(client, url)

    assert many == few
    # Building the new story's entry (its labels among it), and two queries that find the
    # others' entries current.
    assert few <= 17
