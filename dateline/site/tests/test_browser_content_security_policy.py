"""In a real browser nothing on a reader page breaks the strict Content-Security-Policy, and an
editor logs in and works in the admin under its own policy."""

import pytest
from django.contrib.auth import get_user_model

from dateline.stories.factories import StoryFactory

HEADLINE = "Dagestan: villagers block road demanding gas supply"


def _watch_for_violations(page) -> list[str]:
    """Chromium reports every refused script, style or connection on the console."""
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return violations


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reader_pages_and_the_admin_keep_to_their_policies(asgi_server, en, request):
    story_url = StoryFactory(locale=en.locale, headline=HEADLINE).url
    get_user_model().objects.create_superuser("chief", "chief@example.com", "pw-chief-1")
    browser = request.getfixturevalue("browser")

    reader = browser.new_page()
    reader_violations = _watch_for_violations(reader)
    for url in (f"{asgi_server}/en/", f"{asgi_server}/en/news/", story_url):
        response = reader.goto(url)
        assert "'unsafe-inline'" not in response.headers["content-security-policy"]
        assert reader.get_by_text(HEADLINE).first.is_visible()
    reader.wait_for_timeout(500)  # the live stream connects after load
    assert reader_violations == []

    admin = browser.new_context().new_page()
    admin_violations = _watch_for_violations(admin)
    admin.goto(f"{asgi_server}/admin/login/")
    admin.fill("#id_username", "chief")
    admin.fill("#id_password", "pw-chief-1")
    admin.click("button[type=submit]")
    admin.wait_for_url(f"{asgi_server}/admin/")
    admin.goto(f"{asgi_server}/admin/snippets/stories/story/?locale=en")
    admin.get_by_role("link", name=HEADLINE).click()
    admin.wait_for_url("**/admin/snippets/stories/story/edit/**")
    assert admin.locator("#id_headline").input_value() == HEADLINE
    admin.wait_for_timeout(500)
    assert admin_violations == []
