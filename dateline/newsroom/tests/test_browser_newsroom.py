"""The newsroom in a real browser: a reporter's draft goes through an editor's review to readers,
is handed to a translator on the desk, and the translation goes out the same way; an editor links
an earlier story found from the editor's link dialog."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from dateline.stories.factories import StoryFactory
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


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_editor_links_an_earlier_story_found_from_the_link_dialog(
    asgi_server, en, ru, request, monkeypatch
):
    _people()
    earlier = StoryFactory(locale=ru.locale, headline="Баку: журналиста задержали в аэропорту")
    StoryFactory(locale=en.locale, headline="Tbilisi: protest outside parliament")
    body = [{"type": "paragraph", "value": "<p>As the agency reported</p>"}]
    story = StoryFactory(
        locale=en.locale, headline="Baku: court frees journalist", body=body, publish=False
    )
    browser = request.getfixturevalue("browser")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    editor = _signed_in(browser, asgi_server, "ed")
    editor.goto(f"{asgi_server}/admin/snippets/stories/story/edit/{story.pk}/")
    paragraph = editor.locator(".public-DraftEditor-content").first
    paragraph.click()
    editor.keyboard.press("Control+End")
    editor.keyboard.press("Control+Shift+ArrowLeft")  # selects "reported"
    editor.get_by_role("button", name=re.compile("^Link")).click()

    dialog = editor.locator(".modal-body")
    dialog.get_by_role("link", name="Earlier story").click()
    dialog.get_by_label("Words of the story").fill("журналист")
    dialog.get_by_role("button", name="Search").click()
    found = dialog.locator("tbody tr")
    expect(found).to_have_count(1)
    expect(found).to_contain_text("Баку: журналиста задержали в аэропорту")
    expect(found).to_contain_text("Русский")
    found.get_by_role("button", name="Insert link").click()
    expect(dialog).to_be_hidden()
    # The editor writes its content into the form a moment after each change.
    address = re.escape(f'"url":"{earlier.url}"')
    expect(editor.locator("input[name='body-0-value']")).to_have_value(re.compile(address))

    with editor.expect_navigation():
        editor.get_by_role("button", name="Save draft").click()
    story.refresh_from_db()
    saved = story.get_latest_revision_as_object().body.raw_data[0]["value"]
    assert saved == f'<p>As the agency <a linktype="story" id="{earlier.pk}">reported</a></p>'
