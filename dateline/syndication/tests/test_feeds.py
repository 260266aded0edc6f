"""The feeds as a subscriber's reader sees them: every format of every edition, region and
topic parses, lists the latest public stories newest first, and says of each story what its
page says: the author, the regions and topics, the lead photo with its caption and credit, the
edition's label and the updates and corrections."""

from datetime import timedelta
from email.utils import parsedate_to_datetime
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from dateline.editions import links
from dateline.editions.models import FeedText
from dateline.photos.factories import PhotoFactory
from dateline.photos.models import PhotoRendition
from dateline.stories.factories import AuthorFactory, StoryFactory
from dateline.taxonomy.factories import region_add

from .feed_reading import (
    NAMESPACES,
    every_feed,
    fetched,
    headlines,
    json_feed,
    parsed_feed,
    xml_items,
)

CREDIT = "Photo by Aziz Karimov for the “Caucasian Courier”"
LABEL = "FOREIGN AGENT LABEL"  # the en fixture's label banner


@pytest.fixture
def wire(en, ru, azerbaijan, courts, photo):
    now = timezone.now()
    reporter = AuthorFactory(name="Nina Tumanova", locale=en.locale)
    hearing = StoryFactory(
        locale=en.locale,
        headline="Baku: court hears the activists",
        lead="The hearing lasted six hours.",
        body=[
            {"type": "paragraph", "value": "<p>Relatives waited outside the courthouse.</p>"},
            {"type": "quote", "value": {"text": "We want answers.", "attribution": "A mother"}},
        ],
        lead_photo=photo,
        regions=[azerbaijan],
        topics=[courts],
        authors=[reporter],
        notes=[
            {
                "type": "correction",
                "value": {
                    "noted_at": "2025-01-10T12:00:00Z",
                    "text": "The hearing lasted six hours, not four.",
                    "reason": "a typing error",
                },
            }
        ],
        published_at=now - timedelta(hours=5),
    )
    appeal = StoryFactory(
        locale=en.locale,
        headline="Tbilisi: appeal filed",
        topics=[courts],
        published_at=now - timedelta(hours=3),
    )
    bridge = StoryFactory(
        locale=en.locale,
        headline="Ganja: bridge reopened",
        regions=[azerbaijan],
        published_at=now - timedelta(hours=1),
    )
    russian = StoryFactory(
        locale=ru.locale,
        headline="Баку: суд выслушал активистов",
        published_at=now - timedelta(hours=2),
    )
    return SimpleNamespace(hearing=hearing, appeal=appeal, bridge=bridge, russian=russian)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("/en/feeds/", ["bridge", "appeal", "hearing"]),
        ("/en/feeds/azerbaijan/", ["bridge", "hearing"]),
        ("/en/feeds/courts/", ["appeal", "hearing"]),
        ("/ru/feeds/", ["russian"]),
    ],
)
def test_each_feed_lists_its_public_stories_newest_first(client, wire, prefix, expected):
    wanted = [getattr(wire, name).headline for name in expected]
    for url in every_feed(prefix):
        assert headlines(client, url) == wanted, url


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/en/feeds/rss.xml", "/en/feeds/atom.xml"])
def test_an_item_says_what_the_page_says(client, wire, photo, url):
    feed = parsed_feed(client, url)
    item = next(e for e in feed.entries if e.title == wire.hearing.headline)

    assert item.link == wire.hearing.url
    assert item.id == links.story_permalink(wire.hearing.edition, wire.hearing.pk)
    assert item.author == "Nina Tumanova"
    assert {tag.term for tag in item.tags} == {"Azerbaijan", "Courts"}
    assert item.summary.startswith(LABEL)
    assert "The hearing lasted six hours." in item.summary
    content = item.content[0].value
    assert LABEL in content
    assert "Relatives waited outside the courthouse." in content
    assert "We want answers." in content
    assert CREDIT in content
    assert "Updates and corrections" in content
    assert "The hearing lasted six hours, not four." in content
    assert "Reason: a typing error" in content
    # The lead photo, at its largest reader size, with its credit and caption.
    (enclosure,) = item.enclosures
    rendition = next(
        r for r in PhotoRendition.objects.filter(image=photo) if enclosure.href.endswith(r.url)
    )
    assert enclosure.type == "image/jpeg"
    assert int(enclosure.length) == rendition.file.size > 0
    assert item.media_credit == [{"content": CREDIT}]
    assert item.media_content[0]["url"] == enclosure.href
    assert item.media_content[0]["width"] == str(rendition.width)


