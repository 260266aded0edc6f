"""While writing, an editor searches the agency's earlier stories from the editor's link dialog
and inserts a link to one: the "Earlier story" tab finds stories of both editions and every
state by their words in any form (or a word's beginning, as it is typed), best match first,
says which are not live, and inserts the story's address, which saving keeps as a link by the
story's id."""

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from lxml import html as lxml_html
from wagtail.test.utils.form_data import rich_text, streamfield

from dateline.newsroom.link_chooser import link_story, link_story_chosen, stories_to_link
from dateline.stories.factories import StoryFactory, story_admin_form
from dateline.stories.models import Story
from dateline.stories.outbox import reactions_run
from dateline.stories.services import story_withdraw
from dateline.stories.tests.test_admin_search import NASTY_QUERIES, RAW_QUERY_STRINGS

# What the rich text editor's link button sends when it opens the dialog on selected text.
LINK_DIALOG = {
    "page_type": "wagtailcore.page",
    "allow_external_link": "true",
    "allow_email_link": "true",
    "allow_phone_link": "true",
    "allow_anchor_link": "true",
    "link_text": "reported",
}
ROWS = '//table[@class="listing"]/tbody/tr'


def _modal(response) -> dict:
    assert response.status_code == 200, response.content[:500]
    return response.json()


def _tabs(modal_html: str) -> dict[str, str]:
    """The dialog's link-type tabs: name → address (the current one's address is empty)."""
    tabs = lxml_html.fromstring(modal_html).xpath('//p[@class="link-types"]')[0]
    return {
        " ".join(tab.text_content().split()): tab.get("href", "")
        for tab in tabs.iterchildren("a", "b")
    }


def _search(client, query: str, method: str = "post") -> str:
    send = client.post if method == "post" else client.get
    modal = _modal(send(reverse("dateline_newsroom:link_story"), {"q": query}))
    assert modal["step"] == "external_link"  # the handler that posts the tab's forms
    return modal["html"]


def _headlines(modal_html: str) -> list[str]:
    rows = lxml_html.fromstring(modal_html).xpath(ROWS)
    return [row.xpath("./td")[0].text_content().strip() for row in rows]


@pytest.fixture
def stories(en, ru):
    now = timezone.now()
    return {
        "en": StoryFactory(
            locale=en.locale,
            headline="Baku: journalist detained at the airport",
            published_at=now - timedelta(days=30),
        ),
        "ru": StoryFactory(
            locale=ru.locale,
            headline="Баку: журналиста задержали в аэропорту",
            published_at=now - timedelta(days=29),
        ),
        "other": StoryFactory(
            locale=en.locale, headline="Tbilisi: protest outside parliament", published_at=now
        ),
    }


@pytest.mark.django_db
def test_the_link_dialog_has_an_earlier_story_tab_beside_wagtails_own(admin_client, en):
    modal = _modal(admin_client.get(reverse("wagtailadmin_choose_page"), LINK_DIALOG))

    tabs = _tabs(modal["html"])
    assert list(tabs) == [
        "Internal link",
        "Earlier story",
        "External link",
        "Email link",
        "Phone link",
        "Anchor link",
    ]
    story_tab = urlsplit(tabs["Earlier story"])
    assert story_tab.path == reverse("dateline_newsroom:link_story")
    # The other tabs' links in the new tab keep what the editor's link button asked for.
    assert parse_qs(story_tab.query)["allow_email_link"] == ["true"]
    assert parse_qs(story_tab.query)["link_text"] == ["reported"]

    in_tab = _modal(admin_client.get(tabs["Earlier story"]))
    tabs_there = _tabs(in_tab["html"])
    assert tabs_there["Earlier story"] == ""  # the current tab
    external = urlsplit(tabs_there["External link"])
    assert external.path == reverse("wagtailadmin_choose_page_external_link")
    assert parse_qs(external.query)["allow_anchor_link"] == ["true"]


@pytest.mark.django_db
def test_a_page_field_chooser_has_no_link_tabs(admin_client, en):
    modal = _modal(admin_client.get(reverse("wagtailadmin_choose_page")))

    assert "Earlier story" not in modal["html"]


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["post", "get"])
def test_the_search_finds_stories_by_a_word_of_their_headline_in_each_edition(
    admin_client, stories, method
):
    assert _headlines(_search(admin_client, "journalist", method)) == [stories["en"].headline]
    assert _headlines(_search(admin_client, "журналиста", method)) == [stories["ru"].headline]
    # A word's beginning is enough, in either alphabet.
    assert _headlines(_search(admin_client, "Bak", method)) == [stories["en"].headline]
    assert _headlines(_search(admin_client, "журн", method)) == [stories["ru"].headline]
    assert _headlines(_search(admin_client, "parliament", method)) == [stories["other"].headline]


