"""A photographer's file through every way into the library: Wagtail's add form, its multiple
uploader (both when the file names its photographer and when the editor must), the edit form's
file replacement, `Photo.objects.create` and the importer's `file.save(..., save=False)`. The
stored original and its renditions keep the picture, the right way up, with its colour profile,
and nothing of where it was taken or with what."""

import io
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags, Image
from wagtail.utils.file import hash_filelike

from dateline.photos.factories import generated_jpeg
from dateline.photos.models import Photo

from . import camera_files as cf
from .camera_files import CAPTION, CREATOR, ICC_PROFILE, SECRETS

RED, BLUE = (220, 30, 30), (30, 60, 200)


def _upload(data: bytes, name: str = "IMG_0417.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def _secrets_in(data: bytes) -> list[bytes]:
    return [secret for secret in SECRETS if secret in data]


def _is_near(colour: tuple[int, ...], expected: tuple[int, int, int]) -> bool:
    return all(abs(a - b) < 40 for a, b in zip(colour[:3], expected, strict=True))


def _assert_clean(photo: Photo) -> None:
    """The stored original and a rendition tell nothing, and show the picture upright."""
    with photo.file.storage.open(photo.file.name, "rb") as stored:
        original = stored.read()
    assert _secrets_in(original) == []
    picture = Image.open(io.BytesIO(original))
    exif = picture.getexif()
    assert exif.get_ifd(ExifTags.IFD.GPSInfo) == {}
    assert exif.get_ifd(ExifTags.IFD.Exif) == {}
    assert dict(exif) == {ExifTags.Base.Orientation: 6}  # kept: 400 × 200 shown turned
    assert picture.size == (photo.width, photo.height) == (cf.WIDTH, cf.HEIGHT)
    assert picture.info["icc_profile"] == ICC_PROFILE
    assert photo.file_size == len(original)

    rendition = photo.get_rendition("max-100x100")
    with rendition.file.storage.open(rendition.file.name, "rb") as stored:
        small = stored.read()
    assert _secrets_in(small) == []
    shown = Image.open(io.BytesIO(small))
    assert shown.size == (rendition.width, rendition.height) == (50, 100)  # upright: portrait
    # Stored red-left, blue-right; Orientation 6 turns it a quarter clockwise: red on top.
    assert _is_near(shown.convert("RGB").getpixel((25, 10)), RED)
    assert _is_near(shown.convert("RGB").getpixel((25, 90)), BLUE)
    assert ExifTags.Base.Orientation not in shown.getexif()  # applied, not to be applied twice
    assert shown.getexif().get_ifd(ExifTags.IFD.GPSInfo) == {}
    assert shown.info["icc_profile"] == ICC_PROFILE
    assert "xmp" not in shown.info and "comment" not in shown.info


def _files_in(folder: Path) -> list[bytes]:
    return [path.read_bytes() for path in folder.rglob("*") if path.is_file()]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path) -> Path:
    """Storage of this test alone, so a test can look at every file in it; Wagtail's cache of
    renditions (by photo id) must forget the files of earlier tests."""
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    return settings.MEDIA_ROOT


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser(username="desk", password="pw")


@pytest.mark.django_db
def test_the_add_form_stores_a_clean_file_and_fills_the_empty_fields(client, superuser):
    client.force_login(superuser)
    response = client.post(
        reverse("wagtailimages:add"),
        {"title": "Water queue", "file": _upload(cf.camera_jpeg()), "credit": ""},
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    photo = Photo.objects.get()
    _assert_clean(photo)
    assert photo.credit == CREATOR
    assert photo.default_caption == CAPTION
    assert photo.copyright_holder == "Aziz Karimov"  # from "© 2026 Aziz Karimov. All rights…"


@pytest.mark.django_db
def test_what_the_editor_typed_wins_over_the_file(client, superuser):
    client.force_login(superuser)
    client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Water queue",
            "file": _upload(cf.camera_jpeg()),
            "credit": "Leyla Alieva",
            "default_caption": "Queue for water in Sabunchu.",
        },
    )

    photo = Photo.objects.get()
    assert photo.credit == "Leyla Alieva"
    assert photo.default_caption == "Queue for water in Sabunchu."
    assert photo.copyright_holder == "Aziz Karimov"  # left empty, so taken from the file


@pytest.mark.django_db
def test_a_file_that_names_nobody_still_needs_a_typed_credit(client, superuser):
    client.force_login(superuser)
    anonymous_file = generated_jpeg(1, 64, 36).read()
    response = client.post(
        reverse("wagtailimages:add"),
        {"title": "Street", "file": _upload(anonymous_file), "credit": ""},
    )

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not Photo.objects.exists()