@pytest.mark.django_db
def test_the_json_feed_carries_the_same(client, wire):
    feed = json_feed(client, "/en/feeds/feed.json")
    item = next(i for i in feed["items"] if i["title"] == wire.hearing.headline)

    assert feed["feed_url"] == "http://testserver/en/feeds/feed.json"
    assert feed["home_page_url"] == "http://testserver/en/"
    assert item["url"] == wire.hearing.url
    assert item["authors"] == [
        {"name": "Nina Tumanova", "url": "http://testserver/en/authors/nina-tumanova/"}
    ]
    assert item["tags"] == ["Azerbaijan", "Courts"]
    assert "Relatives waited outside the courthouse." in item["content_html"]
    extra = item["_dateline"]
    assert item["image"] == extra["photo"]["url"]
    assert extra["photo"]["credit"] == CREDIT
    assert extra["photo"]["caption"] == "Consequences of the shelling"
    assert extra["labels"] == [LABEL]
    assert extra["notes"] == [
        {
            "kind": "correction",
            "noted_at": "2025-01-10T12:00:00+00:00",
            "text": "The hearing lasted six hours, not four.",
            "reason": "a typing error",
        }
    ]


@pytest.mark.django_db
def test_a_section_feed_names_its_section_and_links_its_page(client, wire, azerbaijan):
    feed = parsed_feed(client, "/en/feeds/azerbaijan/rss.xml").feed
    assert feed.title == "Azerbaijan — Caucasian Courier"
    assert feed.link == "http://testserver/en/azerbaijan/"
    assert json_feed(client, "/en/feeds/azerbaijan/feed.json")["feed_url"] == links.feed_url(
        wire.hearing.edition, "json", azerbaijan
    )


@pytest.mark.django_db
def test_a_nested_region_has_its_feed_under_its_own_path(client, en, azerbaijan):
    baku = region_add(parent=azerbaijan, title="Baku", slug="baku")
    StoryFactory(locale=en.locale, headline="Baku: metro extended", regions=[baku])

    assert headlines(client, "/en/feeds/azerbaijan/baku/rss.xml") == ["Baku: metro extended"]
    assert client.get("/en/feeds/baku/rss.xml").status_code == 404


@pytest.mark.django_db
def test_unknown_and_draft_sections_and_other_editions_sections_have_no_feed(
    client, en, ru, ru_front, azerbaijan
):
    draft = region_add(parent=ru_front, title="Грузия", slug="georgia")
    draft.unpublish()
    for url in (
        "/en/feeds/nowhere/rss.xml",
        "/ru/feeds/azerbaijan/atom.xml",  # an English region
        "/ru/feeds/georgia/feed.json",
        "/en/feeds/azerbaijan/yandex.xml",  # the aggregators' feed is the edition's only
        "/xx/feeds/rss.xml",
    ):
        assert client.get(url, follow=True).status_code == 404, url


@pytest.mark.django_db
def test_lead_only_editions_give_the_lead_photo_and_notes_but_not_the_body(client, en, wire):
    en.feed_text = FeedText.LEAD
    en.save()

    for url in ("/en/feeds/rss.xml", "/en/feeds/atom.xml"):
        item = next(e for e in parsed_feed(client, url).entries if e.link == wire.hearing.url)
        content = item.content[0].value
        assert "The hearing lasted six hours." in content
        assert "Relatives waited outside the courthouse." not in content
        assert CREDIT in content
        assert "The hearing lasted six hours, not four." in content
        assert f'href="{wire.hearing.url}"' in content  # to the full story
    item = json_feed(client, "/en/feeds/feed.json")["items"][-1]
    assert "Relatives waited outside the courthouse." not in item["content_html"]
    # Yandex News and Dzen take full texts only.
    (yandex,) = [
        i
        for i in xml_items(client, "/en/feeds/yandex.xml")
        if i.findtext("link") == wire.hearing.url
    ]
    assert "Relatives waited outside the courthouse." in yandex.findtext(
        "yandex:full-text", namespaces=NAMESPACES
    )


@pytest.mark.django_db
def test_the_aggregators_feed_has_their_elements(client, en, wire):
    response = fetched(client, "/en/feeds/yandex.xml")
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    assert b'xmlns:yandex="http://news.yandex.ru"' in response.content
    assert not parsed_feed(client, "/en/feeds/yandex.xml").bozo
    items = xml_items(client, "/en/feeds/yandex.xml")
    assert [i.findtext("title") for i in items] == [
        wire.bridge.headline,
        wire.appeal.headline,
        wire.hearing.headline,
    ]
    hearing = items[-1]
    full_text = hearing.findtext("yandex:full-text", namespaces=NAMESPACES)
    assert full_text.split("\n\n") == [
        LABEL,
        "The hearing lasted six hours.",
        "Relatives waited outside the courthouse.",
        "We want answers.",
        "— A mother",
        "Correction, 10 January 2025, 12:00: The hearing lasted six hours, not four. "
        "Reason: a typing error",
    ]
    assert "<" not in full_text
    assert parsedate_to_datetime(
        hearing.findtext("pubDate")
    ) == wire.hearing.first_published_at.replace(microsecond=0)
    assert hearing.findtext("author") == "Nina Tumanova"
    assert [c.text for c in hearing.findall("category")] == ["Azerbaijan", "Courts"]
    (enclosure,) = hearing.findall("enclosure")
    assert enclosure.get("type") == "image/jpeg"
    assert int(enclosure.get("length")) > 0
    assert hearing.findtext("media:rating", namespaces=NAMESPACES) == "nonadult"
    assert "Relatives waited" in hearing.findtext(
        "{http://purl.org/rss/1.0/modules/content/}encoded"
    )


