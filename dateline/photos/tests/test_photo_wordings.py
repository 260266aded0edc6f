"""A photo's caption and credit in each language, as an editor gives them in Wagtail's image
forms (edit, add and the multiple uploader) and finds them again."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dateline.photos.factories import PhotoFactory, generated_jpeg
from dateline.photos.models import Photo, PhotoWording


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser(username="desk", password="pw")


def _upload(seed: int) -> SimpleUploadedFile:
    return SimpleUploadedFile("bridge.jpg", generated_jpeg(seed, 320, 180).read(), "image/jpeg")


def _edit_form(photo: Photo, **fields: str) -> dict[str, str]:
    return {"title": photo.title, "credit": photo.credit, **fields}


def _wordings(photo: Photo) -> dict[str, tuple[str, str]]:
    return {
        w.locale.language_code: (w.caption, w.credit)
        for w in PhotoWording.objects.filter(photo=photo).select_related("locale")
    }


@pytest.mark.django_db
def test_the_edit_form_saves_and_shows_a_caption_and_credit_per_language(client, en, ru, superuser):
    photo = PhotoFactory(default_caption="Queue for water in Sabunchu.")
    client.force_login(superuser)
    edit = reverse("wagtailimages:edit", args=(photo.pk,))

    page = client.get(edit).content.decode()
    for label in ("Caption (English)", "Caption (Russian)", "Credit (Russian)"):
        assert label in page

    response = client.post(
        edit,
        _edit_form(
            photo,
            default_caption="Queue for water in Sabunchu.",
            caption_ru="Очередь за водой в Сабунчи.",
            credit_ru="Азиз Каримов",
            caption_en="",
            credit_en="",
        ),
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    # Neither English field was filled in: English has no wording, the defaults stand in.
    assert _wordings(photo) == {"ru": ("Очередь за водой в Сабунчи.", "Азиз Каримов")}
    page = client.get(edit).content.decode()
    assert "Очередь за водой в Сабунчи.</textarea>" in page
    assert 'value="Азиз Каримов"' in page


@pytest.mark.django_db
def test_emptying_a_language_in_the_edit_form_removes_its_wording(client, en, ru, superuser):
    photo = PhotoFactory()
    PhotoWording.objects.create(photo=photo, locale=ru.locale, caption="Улица", credit="")
    PhotoWording.objects.create(photo=photo, locale=en.locale, caption="A street", credit="")
    client.force_login(superuser)

    client.post(
        reverse("wagtailimages:edit", args=(photo.pk,)),
        _edit_form(photo, caption_ru=" ", credit_ru="", caption_en="A street at dusk"),
    )

    assert _wordings(photo) == {"en": ("A street at dusk", "")}


@pytest.mark.django_db
def test_a_wording_credit_longer_than_the_field_is_refused(client, en, ru, superuser):
    photo = PhotoFactory()
    client.force_login(superuser)

    response = client.post(
        reverse("wagtailimages:edit", args=(photo.pk,)), _edit_form(photo, credit_ru="Я" * 256)
    )

    assert response.status_code == 200
    assert "Ensure this value has at most 255 characters" in response.content.decode()
    assert _wordings(photo) == {}


@pytest.mark.django_db
def test_the_add_form_takes_wordings_with_the_new_photo(client, en, ru, superuser):
    client.force_login(superuser)

    response = client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Bridge",
            "file": _upload(5),
            "credit": "Aziz Karimov",
            "caption_ru": "Мост вечером.",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    assert _wordings(Photo.objects.get(title="Bridge")) == {"ru": ("Мост вечером.", "")}


@pytest.mark.django_db
def test_the_multiple_uploader_offers_and_saves_wordings(client, en, ru, superuser):
    client.force_login(superuser)
    # A file that names nobody: the uploader asks for the photo's fields before it is saved.
    response = client.post(reverse("wagtailimages:add_multiple"), {"files[]": _upload(6)})
    upload = response.json()
    upload_id = upload["uploaded_file_id"]
    assert f'name="uploaded-image-{upload_id}-caption_ru"' in upload["form"]

    response = client.post(
        reverse("wagtailimages:create_multiple_from_uploaded_image", args=(upload_id,)),
        {
            f"uploaded-image-{upload_id}-title": "Bridge",
            f"uploaded-image-{upload_id}-credit": "Aziz Karimov",
            f"uploaded-image-{upload_id}-caption_ru": "Мост вечером.",
            f"uploaded-image-{upload_id}-credit_ru": "Азиз Каримов",
        },
    )

    assert response.json()["success"] is True, response.json()
    photo = Photo.objects.get()
    assert _wordings(photo) == {"ru": ("Мост вечером.", "Азиз Каримов")}

    # Its form in the uploader's list edits them too.
    response = client.post(
        reverse("wagtailimages:edit_multiple", args=(photo.pk,)),
        {
            f"image-{photo.pk}-title": "Bridge",
            f"image-{photo.pk}-credit": "Aziz Karimov",
            f"image-{photo.pk}-caption_ru": "Мост ночью.",
            f"image-{photo.pk}-credit_ru": "Азиз Каримов",
        },
    )
    assert response.json()["success"] is True, response.json()
    assert _wordings(photo) == {"ru": ("Мост ночью.", "Азиз Каримов")}
