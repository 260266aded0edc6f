"""Where photo files are stored and who gets them: renditions under names nobody can derive
from the uploaded file's name, served to everyone; originals to the newsroom only."""

import io
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.files.images import ImageFile
from PIL import Image

from dateline.photos.models import LEAD_FILTER, Photo

from . import camera_files as cf

TOKEN = r"\.[0-9a-f]{16}"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()  # Wagtail's renditions cache, by photo id
    return settings.MEDIA_ROOT


def _photo(name: str = "IMG_0417.jpg") -> Photo:
    return Photo.objects.create(
        title="Water queue",
        file=ImageFile(io.BytesIO(cf.camera_jpeg()), name=name),
        credit="Aziz Karimov",
    )


def _media(name: str) -> str:
    return f"/media/{name}"


@pytest.mark.django_db
def test_original_and_rendition_names_carry_a_token_of_their_own():
    photo, twin = _photo(), _photo()
    rendition = photo.get_rendition(LEAD_FILTER)

    assert re.fullmatch(rf"original_images/IMG_0417{TOKEN}\.jpg", photo.file.name)
    assert twin.file.name != photo.file.name  # the same upload name twice: two tokens
    # Wagtail names a rendition after the start of the original's stored name; the token after
    # the filter is the rendition's own, so the original's name does not lead to it either.
    assert re.fullmatch(
        rf"images/IMG_0[\w.]*\.fill-1200x675\.format-jpeg\.jpegquality-80{TOKEN}\.jpg",
        rendition.file.name,
    )
    rendition_token = rendition.file.name.split(".")[-2]
    assert rendition_token not in photo.file.name
    assert twin.get_rendition(LEAD_FILTER).file.name != rendition.file.name


@pytest.mark.django_db
def test_a_long_file_name_still_fits_the_field():
    photo = _photo("a-very-long-name-" * 10 + ".jpg")
    rendition = photo.get_rendition(LEAD_FILTER)

    assert len(photo.file.name) <= 100 and re.search(rf"{TOKEN}\.jpg$", photo.file.name)
    assert len(rendition.file.name) <= 100 and re.search(rf"{TOKEN}\.jpg$", rendition.file.name)


@pytest.mark.django_db
def test_anonymous_readers_get_renditions_but_not_originals(client):
    photo = _photo()
    rendition = photo.get_rendition(LEAD_FILTER)

    assert client.get(_media(rendition.file.name)).status_code == 200
    assert client.get(_media(photo.file.name)).status_code == 404
    folder, name = photo.file.name.split("/")
    assert client.get(f"/media/images/../{folder}/{name}").status_code == 404
    assert client.get(f"/media/images/%2E%2E/{folder}/{name}").status_code == 404
    assert client.get("/media/wagtail_uploads/IMG_0417.jpg").status_code == 404


@pytest.mark.django_db
def test_originals_are_served_to_the_newsroom_only(client, django_user_model):
    photo = _photo()
    reporter = django_user_model.objects.create_user(username="reporter", password="pw")
    reporter.groups.add(Group.objects.get(name="Reporter"))
    reader = django_user_model.objects.create_user(username="reader", password="pw")

    client.force_login(reader)  # logged in, but no admin
    assert client.get(_media(photo.file.name)).status_code == 404

    client.force_login(reporter)
    response = client.get(_media(photo.file.name))
    assert response.status_code == 200
    assert Image.open(io.BytesIO(b"".join(response.streaming_content))).size == (400, 200)


@pytest.fixture
def photo() -> Photo:
    """The photo of the shared `reference_pair` stories (dateline/conftest.py), which photos
    may not import: they know nothing of stories or editions."""
    return _photo()


@pytest.mark.django_db
def test_the_photo_of_a_public_story_is_served_from_its_page(client, reference_pair, photo):
    _, story = reference_pair  # published, with the photo as its lead

    page = client.get(story.url).content.decode()

    sources = re.findall(r'src="[^"]*?(/media/[^"]+)"', page)
    assert sources and all(re.search(rf"{TOKEN}\.jpg$", source) for source in sources)
    response = client.get(sources[0])
    assert response.status_code == 200
    served = b"".join(response.streaming_content)
    assert [secret for secret in cf.SECRETS if secret in served] == []
    assert photo.file.name.split("/")[-1] not in page  # the original is not named
