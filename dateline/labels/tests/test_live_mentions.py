"""Editors see the registry names in a story as they type: the story form as it stands is read
(never saved) and the labels part comes back with each name highlighted, flagged where an
editor must decide; in a real browser the part follows the text without a save."""

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.test.utils.form_data import rich_text, streamfield

from dateline.stories.factories import StoryFactory, story_admin_form
from dateline.stories.models import Story

URL = "/admin/labels/live-mentions/"


def _form(body: str, **fields: str) -> dict:
    return story_admin_form(body=streamfield([("paragraph", rich_text(body))]), **fields)


@pytest.mark.django_db
def test_a_new_storys_text_comes_back_with_its_names_highlighted(client, chief, ru, ponomarev):
    response = client.post(
        f"{URL}?locale=ru", _form("<p>Пономарёв заявил, что обжалует решение.</p>")
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert '<mark class="story-labels__review">Пономарёв</mark>' in html
    assert "flagged for review" in html
    assert not Story.objects.exists()  # read, never saved


@pytest.mark.django_db
def test_an_edited_storys_text_as_it_stands_not_as_saved(client, chief, ru, ponomarev):
    story = StoryFactory(locale=ru.locale, headline="В Баку открылась выставка")

    response = client.post(
        f"{URL}?story={story.pk}",
        _form("<p>Текст.</p>", headline="Аркадия Пономарёва оштрафовали"),
    )

    html = response.content.decode()
    assert '<mark class="story-labels__mention">Аркадия Пономарёва</mark>' in html
    story.refresh_from_db()
    assert story.headline == "В Баку открылась выставка"


@pytest.mark.django_db
def test_only_people_who_may_edit_the_story_may_ask(client, django_user_model, ru, ponomarev):
    story = StoryFactory(locale=ru.locale)
    anonymous = client.post(f"{URL}?story={story.pk}", _form("<p>x</p>"))
    assert anonymous.status_code == 302 and anonymous.url.startswith("/admin/login/")

    # Into the admin, but with no say over stories: the admin's own "no permission" answer.
    viewer = django_user_model.objects.create_user(username="viewer", password="pw")
    viewer.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(viewer)
    for query in (f"?story={story.pk}", "?locale=ru"):
        refused = client.post(f"{URL}{query}", _form("<p>Пономарёв</p>"))
        assert (refused.status_code, refused.url) == (302, "/admin/")


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["?story=abc", "?locale=xx", ""])
def test_a_request_naming_no_story_or_edition_is_refused_clearly(client, chief, ru, query):
    assert client.post(f"{URL}{query}", _form("<p>x</p>")).status_code == 400


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_labels_part_follows_the_text_as_the_editor_types(
    asgi_server, ru, ponomarev, django_user_model, request, monkeypatch
):
    user = django_user_model.objects.create_user(username="ed", password="pw-ed-1")
    user.groups.add(Group.objects.get(name="Chief editor"))
    story = StoryFactory(locale=ru.locale, headline="В Баку открылась выставка")
    edit = reverse("wagtailsnippets_stories_story:edit", args=[story.pk])
    browser = request.getfixturevalue("browser")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    page = browser.new_context().new_page()
    page.goto(f"{asgi_server}/admin/login/")
    page.fill("#id_username", "ed")
    page.fill("#id_password", "pw-ed-1")
    page.click("button[type=submit]")
    page.wait_for_url(f"{asgi_server}/admin/")
    page.goto(f"{asgi_server}{edit}")
    assert page.locator(".story-labels mark").count() == 0

    page.fill("#id_headline", "Пономарёв обжаловал штраф")

    flagged = page.locator("mark.story-labels__review")
    flagged.wait_for(timeout=10_000)
    assert flagged.inner_text() == "Пономарёв"
    page.fill("#id_headline", "Аркадий Пономарёв обжаловал штраф")
    labelled = page.locator("mark.story-labels__mention")
    labelled.wait_for(timeout=10_000)
    assert labelled.inner_text() == "Аркадий Пономарёв"
    assert page.locator("mark.story-labels__review").count() == 0
    story.refresh_from_db()
    assert story.headline == "В Баку открылась выставка"  # nothing saved
    assert re.search(r"/edit/\d+/$", page.url)
