"""Editors search everything, drafts included: the admin's Stories listing and its story chooser
find the stories of both editions in every state by their words in any form, each edition read
in its language, best match first; the listing's filters still apply; any text gets a page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from lxml import html as lxml_html

from dateline.search.newsroom import newsroom_search
from dateline.stories.factories import AuthorFactory, StoryFactory
from dateline.stories.models import Story
from dateline.stories.outbox import reactions_run
from dateline.stories.services import story_withdraw
from dateline.stories.tests.test_admin_search import NASTY_QUERIES, RAW_QUERY_STRINGS

LIST_URL = reverse("wagtailsnippets_stories_story:list_results")
CHOOSER_URL = reverse("wagtailsnippetchoosers_stories_story:choose_results")


def _paragraph(text: str) -> list[dict]:
    return [{"type": "paragraph", "value": f"<p>{text}</p>"}]


def _listed(client, url: str = LIST_URL, **asked) -> list[str]:
    """The headlines the page lists, in its order."""
    response = client.get(url, asked)
    assert response.status_code == 200
    page = lxml_html.fromstring(response.content.decode())
    return [
        " ".join(link.text_content().split())
        for link in page.xpath(
            '//tbody/tr/td[contains(@class, "title")]/div[@class="title-wrapper"]/a'
        )
    ]


@pytest.fixture
def newsroom(en, ru):
    """«Мемориал» in a story of each state of the Russian edition, and English stories."""
    StoryFactory(locale=ru.locale, headline="Черновик о «Мемориале»", publish=False)
    scheduled = StoryFactory(locale=ru.locale, headline="Суд над «Мемориалом»", publish=False)
    scheduled.go_live_at = timezone.now() + timedelta(days=1)
    scheduled.save_revision().publish()
    withdrawn = StoryFactory(locale=ru.locale, headline="Сотрудники «Мемориала» задержаны")
    story_withdraw(story=withdrawn, reason="Legal", user=None)
    StoryFactory(locale=ru.locale, headline="«Мемориал» подал жалобу")
    StoryFactory(locale=ru.locale, headline="В Баку открылась выставка")
    StoryFactory(locale=en.locale, headline="Missiles hit a fuel depot", publish=False)
    StoryFactory(locale=en.locale, headline="Memorial hearing postponed")
    reactions_run()  # the outbox follows a commit, which a test's transaction never makes


RUSSIAN_STATES = {
    "Черновик о «Мемориале»": "draft",
    "Суд над «Мемориалом»": "scheduled",
    "Сотрудники «Мемориала» задержаны": "withdrawn",
    "«Мемориал» подал жалобу": "live",
}


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["Мемориалом", "мемориала", "МЕМОРИАЛЕ", "Мемори"])
def test_a_russian_word_in_any_form_finds_stories_in_every_state(admin_client, newsroom, query):
    assert set(_listed(admin_client, q=query)) == set(RUSSIAN_STATES)


@pytest.mark.django_db
@pytest.mark.parametrize(("state", "headline"), [(s, h) for h, s in RUSSIAN_STATES.items()])
def test_the_state_filter_applies_to_a_search(admin_client, newsroom, state, headline):
    assert _listed(admin_client, q="Мемориалом", state=state) == [headline]


@pytest.mark.django_db
def test_an_english_word_finds_english_stories_of_any_state(admin_client, newsroom):
    assert _listed(admin_client, q="missile") == ["Missiles hit a fuel depot"]
    assert _listed(admin_client, q="memorials") == ["Memorial hearing postponed"]


@pytest.mark.django_db
def test_the_locale_and_author_filters_apply_to_a_search(admin_client, en, ru):
    author = AuthorFactory(locale=en.locale, name="Olga Mironova")
    StoryFactory(locale=en.locale, headline="Flood in Derbent", authors=[author])
    StoryFactory(locale=en.locale, headline="Flood in Baku")
    StoryFactory(locale=ru.locale, headline="Flood: наводнение в Дербенте")
    reactions_run()

    assert set(_listed(admin_client, q="flood")) == {
        "Flood in Derbent",
        "Flood in Baku",
        "Flood: наводнение в Дербенте",
    }
    assert _listed(admin_client, q="flood", locale=ru.locale.language_code) == [
        "Flood: наводнение в Дербенте"
    ]
    assert _listed(admin_client, q="flood", author=author.pk) == ["Flood in Derbent"]


@pytest.mark.django_db
def test_the_best_match_comes_first_unless_the_editor_orders_by_a_column(admin_client, ru):
    mention = StoryFactory(
        locale=ru.locale,
        headline="Новости Карабаха",
        body=_paragraph("В Шуше прошла встреча."),
        published_at=timezone.now(),
    )
    headline = StoryFactory(
        locale=ru.locale,
        headline="Шуша: открыт новый музей",
        published_at=timezone.now() - timedelta(days=3),
    )
    reactions_run()

    assert _listed(admin_client, q="Шуше") == [headline.headline, mention.headline]
    newest_first = _listed(admin_client, q="Шуше", ordering="-first_published_at")
    assert newest_first == [mention.headline, headline.headline]


@pytest.mark.django_db
def test_the_listing_says_when_it_shows_only_the_best_matches(admin_client, en, monkeypatch):
    monkeypatch.setattr("dateline.stories.wagtail_hooks.StoryIndexView.search_limit", 2)
    for number in range(3):
        StoryFactory(locale=en.locale, headline=f"Earthquake report {number}")
    reactions_run()

    cut = admin_client.get(LIST_URL, {"q": "earthquake"}).content.decode()
    whole = admin_client.get(LIST_URL, {"q": "earthquake 1"}).content.decode()

    assert "Only the best 2 matches are listed" in cut
    assert "Only the best" not in whole


@pytest.mark.django_db
def test_the_story_chooser_finds_a_draft_by_an_inflected_word_and_a_beginning(admin_client, ru):
    draft = StoryFactory(locale=ru.locale, headline="Шушинский район ждёт туристов", publish=False)
    StoryFactory(locale=ru.locale, headline="Суд над «Мемориалом»", publish=False)

    assert _listed(admin_client, CHOOSER_URL, q="Шуш") == [draft.headline]
    assert _listed(admin_client, CHOOSER_URL, q="туриста") == [draft.headline]


@pytest.mark.django_db
@pytest.mark.parametrize("url", [LIST_URL, CHOOSER_URL])
def test_any_query_text_gets_a_page(admin_client, newsroom, url):
    failures = {}
    for query in NASTY_QUERIES:
        status = admin_client.get(url, {"q": query, "state": "draft"}).status_code
        if status != 200:
            failures[query[:30]] = status
    for query_string in RAW_QUERY_STRINGS:
        status = admin_client.get(f"{url}?{query_string}").status_code
        if status != 200:
            failures[query_string] = status
    assert failures == {}


@pytest.mark.django_db
def test_a_latin_name_finds_the_stories_of_both_editions_best_first(en, ru):
    english = StoryFactory(locale=en.locale, headline="Memorial hearing postponed")
    russian = StoryFactory(locale=ru.locale, headline="Memorial: слушания отложены")
    mention = StoryFactory(locale=ru.locale, body=_paragraph("Дело Memorial рассмотрят позже."))
    StoryFactory(locale=ru.locale, headline="В Баку открылась выставка")
    reactions_run()

    found = newsroom_search("Memorial", limit=10)

    assert set(found[:2]) == {english.pk, russian.pk}
    assert found[2:] == [mention.pk]
    assert len(newsroom_search("Memorial", limit=2)) == 2
    within = Story.objects.filter(locale=ru.locale)
    assert set(newsroom_search("Memorial", within=within, limit=10)) == {russian.pk, mention.pk}
    assert newsroom_search('"\x00 * -', limit=10) == []