@pytest.mark.django_db
def test_a_search_in_both_editions_lists_each_storys_edition_state_and_time(admin_client, en, ru):
    StoryFactory(
        locale=en.locale,
        headline="COP29 opens in Baku",
        published_at=datetime(2024, 11, 11, 5, 0, tzinfo=UTC),
    )
    StoryFactory(
        locale=ru.locale,
        headline="COP29 открылась в Баку",
        published_at=datetime(2024, 11, 11, 6, 0, tzinfo=UTC),
    )
    StoryFactory(locale=en.locale, headline="COP29: the final text", publish=False)
    StoryFactory(locale=en.locale, headline="Protest in Tbilisi")

    page = lxml_html.fromstring(_search(admin_client, "cop29"))

    rows = [
        [" ".join(cell.text_content().split()) for cell in row.xpath("./td")[:4]]
        for row in page.xpath(ROWS)
    ]
    # Not yet published first, then the newest; each time in its edition's zone.
    assert rows == [
        ["COP29: the final text", en.name, "draft", ""],
        ["COP29 открылась в Баку", ru.name, "live", "11 Nov 2024, 09:00 MSK"],
        ["COP29 opens in Baku", en.name, "live", "11 Nov 2024, 05:00 GMT"],
    ]
    assert "not live reads as plain text" in page.text_content()


@pytest.mark.django_db
def test_of_stories_that_match_equally_the_newest_are_listed(en):
    for hour in range(3):
        StoryFactory(
            locale=en.locale,
            headline=f"Earthquake report {hour}",
            published_at=timezone.now() - timedelta(hours=hour),
        )
    reactions_run()

    listed, more = stories_to_link("earthquake", limit=2)

    assert [story.headline for story in listed] == ["Earthquake report 0", "Earthquake report 1"]
    assert more


@pytest.mark.django_db
def test_a_headline_match_is_listed_above_a_newer_mention_in_the_text(en):
    headline = StoryFactory(
        locale=en.locale,
        headline="Earthquake in Shamakhi",
        published_at=timezone.now() - timedelta(days=20),
    )
    StoryFactory(
        locale=en.locale,
        headline="Schools reopen in Shamakhi",
        body=[{"type": "paragraph", "value": "<p>They closed after the earthquake.</p>"}],
    )
    reactions_run()

    listed, _more = stories_to_link("earthquake")

    assert [story.headline for story in listed] == [
        headline.headline,
        "Schools reopen in Shamakhi",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["Мемориалом", "мемориала", "МЕМОРИАЛ", "Мемор"])
def test_a_russian_word_in_any_form_or_its_beginning_finds_a_draft(admin_client, ru, query):
    draft = StoryFactory(locale=ru.locale, headline="Суд над «Мемориалом» отложен", publish=False)
    StoryFactory(locale=ru.locale, headline="В Баку открылась выставка", publish=False)

    assert _headlines(_search(admin_client, query)) == [draft.headline]


@pytest.mark.django_db
def test_a_word_being_typed_finds_the_words_it_begins(admin_client, ru):
    StoryFactory(locale=ru.locale, headline="Шушинский район ждёт туристов", publish=False)

    assert _headlines(_search(admin_client, "Шуш")) == ["Шушинский район ждёт туристов"]


@pytest.mark.django_db
def test_stories_of_every_state_and_edition_are_found(admin_client, en, ru):
    StoryFactory(locale=ru.locale, headline="«Мемориал»: черновик", publish=False)
    scheduled = StoryFactory(locale=ru.locale, headline="«Мемориал»: в расписании", publish=False)
    scheduled.go_live_at = timezone.now() + timedelta(days=1)
    scheduled.save_revision().publish()
    withdrawn = StoryFactory(locale=ru.locale, headline="«Мемориал»: снятая заметка")
    story_withdraw(story=withdrawn, reason="Error", user=None)
    StoryFactory(locale=ru.locale, headline="«Мемориал»: опубликовано")
    # A Latin name reads the same in both editions.
    StoryFactory(locale=ru.locale, headline="Memorial: слушания отложены")
    StoryFactory(locale=en.locale, headline="Memorial hearing postponed")
    reactions_run()

    rows = {
        headline: " ".join(row.split())
        for headline, row in _rows_by_headline(_search(admin_client, "Мемориала")).items()
    }
    assert set(rows) == {
        "«Мемориал»: черновик",
        "«Мемориал»: в расписании",
        "«Мемориал»: снятая заметка",
        "«Мемориал»: опубликовано",
    }
    assert "draft" in rows["«Мемориал»: черновик"]
    assert "scheduled" in rows["«Мемориал»: в расписании"]
    assert "withdrawn" in rows["«Мемориал»: снятая заметка"]
    assert "live" in rows["«Мемориал»: опубликовано"]
    assert set(_headlines(_search(admin_client, "memorial"))) == {
        "Memorial: слушания отложены",
        "Memorial hearing postponed",
    }


def _rows_by_headline(modal_html: str) -> dict[str, str]:
    rows = lxml_html.fromstring(modal_html).xpath(ROWS)
    return {row.xpath("./td")[0].text_content().strip(): row.text_content() for row in rows}


