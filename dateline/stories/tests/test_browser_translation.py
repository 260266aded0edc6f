"""A reader in a real browser: from a translated story to its original, under the label banner."""

import pytest


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reader_follows_a_translation_to_its_original(
    live_server, settings, reference_pair, request
):
    settings.BASE_URL = live_server.url  # the links the pages print lead back to this server
    original, translation = reference_pair
    original_url, translation_url = original.url, translation.url
    browser = request.getfixturevalue("browser")  # no database access once the browser runs
    page = browser.new_page(viewport={"width": 1280, "height": 900})

    assert translation_url.startswith(f"{live_server.url}/en/news/")
    page.goto(translation_url)
    assert page.locator("h1").inner_text() == translation.headline
    assert page.locator(".dateline time").inner_text() == "07 April 2021, 20:28"
    assert page.locator(".label-banner").inner_text() == "FOREIGN AGENT LABEL"
    note = page.locator(".translation-note")
    assert "on April 7, 2021 at 10:18 am MSK" in note.inner_text()

    note.get_by_role("link", name="here").click()
    page.wait_for_url(original_url)
    assert page.locator("h1").inner_text() == original.headline
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.locator(".dateline time").inner_text() == "7 апреля 2021, 10:18"
    assert page.locator(".label-banner").inner_text() == "МАТЕРИАЛ ИНОАГЕНТА"
    assert page.locator(".label-banner").is_visible()
