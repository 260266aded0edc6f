"""A reader on a story page types words into the masthead's search box, submits, and reads the
results with the words marked, in a real browser."""

import pytest

from dateline.stories.factories import StoryFactory


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_reader_searches_from_a_story_page_and_sees_the_words_marked(asgi_server, ru, request):
    story_url = StoryFactory(locale=ru.locale, headline="Шуша: открыт новый музей").url
    StoryFactory(
        locale=ru.locale,
        headline="Суд над «Мемориалом» отложен",
        body=[{"type": "paragraph", "value": "<p>Сотрудники «Мемориала» подали жалобу.</p>"}],
    )
    browser = request.getfixturevalue("browser")  # after the data: see the fixture
    page = browser.new_page(viewport={"width": 360, "height": 740})

    page.goto(story_url)
    box = page.get_by_role("searchbox", name="Поиск по новостям")
    box.fill("мемориалу")
    box.press("Enter")
    page.wait_for_url("**/ru/search/?q=*")

    results = page.locator(".search-results .story-item")
    assert results.count() == 1
    assert results.locator("a mark").first.inner_text() == "Мемориалом"
    assert results.locator(".snippet mark").first.inner_text() == "Мемориала"
    assert page.title() == "Поиск: мемориалу — Кавказский вестник"
    results.locator("a").first.click()
    page.wait_for_url("**/news/**")
    assert page.locator("h1").inner_text() == "Суд над «Мемориалом» отложен"
