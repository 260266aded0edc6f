"""The demo's message, pictures and captions say what the database holds."""

import re

import pytest
from django.core.management import call_command
from PIL import Image

from dateline.photos.models import Photo, Photographer
from dateline.stories.models import Author, Story


@pytest.mark.django_db
def test_demo_reports_its_counts_and_shows_captioned_pictures(client, capsys):
    call_command("demo", stories=30, days=20)
    out = capsys.readouterr().out

    for language, name in (("en", "English"), ("ru", "Русский")):
        line = next(line for line in out.splitlines() if line.startswith(f"{name} ("))
        stories, translations, authors = map(int, re.findall(r"\d+(?= )", line.split("): ")[1]))
        live = Story.objects.filter(live=True, locale__language_code=language)
        assert stories == live.count() > 0
        assert translations == live.exclude(translation_of=None).count()
        assert authors == Author.objects.filter(locale__language_code=language).count()
    photos_line = next(line for line in out.splitlines() if " photos by " in line)
    assert photos_line == (
        f"{Photo.objects.count()} photos by "
        f"{Photographer.objects.filter(locale__language_code='en').count()} photographers"
    )

    for photo in Photo.objects.all():
        assert not photo.title.startswith("Demo photo")
        assert photo.default_caption.startswith(photo.title)
        with photo.file.open("rb") as file, Image.open(file) as picture:
            assert picture.width >= 1200
    with_photo = Story.objects.filter(live=True, locale__language_code="ru").exclude(
        lead_photo=None
    )
    for story in with_photo[:5]:
        page = client.get(story.url).content.decode()
        assert f'alt="{story.lead_photo_caption}"' in page
        assert re.search("[а-я]", story.lead_photo_caption)
        assert "Фото: " in page and re.search(r"Фото: [А-Я][а-я]+ [А-Я]", page)


@pytest.mark.django_db
def test_the_reference_photo_is_credited_in_each_script(client):
    call_command("demo", stories=6, days=3)
    original = Story.objects.get(live=True, headline__startswith="Азербайджанские активисты")
    page = client.get(original.url).content.decode()

    assert 'alt="Последствия обстрела в ходе карабахского конфликта осенью 2020 года."' in page
    assert "Фото: Азиз Каримов / «Кавказский вестник»" in page