@pytest.mark.django_db
def test_the_search_costs_as_many_queries_for_a_full_list_as_for_one_story(en, ru):
    StoryFactory(locale=en.locale, headline="Flood in Derbent")

    def queries() -> int:
        stories_to_link("flood", limit=3)  # the editions are read once, then kept
        with CaptureQueriesContext(connection) as captured:
            listed, _more = stories_to_link("flood", limit=3)
        assert listed
        return len(captured)

    one = queries()
    for number in range(4):
        StoryFactory(locale=ru.locale if number % 2 else en.locale, headline=f"Flood {number}")

    # A match in each edition's language, the stories, and what their rows show.
    assert queries() == one <= 6


@pytest.mark.django_db
def test_no_query_lists_nothing_and_says_what_to_do(admin_client, stories):
    modal_html = _search(admin_client, "", method="get")

    assert _headlines(modal_html) == []
    assert "Search the stories of every edition" in modal_html


@pytest.mark.django_db
def test_choosing_a_story_inserts_its_address(admin_client, stories):
    earlier = stories["ru"]
    page = lxml_html.fromstring(_search(admin_client, "журналиста"))
    (choose,) = page.xpath(f'//tr[@data-story="{earlier.pk}"]//form/@action')

    modal = _modal(admin_client.post(choose))

    assert modal == {
        "step": "external_link_chosen",
        "result": {
            "url": earlier.url,
            "title": "Баку: журналиста задержали в аэропорту",
            "prefer_this_title_as_link_text": False,
        },
    }


@pytest.mark.django_db
def test_the_inserted_address_is_saved_as_a_link_to_the_story(admin_client, en, stories):
    earlier = stories["ru"]
    chosen = reverse("dateline_newsroom:link_story_chosen", args=[earlier.pk])
    address = _modal(admin_client.post(chosen))["result"]["url"]
    story = StoryFactory(locale=en.locale, headline="Baku: journalist freed", publish=False)

    body = streamfield(
        [("paragraph", rich_text(f'<p>The agency <a href="{address}">reported</a> it.</p>'))]
    )
    response = admin_client.post(
        reverse("wagtailsnippets_stories_story:edit", args=[story.pk]),
        story_admin_form(headline=story.headline, body=body),
    )
    assert response.status_code == 302

    story = Story.objects.get(pk=story.pk).get_latest_revision_as_object()
    paragraph = story.body.raw_data[0]["value"]
    assert f'<a linktype="story" id="{earlier.pk}">reported</a>' in paragraph


@pytest.mark.django_db
def test_a_story_of_no_edition_or_none_at_all_cannot_be_chosen(admin_client, stories):
    url = reverse("dateline_newsroom:link_story_chosen", args=[stories["en"].pk + 1000])

    assert admin_client.post(url).status_code == 404


@pytest.mark.django_db
def test_who_may_not_edit_stories_gets_neither_the_tab_nor_the_search(
    client, django_user_model, stories
):
    # Into the admin, and may edit pages, but not stories.
    user = django_user_model.objects.create_user(username="visitor", password="pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)

    dialog = _modal(client.get(reverse("wagtailadmin_choose_page"), LINK_DIALOG))
    assert "Earlier story" not in _tabs(dialog["html"])
    assert "External link" in _tabs(dialog["html"])

    # Refused as the admin refuses: a page is sent to the dashboard with a message; the
    # dialog's requests (XMLHttpRequest) get Django's 403 for the PermissionDenied raised here.
    search = reverse("dateline_newsroom:link_story")
    chosen = reverse("dateline_newsroom:link_story_chosen", args=[stories["en"].pk])
    for refused in (client.get(search, {"q": "Baku"}), client.post(chosen)):
        assert refused.status_code == 302 and refused["Location"] == reverse("wagtailadmin_home")
    asked = RequestFactory().post(search, {"q": "Baku"})
    asked.user = user
    with pytest.raises(PermissionDenied):
        link_story(asked)
    with pytest.raises(PermissionDenied):
        link_story_chosen(asked, stories["en"].pk)


@pytest.mark.django_db
def test_nobody_signed_in_is_sent_to_log_in(client, stories):
    response = client.get(reverse("dateline_newsroom:link_story"), {"q": "Baku"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


@pytest.mark.django_db
def test_a_hostile_query_is_shown_as_text(admin_client, stories):
    hostile = '"><script>alert(1)</script><img src=x onerror=alert(2)>'

    modal_html = _search(admin_client, hostile)

    assert "<script>alert(1)" not in modal_html
    assert "<img src=x" not in modal_html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in modal_html
    (field,) = lxml_html.fromstring(modal_html).xpath('//input[@name="q"]')
    assert field.get("value") == hostile


@pytest.mark.django_db
def test_any_query_text_gets_an_answer_never_an_error(admin_client, stories):
    url = reverse("dateline_newsroom:link_story")
    failures = {}
    for query in NASTY_QUERIES:
        for send in (admin_client.get, admin_client.post):
            status = send(url, {"q": query}).status_code
            if status != 200:
                failures[f"{send.__name__} {query[:30]}"] = status
    for query_string in RAW_QUERY_STRINGS:
        status = admin_client.get(f"{url}?{query_string}").status_code
        if status != 200:
            failures[query_string] = status
    assert failures == {}
