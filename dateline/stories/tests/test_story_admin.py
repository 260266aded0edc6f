"""Editors work in the Wagtail admin: what they see when they save, publish or get it wrong."""

import io

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from dateline.photos.models import Photo
from dateline.stories.factories import StoryFactory, story_admin_form
from dateline.stories.models import Story


def _member(django_user_model, role: str):
    user = django_user_model.objects.create_user(username=role.lower(), password="pw")
    user.groups.add(Group.objects.get(name=role))
    return user


def _add_url(edition) -> str:
    return reverse("wagtailsnippets_stories_story:add") + f"?locale={edition.language}"


@pytest.mark.django_db
def test_chief_editor_publishes_a_story_readers_can_open(client, django_user_model, en):
    client.force_login(_member(django_user_model, "Chief editor"))
    response = client.post(_add_url(en), story_admin_form() | {"action-publish": "publish"})
    assert response.status_code == 302

    story = Story.objects.get()
    assert story.live and story.first_published_at is not None
    assert story.locale == en.locale
    page = client.get(story.url).content.decode()
    assert "Dagestan: villagers block road demanding gas supply" in page
    assert "The blockade lasted two hours." in page


@pytest.mark.django_db
def test_reporter_saves_a_draft_but_cannot_publish(client, django_user_model, en):
    client.force_login(_member(django_user_model, "Reporter"))
    client.post(_add_url(en), story_admin_form())
    story = Story.objects.get()
    assert not story.live
    assert client.get(f"/en/news/{story.pk}/{story.slug}/").status_code == 404

    edit_url = reverse("wagtailsnippets_stories_story:edit", args=[story.pk])
    client.post(edit_url, story_admin_form() | {"action-publish": "publish"})
    story.refresh_from_db()
    assert not story.live


@pytest.mark.django_db
def test_story_without_a_headline_is_refused_with_a_message(client, django_user_model, en):
    client.force_login(_member(django_user_model, "Reporter"))
    response = client.post(_add_url(en), story_admin_form(headline=""))
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not Story.objects.exists()


@pytest.mark.django_db
def test_translation_of_a_story_in_the_same_edition_is_refused(client, django_user_model, en):
    same_edition = StoryFactory(locale=en.locale, headline="An English original")
    client.force_login(_member(django_user_model, "Editor"))
    response = client.post(
        _add_url(en),
        story_admin_form(translation_of=str(same_edition.pk), translation_kind="full")
        | {"action-publish": "publish"},
    )
    assert response.status_code == 200
    assert "The original must be a story of another edition." in response.content.decode()
    assert Story.objects.count() == 1


@pytest.mark.django_db
def test_story_cannot_translate_itself(client, django_user_model, en):
    story = StoryFactory(locale=en.locale)
    client.force_login(_member(django_user_model, "Editor"))
    edit_url = reverse("wagtailsnippets_stories_story:edit", args=[story.pk])
    response = client.post(
        edit_url,
        story_admin_form(headline="Changed", translation_of=str(story.pk), translation_kind="full")
        | {"action-publish": "publish"},
    )
    assert "A story cannot translate itself." in response.content.decode()
    story.refresh_from_db()
    assert story.headline != "Changed"  # nothing saved is lost or overwritten


def _upload(client, **fields):
    return client.post(reverse("wagtailimages:add"), {"title": "Upload", **fields})


@pytest.mark.django_db
def test_photo_without_a_credit_is_refused(client, django_user_model):
    from dateline.photos.factories import generated_jpeg

    client.force_login(_member(django_user_model, "Reporter"))
    response = _upload(client, file=generated_jpeg(1, 64, 36), credit="")
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not Photo.objects.exists()

    _upload(client, file=generated_jpeg(1, 64, 36), credit="Aziz Karimov")
    assert Photo.objects.get().credit == "Aziz Karimov"


@pytest.mark.django_db
def test_broken_image_upload_is_refused(client, django_user_model):
    client.force_login(_member(django_user_model, "Reporter"))
    broken = io.BytesIO(b"\xff\xd8\xff\xe0 not really a jpeg")
    broken.name = "broken.jpg"
    response = _upload(client, file=broken, credit="Someone")
    assert response.status_code == 200
    assert "This image file is damaged or incomplete" in response.content.decode()
    assert not Photo.objects.exists()


