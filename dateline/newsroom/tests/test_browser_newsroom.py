"""The newsroom in a real browser: a reporter's draft goes through an editor's review to readers,
is handed to a translator on the desk, and the translation goes out the same way."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from dateline.stories.models import Story

HEADLINE = "Dagestan: villagers block road demanding gas supply"
TRANSLATED = "Дагестан: сельчане перекрыли трассу, требуя газа"
# Where the admin goes after a submission or an approval: the Stories listing.
LISTING = re.compile(r".*/admin/snippets/stories/story/(\?.*)?$")


def _people() -> None:
    for name, role in (("rita", "Reporter"), ("ed", "Editor"), ("nina", "Translator")):
        user = get_user_model().objects.create_user(name, f"{name}@example.org", f"pw-{name}-1")
        user.groups.add(Group.objects.get(name=role))


def _signed_in(browser, base: str, name: str):
    page = browser.new_context().new_page()
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", name)
    page.fill("#id_password", f"pw-{name}-1")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/admin/")
    return page


def _action(page, name: str) -> None:
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name=name, exact=True).click()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_reporters_draft_is_reviewed_published_and_translated(
    asgi_server, en, ru, request, monkeypatch
):
    _people()
    browser = request.getfixturevalue("browser")
    # Playwright runs an event loop in this thread; the checks below read the database between
    # its steps, never during one.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    reporter = _signed_in(browser, asgi_server, "rita")
    reporter.goto(f"{asgi_server}/admin/snippets/stories/story/add/?locale=en")
    reporter.fill("#id_headline", HEADLINE)
    _action(reporter, "Submit to Newsroom review")
    reporter.wait_for_url(LISTING)
    original = Story.objects.get(headline=HEADLINE)
    assert not original.live

    editor = _signed_in(browser, asgi_server, "ed")
    editor.goto(f"{asgi_server}/admin/snippets/stories/story/edit/{original.pk}/")
    _action(editor, "Approve and Publish")
    editor.wait_for_url(LISTING)
    original.refresh_from_db()
    assert original.live
    editor.goto(f"{asgi_server}/admin/snippets/stories/story/edit/{original.pk}/")

    editor.get_by_role("button", name="More actions").click()
    editor.get_by_role("link", name="Translate…").click()
    editor.get_by_label("abridged translation").check()
    editor.get_by_label("Translator").select_option(label="nina")
    editor.get_by_role("button", name="Create the draft").click()
    editor.wait_for_url("**/admin/snippets/stories/story/edit/*/")
    draft = Story.objects.get(locale=ru.locale)

    translator = _signed_in(browser, asgi_server, "nina")
    translator.goto(f"{asgi_server}/admin/newsroom/my-translations/")
    translator.get_by_role("link", name=HEADLINE).click()
    translator.fill("#id_headline", TRANSLATED)
    _action(translator, "Submit to Newsroom review")
    translator.wait_for_url(LISTING)

    editor.goto(f"{asgi_server}/admin/snippets/stories/story/edit/{draft.pk}/")
    _action(editor, "Approve and Publish")
    editor.wait_for_url(LISTING)
    draft.refresh_from_db()
    assert draft.live and draft.translation_kind == "abridged"

    reader = browser.new_page()
    reader.goto(original.url)
    assert reader.locator("h1").inner_text() == HEADLINE
    reader.locator("nav.editions").get_by_role("link", name="Русский").click()
    reader.wait_for_url(f"**/ru/news/{draft.pk}/**")
    assert reader.locator("h1").inner_text() == TRANSLATED
    assert reader.locator(".translation-note").is_visible()
