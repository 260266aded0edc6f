"""The admin's Stories listing, as an editor reads it: states in words, editions, authors,
translation states, filters for each, and the same queries for a long page as for a short one."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Workflow

from dateline.stories.factories import AuthorFactory, StoryFactory
from dateline.stories.models import Story, TranslationKind
from dateline.stories.services import translation_create

LIST_URL = reverse("wagtailsnippets_stories_story:list_results")


def _rows(client, **filters) -> dict[str, str]:
    """Each listed story's headline → its row's text."""
    page = client.get(LIST_URL, filters).content.decode()
    rows = {}
    for row in page.split("<tr")[2:]:  # the header row first
        for story in Story.objects.all():
            if story.headline in row:
                rows[story.headline] = " ".join(row.split())
    return rows


@pytest.fixture
def newsroom(en, ru, admin_user):
    """One story in each state, with an author and a translation."""
    author = AuthorFactory(locale=en.locale, name="Olga Mironova")
    live = StoryFactory(locale=en.locale, headline="Live story", authors=[author])
    StoryFactory(locale=en.locale, headline="Live story edited since").save_revision()
    StoryFactory(locale=en.locale, headline="Withdrawn story").unpublish()
    draft = StoryFactory(locale=en.locale, headline="Draft story", publish=False)
    scheduled = StoryFactory(locale=en.locale, headline="Scheduled story", publish=False)
    scheduled.go_live_at = timezone.now() + timedelta(days=1)
    scheduled.save_revision().publish()
    review = StoryFactory(locale=en.locale, headline="Story in review", publish=False)
    Workflow.objects.get(name="Newsroom review").start(review, admin_user)
    translation = translation_create(original=live, locale=ru.locale, kind=TranslationKind.ABRIDGED)
    translation.headline = "Перевод"
    translation.save_revision().publish()
    return {"author": author, "draft": draft}


@pytest.mark.django_db
def test_each_story_shows_its_state_in_words(admin_client, newsroom):
    rows = _rows(admin_client)

    assert "live + draft" in rows["Live story edited since"]
    for headline, state in {
        "Live story": "live",
        "Withdrawn story": "withdrawn",
        "Draft story": "draft",
        "Scheduled story": "scheduled",
        "Story in review": "in review",
    }.items():
        assert f">{state}<" in rows[headline].replace("> ", ">").replace(" <", "<"), headline
    assert "True" not in "".join(rows.values()) and "False" not in "".join(rows.values())


@pytest.mark.django_db
def test_each_story_shows_its_edition_authors_and_translation_state(admin_client, newsroom):
    rows = _rows(admin_client)

    assert "English" in rows["Live story"]
    assert "Olga Mironova" in rows["Live story"]
    assert "translated: Русский" in rows["Live story"]
    assert "abridged translation from English" in rows["Перевод"]
    assert "not translated" in rows["Draft story"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("filters", "listed"),
    [
        ({"state": "in_review"}, {"Story in review"}),
        ({"state": "scheduled"}, {"Scheduled story"}),
        ({"state": "draft"}, {"Draft story"}),
        ({"state": "withdrawn"}, {"Withdrawn story"}),
        ({"translation": "abridged"}, {"Перевод"}),
        ({"translation": "translated"}, {"Live story"}),
    ],
)
def test_the_listing_filters_by_state_and_translation(admin_client, newsroom, filters, listed):
    assert set(_rows(admin_client, **filters)) == listed


@pytest.mark.django_db
def test_the_listing_filters_by_author(admin_client, newsroom):
    assert set(_rows(admin_client, author=newsroom["author"].pk)) == {"Live story"}


@pytest.mark.django_db
def test_the_columns_cost_no_query_per_row(admin_client, en, django_assert_max_num_queries):
    author = AuthorFactory(locale=en.locale)
    StoryFactory.create_batch(3, locale=en.locale, authors=[author])
    admin_client.get(LIST_URL)
    with django_assert_max_num_queries(100) as short:
        admin_client.get(LIST_URL)
        queries = len(short)

    StoryFactory.create_batch(20, locale=en.locale, authors=[author])

    # Wagtail's own Translate button asks, per row, whether a locale lacks a version: the one
    # query a row costs. State, edition, authors and translations cost none.
    with django_assert_max_num_queries(queries + 20):
        admin_client.get(LIST_URL)
