"""Editors may type anything into an admin search box: every listing, search and chooser answers
with a page, on SQLite and PostgreSQL alike, and search still finds stories by their words."""

from urllib.parse import quote

import pytest
from django.urls import reverse
from wagtail.search.backends import get_search_backend

from dateline.core.search import MAX_WORDS, search_query_clean
from dateline.photos.factories import PhotoFactory
from dateline.stories.factories import StoryFactory
from dateline.stories.models import Author, Story

NASTY_QUERIES = [
    '"',
    'a"b',
    '"bridge',
    '""',
    "'",
    "\\",
    '\\"',
    "a\x00b",
    "AND",
    "OR NOT",
    "-",
    "-bridge",
    "*",
    "bridge*",
    "(",
    "a & b | !c <-> d:*",
    "NEAR(a b)",
    "headline:bridge",
    "{title} : x",
    "' OR 1=1 --",
    "%_",
    "\u200b\ufeff",
    "🙂 мост ünï ß İ",
    "bridge " * 3000,
    '"a" ' * 500,
    "x" * 10_000,
]
# As a browser sends them: bytes that are not UTF-8 (a lone surrogate's), and a bare %.
RAW_QUERY_STRINGS = ["q=%ED%A0%80", "q=%FF%FE", "q=%", "q=%00"]

ADMIN_SEARCHES = [
    "wagtailsnippets_stories_story:list",
    "wagtailsnippets_stories_story:list_results",
    "wagtailsnippets_stories_author:list",
    "wagtailsnippets_stories_author:list_results",
    "wagtailsnippetchoosers_stories_story:choose",
    "wagtailsnippetchoosers_stories_story:choose_results",
    "wagtailsnippetchoosers_stories_author:choose_results",
    "wagtailimages:index",
    "wagtailimages:index_results",
    "wagtailimages_chooser:choose",
    "wagtailimages_chooser:choose_results",
    "wagtaildocs:index_results",
    "wagtaildocs_chooser:choose_results",
    "wagtailsnippets_editions_edition:list",
    "wagtailsnippets_editions_edition:list_results",
    "wagtailsnippetchoosers_editions_edition:choose_results",
    "wagtailadmin_pages:search",
    "wagtailadmin_pages:search_results",
    "wagtailadmin_choose_page_search",
    "wagtailusers_users:index_results",
    "wagtailusers_groups:index_results",
    "wagtailsites:index_results",
    "wagtaillocales:index_results",
    "wagtailredirects:index_results",
    "wagtailadmin_workflows:index_results",
]


@pytest.fixture
def editor_client(client, django_user_model, en, en_front):
    StoryFactory(locale=en.locale, headline="A new bridge opened in Baku")
    Author.objects.create(locale=en.locale, name="Aziz Karimov")
    PhotoFactory(title="The bridge at night", credit="Aziz Karimov")
    client.force_login(django_user_model.objects.create_superuser("chief", "c@x.org", "pw"))
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ADMIN_SEARCHES)
def test_any_query_text_gets_a_page_never_an_error(editor_client, url_name):
    url = reverse(url_name)
    failures = {}
    for query in NASTY_QUERIES:
        status = editor_client.get(url, {"q": query}).status_code
        if status != 200:
            failures[query[:30]] = status
    for query_string in RAW_QUERY_STRINGS:
        status = editor_client.get(f"{url}?{query_string}").status_code
        if status != 200:
            failures[query_string] = status
    assert failures == {}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url_name",
    [
        "wagtailsnippets_stories_story:list_results",
        "wagtailsnippets_stories_author:list_results",
        "wagtailsnippetchoosers_stories_story:choose_results",
        "wagtailimages:index_results",
        "wagtailimages_chooser:choose_results",
        "wagtailadmin_pages:search_results",
        "wagtailusers_users:index",
        "wagtailusers_groups:index",
        "wagtailadmin_workflows:index",
    ],
)
def test_a_query_longer_than_any_database_pattern_gets_a_page(editor_client, url_name):
    # Searches through the search index keep MAX_WORDS words of it (dateline.core.search);
    # the listings that match with LIKE get the first 1,000 characters (newsroom.middleware).
    assert editor_client.get(reverse(url_name), {"q": "x" * 100_000}).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url_name",
    [
        "wagtailsnippets_stories_story:list_results",
        "wagtailsnippetchoosers_stories_story:choose_results",
    ],
)
@pytest.mark.parametrize("query", ["bridge", "Bridge", "bri", '"bridge"', "bridge, Baku!"])
def test_search_finds_the_story_by_a_word_of_its_headline(editor_client, en, url_name, query):
    StoryFactory(locale=en.locale, headline="Protest in Tbilisi")

    page = editor_client.get(f"{reverse(url_name)}?q={quote(query)}").content.decode()

    assert "A new bridge opened in Baku" in page
    assert "Protest in Tbilisi" not in page


@pytest.mark.django_db
def test_search_finds_an_author_by_name(editor_client):
    url = reverse("wagtailsnippets_stories_author:list_results")

    assert "Aziz Karimov" in editor_client.get(url, {"q": "karim"}).content.decode()
    assert "Aziz Karimov" not in editor_client.get(url, {"q": "nobody"}).content.decode()


@pytest.mark.django_db
def test_a_query_of_nothing_but_punctuation_finds_nothing(en):
    StoryFactory(locale=en.locale, headline="A new bridge opened in Baku")
    backend = get_search_backend()

    for query in ['"', "- * ( )", "\x00"]:
        assert list(backend.autocomplete(query, Story)) == [], query
        assert list(backend.search(query, Story)) == [], query


def test_cleaning_keeps_words_and_drops_what_no_index_holds():
    assert search_query_clean('say "hello"\x00 world\ud800') == "say hello world"
    assert search_query_clean("мост ünï 🙂") == "мост ünï 🙂"
    assert len(search_query_clean("w " * 1000).split()) == MAX_WORDS
