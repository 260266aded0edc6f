"""Crops follow the photo's focal point: a square picture, red above and blue below, cut to the
reader pages' 16:9 shapes shows the half the editor marked, and moving the mark moves the crop."""

import io
import json
import re

import pytest
from django.core.files.images import ImageFile
from PIL import Image, ImageDraw

from dateline.photos.factories import PhotoFactory
from dateline.stories.factories import StoryFactory

RED, BLUE = (220, 30, 30), (30, 60, 200)
SIDE = 900


def _red_above_blue_below() -> ImageFile:
    picture = Image.new("RGB", (SIDE, SIDE), RED)
    ImageDraw.Draw(picture).rectangle([0, SIDE // 2, SIDE, SIDE], fill=BLUE)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=90)
    buffer.seek(0)
    return ImageFile(buffer, name="square.jpg")


def _colour_at_centre(client, url: str) -> tuple[int, int, int]:
    response = client.get(url)
    assert response.status_code == 200, url
    picture = Image.open(io.BytesIO(b"".join(response.streaming_content))).convert("RGB")
    assert picture.width / picture.height == pytest.approx(16 / 9, rel=0.01)
    return picture.getpixel((picture.width // 2, picture.height // 2))


def _is_near(colour: tuple[int, int, int], expected: tuple[int, int, int]) -> bool:
    return all(abs(a - b) < 40 for a, b in zip(colour, expected, strict=True))


def _crops(client, story) -> list[str]:
    """The lead photo's 16:9 crop (the page's structured data) and the gallery's crops."""
    page = client.get(story.url).content.decode()
    article = json.loads(
        re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', page, re.S)[1]
    )
    graph = article.get("@graph", [article])
    images = [
        image["url"] if isinstance(image, dict) else image
        for node in graph
        for image in node.get("image", [])
    ]
    gallery = re.findall(r'<figure class="gallery-photo">\s*<img src="([^"]+)"', page)
    assert images and gallery
    return images + gallery


def _mark(photo, *, y: int) -> None:
    """The focal point an editor drags in the image editor: a band across the picture."""
    photo.focal_point_x, photo.focal_point_y = SIDE // 2, y
    photo.focal_point_width, photo.focal_point_height = SIDE, 100
    photo.save()


@pytest.mark.django_db
def test_reader_crops_follow_the_focal_point(client, en):
    photo = PhotoFactory(file=_red_above_blue_below())
    other = PhotoFactory()
    _mark(photo, y=SIDE - 60)
    story = StoryFactory(
        locale=en.locale,
        lead_photo=photo,
        body=[
            {
                "type": "gallery",
                "value": {
                    "title": "",
                    "photos": [
                        {"image": photo.pk, "caption": ""},
                        {"image": other.pk, "caption": ""},
                    ],
                },
            }
        ],
    )

    lead, gallery_crop, _other = _crops(client, story)
    assert _is_near(_colour_at_centre(client, lead), BLUE)
    assert _is_near(_colour_at_centre(client, gallery_crop), BLUE)

    _mark(photo, y=60)  # the editor moves the mark to the top: the page is built again

    lead, gallery_crop, _other = _crops(client, story)
    assert _is_near(_colour_at_centre(client, lead), RED)
    assert _is_near(_colour_at_centre(client, gallery_crop), RED)