@pytest.mark.django_db
def test_huge_image_upload_is_refused(client, django_user_model, settings):
    from dateline.photos.factories import generated_jpeg

    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 1000
    client.force_login(_member(django_user_model, "Reporter"))
    response = _upload(client, file=generated_jpeg(2, 800, 600), credit="Someone")
    assert "This file is too big (" in response.content.decode()
    assert not Photo.objects.exists()


@pytest.mark.django_db
def test_translator_starts_a_translation_from_the_admin(client, django_user_model, en, ru):
    original = StoryFactory(locale=en.locale, headline="Georgia: protest in Tbilisi")
    client.force_login(_member(django_user_model, "Translator"))
    url = reverse(
        "simple_translation:submit_snippet_translation", args=["stories", "story", original.pk]
    )
    response = client.post(url, {"locales": [ru.locale.pk]})
    assert response.status_code == 302

    translation = Story.objects.get(locale=ru.locale)
    assert translation.translation_of == original and translation.translation_kind == "full"
    assert not translation.live  # a translator's draft until an editor publishes it
    assert client.get(f"/ru/news/{translation.pk}/{translation.slug}/").status_code == 404


@pytest.mark.django_db
def test_editor_previews_an_unpublished_change_as_readers_would_see_it(
    client, django_user_model, en
):
    story = StoryFactory(locale=en.locale, headline="Live headline")
    client.force_login(_member(django_user_model, "Editor"))
    preview_url = reverse("wagtailsnippets_stories_story:preview_on_edit", args=[story.pk])
    assert client.post(preview_url, story_admin_form(headline="Previewed headline")).json()[
        "is_valid"
    ]

    preview = client.get(preview_url).content.decode()
    assert "<h1>Previewed headline</h1>" in preview
    assert "Live headline" in client.get(story.url).content.decode()


@pytest.mark.django_db
def test_a_russian_drafts_preview_speaks_russian_to_an_english_speaking_editor(
    client, django_user_model, ru
):
    story = StoryFactory(locale=ru.locale, headline="Черновик", publish=False)
    client.force_login(_member(django_user_model, "Editor"))
    preview_url = reverse("wagtailsnippets_stories_story:preview_on_edit", args=[story.pk])
    form = story_admin_form(headline="Черновик о суде")
    client.post(preview_url, form, HTTP_ACCEPT_LANGUAGE="en")

    preview = client.get(preview_url, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert '<html lang="ru">' in preview
    assert "Последние новости" in preview and "Latest news" not in preview


@pytest.mark.django_db
def test_front_and_region_pages_preview_in_their_edition(ru, ru_front):
    from dateline.taxonomy.factories import region_add

    region = region_add(parent=ru_front, title="Чечня", slug="chechnya")
    for page in (ru_front, region):
        preview = page.make_preview_request()  # what the admin's preview panel renders
        assert preview.status_code == 200, page
        assert '<html lang="ru">' in preview.content.decode()
        assert (
            "Последние новости" in preview.content.decode() or "Чечня" in preview.content.decode()
        )


@pytest.mark.django_db
def test_a_second_editor_cannot_silently_overwrite_the_first(client, django_user_model, en):
    story = StoryFactory(locale=en.locale, headline="Original headline")
    first, second = _member(django_user_model, "Editor"), _member(django_user_model, "Reporter")
    edit_url = reverse("wagtailsnippets_stories_story:edit", args=[story.pk])
    opened = {"loaded_revision_id": str(story.latest_revision_id)}
    opened["loaded_revision_created_at"] = story.latest_revision.created_at.isoformat()
    client.force_login(first)
    client.post(edit_url, story_admin_form(headline="First editor's headline") | opened)

    client.force_login(second)  # opened the story before the first saved
    response = client.post(edit_url, story_admin_form(headline="Second editor's headline") | opened)

    page = response.content.decode()
    assert response.status_code == 200
    assert "editor saved this story at" in page
    assert "Second editor&#x27;s headline" in page  # what they typed is still in the form
    story.refresh_from_db()
    assert story.latest_revision.as_object().headline == "First editor's headline"
