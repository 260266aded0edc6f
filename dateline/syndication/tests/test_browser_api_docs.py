"""A subscriber opens the API's docs in a browser, enters the key and tries the list of stories:
the page works under the site's strict Content-Security-Policy and fetches nothing from
another origin."""

import pytest

from dateline.stories.factories import StoryFactory

from .api_reading import key_made

HEADLINE = "Dagestan: villagers block road demanding gas supply"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_subscriber_tries_the_api_from_its_docs(asgi_server, en, request):
    StoryFactory(locale=en.locale, headline=HEADLINE)
    key = key_made(en)
    browser = request.getfixturevalue("browser")
    page = browser.new_page()
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if m.type == "error" else None)
    elsewhere: list[str] = []
    page.on(
        "request", lambda r: elsewhere.append(r.url) if not r.url.startswith(asgi_server) else None
    )

    page.goto(f"{asgi_server}/api/docs")
    page.get_by_role("button", name="Authorize").first.click()
    page.locator(".auth-container input").first.fill(key)
    page.get_by_role("button", name="Apply credentials").first.click()
    page.get_by_role("button", name="Close").first.click()
    page.locator(".opblock-summary-path", has_text="/api/stories").first.click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()

    status = page.locator(".live-responses-table tbody .response-col_status").first
    status.wait_for(timeout=15000)
    assert status.inner_text().strip() == "200"
    assert (
        HEADLINE
        in page.locator(".live-responses-table tbody .response-col_description").inner_text()
    )
    assert refused == [] and elsewhere == []