@pytest.mark.django_db
def test_a_file_that_cannot_be_rewritten_is_refused_with_a_message(client, superuser):
    received = cf.camera_jpeg()
    at = received.index(b"\xff\xdb")  # junk before the tables, and the picture cut short
    damaged = (received[:at] + b"\x00\x00" + received[at:])[: len(received) * 2 // 3]
    client.force_login(superuser)
    response = client.post(
        reverse("wagtailimages:add"), {"title": "Street", "file": _upload(damaged), "credit": ""}
    )

    assert response.status_code == 200
    assert "This image file is damaged or incomplete" in response.content.decode()
    assert not Photo.objects.exists()


@pytest.mark.django_db
def test_the_multiple_uploader_takes_the_credit_from_the_file(client, superuser, settings):
    client.force_login(superuser)
    response = client.post(
        reverse("wagtailimages:add_multiple"), {"files[]": _upload(cf.camera_jpeg())}
    )

    assert response.json()["success"] is True
    photo = Photo.objects.get(pk=response.json()["image_id"])
    _assert_clean(photo)
    assert (photo.credit, photo.default_caption) == (CREATOR, CAPTION)
    assert _secrets_in(b"".join(_files_in(Path(settings.MEDIA_ROOT)))) == []

    # The same file again is found to be a duplicate (by the hash of the file as received).
    again = client.post(
        reverse("wagtailimages:add_multiple"), {"files[]": _upload(cf.camera_jpeg())}
    )
    assert again.json()["duplicate"] is True


@pytest.mark.django_db
def test_the_multiple_uploader_asks_for_a_credit_the_file_lacks(client, superuser, settings):
    client.force_login(superuser)
    received = cf.camera_jpeg(xmp=b"", iptc=b"", artist=False)  # GPS and serials, no byline
    response = client.post(reverse("wagtailimages:add_multiple"), {"files[]": _upload(received)})
    upload_id = response.json()["uploaded_file_id"]  # kept aside until the form is filled in
    assert not Photo.objects.exists()

    response = client.post(
        reverse("wagtailimages:create_multiple_from_uploaded_image", args=(upload_id,)),
        {
            f"uploaded-image-{upload_id}-title": "Water queue",
            f"uploaded-image-{upload_id}-credit": "Leyla Alieva",
        },
    )

    assert response.json()["success"] is True, response.json()
    photo = Photo.objects.get()
    _assert_clean(photo)
    assert photo.credit == "Leyla Alieva"
    # Wagtail copies the upload into storage before saving the photo; that copy is gone too.
    assert _secrets_in(b"".join(_files_in(Path(settings.MEDIA_ROOT)))) == []


@pytest.mark.django_db
def test_replacing_the_file_in_the_edit_form_strips_the_new_one(client, superuser):
    photo = Photo.objects.create(
        title="Street", file=generated_jpeg(1, 64, 36), credit="Aziz Karimov"
    )
    client.force_login(superuser)
    response = client.post(
        reverse("wagtailimages:edit", args=(photo.pk,)),
        {"title": "Street", "file": _upload(cf.camera_jpeg()), "credit": "Aziz Karimov"},
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    photo.refresh_from_db()
    _assert_clean(photo)
    assert photo.default_caption == CAPTION  # it was empty


@pytest.mark.django_db
def test_scripts_creating_photos_get_the_same(settings):
    photo = Photo.objects.create(
        title="Water queue",
        file=ImageFile(io.BytesIO(cf.camera_jpeg()), name="IMG_0417.jpg"),
        credit="",
    )

    _assert_clean(photo)
    assert (photo.credit, photo.default_caption, photo.copyright_holder) == (
        CREATOR,
        CAPTION,
        "Aziz Karimov",
    )
    typed = Photo.objects.create(
        title="Water queue",
        file=ImageFile(io.BytesIO(cf.camera_jpeg()), name="IMG_0417.jpg"),
        credit="Leyla Alieva",
        copyright_holder="AFP",
    )
    assert (typed.credit, typed.copyright_holder) == ("Leyla Alieva", "AFP")


@pytest.mark.django_db
def test_the_importers_way_leaves_no_file_as_received(settings, tmp_path):
    """The importer puts the file in storage, then saves the photo (interchange/importer.py)."""
    source = tmp_path / "IMG_0417.jpg"
    source.write_bytes(cf.camera_jpeg())
    photo = Photo(title="Water queue", credit="Aziz Karimov")
    with source.open("rb") as file:
        photo.file.save(source.name, ImageFile(file), save=False)
    photo._set_image_file_metadata()
    photo.save()

    _assert_clean(photo)
    stored = _files_in(Path(settings.MEDIA_ROOT) / "original_images")
    assert len(stored) == 1 and _secrets_in(stored[0]) == []
    # The importer finds the photo again by the hash of the file it was given.
    with source.open("rb") as file:
        assert photo.file_hash == hash_filelike(file)
    assert Photo.objects.get(file_hash=photo.file_hash) == photo


@pytest.mark.django_db
def test_saving_a_photo_again_leaves_its_file_alone():
    photo = Photo.objects.create(
        title="Water queue",
        file=ImageFile(io.BytesIO(cf.camera_jpeg()), name="IMG_0417.jpg"),
        credit="Aziz Karimov",
    )
    name = photo.file.name

    photo.title = "Queue for water"
    photo.save()
    reloaded = Photo.objects.get()
    reloaded.save()

    assert Photo.objects.get().file.name == name
    assert photo.file.storage.exists(name)
