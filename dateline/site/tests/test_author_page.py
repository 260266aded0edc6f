"""An author's page: their name in the edition's script, their stories newest first, page by
page; no page for an author of another edition or with nothing published."""

from datetime import UTC, datetime, timedelta

import pytest

from dateline.site import authors
from dateline.stories.factories import AuthorFactory, StoryFactory


@pytest.fixture
def tumanova(en, ru):
    english = AuthorFactory(name="Nina Tumanova", locale=en.locale, bio="Covers the courts.")
    russian = AuthorFactory(
        name="Нина Туманова", locale=ru.locale, translation_key=english.translation_key
    )
    return english, russian


@pytest.mark.django_db
def test_author_page_speaks_the_editions_script(client, en, ru, tumanova):
    english, russian = tumanova
    StoryFactory(locale=ru.locale, headline="Суд отложил слушание", authors=[russian])
    page = client.get(f"/ru/authors/{russian.slug}/").content.decode()
    assert russian.slug == "nina-tumanova"
    assert "<h1>Нина Туманова</h1>" in page
    assert "<title>Нина Туманова — Кавказский вестник</title>" in page
    assert "Суд отложил слушание" in page
    assert f'<link rel="canonical" href="http://testserver/ru/authors/{russian.slug}/">' in page


@pytest.mark.django_db
def test_author_stories_page_newest_first_by_cursor(client, en, tumanova, monkeypatch):
    english, _ = tumanova
    monkeypatch.setattr(authors, "STORIES_PER_PAGE", 2)
    start = datetime(2024, 4, 20, 9, tzinfo=UTC)
    for day in range(5):
        StoryFactory(
            locale=en.locale,
            headline=f"Story of day {day}",
            authors=[english],
            published_at=start + timedelta(days=day),
        )
    first = client.get(f"/en/authors/{english.slug}/")
    text = first.content.decode()
    assert text.index("Story of day 4") < text.index("Story of day 3")
    assert "Story of day 2" not in text
    assert "Covers the courts." in text
    older = first.context["older_url"]
    second = client.get(older).content.decode()
    assert "Story of day 2" in second and "Story of day 1" in second
    assert "Story of day 3" not in second
    assert '<meta name="robots" content="noindex, follow">' in second


@pytest.mark.django_db
def test_no_author_page_for_drafts_only_or_another_edition(client, en, ru, tumanova):
    english, russian = tumanova
    StoryFactory(locale=en.locale, headline="Unpublished", authors=[english], publish=False)
    assert client.get(f"/en/authors/{english.slug}/").status_code == 404
    StoryFactory(locale=en.locale, headline="Published", authors=[english])
    assert client.get(f"/en/authors/{english.slug}/").status_code == 200
    # The Russian author's page has none of the English stories, so there is none.
    response = client.get(f"/ru/authors/{russian.slug}/")
    assert response.status_code == 404
    assert "Unpublished" not in response.content.decode()
    assert client.get("/en/authors/nobody/").status_code == 404


@pytest.mark.django_db
def test_byline_links_to_the_author_page(client, en, tumanova):
    english, _ = tumanova
    story = StoryFactory(locale=en.locale, authors=[english])
    page = client.get(story.url).content.decode()
    assert f'href="http://testserver/en/authors/{english.slug}/">Nina Tumanova</a>' in page