@pytest.mark.django_db
def test_the_aggregators_feed_leaves_out_stories_older_than_three_days(client, en):
    now = timezone.now()
    StoryFactory(locale=en.locale, headline="Yesterday", published_at=now - timedelta(days=1))
    StoryFactory(locale=en.locale, headline="Last week", published_at=now - timedelta(days=7))

    assert [i.findtext("title") for i in xml_items(client, "/en/feeds/yandex.xml")] == ["Yesterday"]
    assert headlines(client, "/en/feeds/rss.xml") == ["Yesterday", "Last week"]


@pytest.mark.django_db
def test_hostile_text_makes_well_formed_feeds(client, en):
    StoryFactory(
        locale=en.locale,
        headline='A <script>alert("x")</script> ]]> <![CDATA[ bell\x07 escape\x1b',
        lead="Lead ]]> & <b>not bold</b>\x0b",
        body=[{"type": "paragraph", "value": "<p>Body ]]&gt; \x08 text</p>"}],
        authors=[AuthorFactory(name="Name\x01 ]]>", locale=en.locale)],
    )
    title = 'A <script>alert("x")</script> ]]> <![CDATA[ bell escape'

    for url in every_feed("/en/feeds/"):
        assert headlines(client, url) == [title], url
    (item,) = xml_items(client, "/en/feeds/yandex.xml")
    assert item.findtext("title") == title
    assert "Body ]]>" in item.findtext("yandex:full-text", namespaces=NAMESPACES)
    entry = parsed_feed(client, "/en/feeds/atom.xml").entries[0]
    assert entry.author == "Name ]]>"
    assert entry.summary == f"{LABEL}\n\nLead ]]> & <b>not bold</b>"


@pytest.mark.django_db
def test_an_edition_on_its_own_host_serves_its_feeds_there(client, ru, settings, wire):
    settings.ALLOWED_HOSTS = ["testserver", "ru.example.test"]
    ru.hostname = "ru.example.test"
    ru.save()

    feed = parsed_feed(client, "/feeds/rss.xml", host="ru.example.test")
    assert feed.feed.link == "http://ru.example.test/"
    assert feed.entries[0].link.startswith("http://ru.example.test/news/")


@pytest.mark.django_db
def test_the_edition_form_offers_the_feed_setting(admin_client, en):
    response = admin_client.get(reverse("wagtailsnippets_editions_edition:edit", args=[en.pk]))

    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="feed_text"' in page
    assert "Lead only" in page


@pytest.mark.django_db
def test_the_aggregators_get_every_photo_and_every_paragraph(client, en, photo):
    inline = PhotoFactory(credit="Leyla Aliyeva", default_caption="The square at noon")
    StoryFactory(
        locale=en.locale,
        headline="Baku: the square reopened",
        lead="",
        lead_photo=photo,
        body=[
            {"type": "paragraph", "value": "<h2>Background</h2><ul><li>One</li><li>Two</li></ul>"},
            {"type": "photo", "value": {"image": inline.pk, "caption": ""}},
        ],
    )

    (item,) = xml_items(client, "/en/feeds/yandex.xml")
    assert item.findtext("yandex:full-text", namespaces=NAMESPACES).split("\n\n") == [
        LABEL,
        "Background",
        "One",
        "Two",
    ]
    lead, shown = item.findall("enclosure")
    assert lead.get("url") == parsed_feed(client, "/en/feeds/rss.xml").entries[0].enclosures[0].href
    assert shown.get("url").endswith(".jpg") and shown.get("url") != lead.get("url")
    assert shown.get("type") == "image/jpeg"
    assert "Photo by Leyla Aliyeva for the “Caucasian Courier”" in item.findtext(
        "{http://purl.org/rss/1.0/modules/content/}encoded"
    )
    # A reader's feed attaches the lead photo only, as RSS allows one enclosure.
    assert len(parsed_feed(client, "/en/feeds/rss.xml").entries[0].enclosures) == 1
