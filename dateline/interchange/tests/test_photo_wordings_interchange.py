"""A photo's caption and credit per edition travel with its stories: the export writes them,
the import gives them back to the photo, and a file that does not name them leaves them be."""

import json
from pathlib import Path

import pytest

from dateline.interchange.exporter import stories_export
from dateline.interchange.importer import LineOutcome, stories_import
from dateline.photos.factories import PhotoFactory
from dateline.photos.models import Photo, PhotoWording
from dateline.photos.services import photo_wordings_set
from dateline.stories.models import Story
from dateline.stories.services import story_create, story_publish

from .conftest import photo_file, stories_file, story_line

RUSSIAN = ("Последствия обстрела в Шуше.", "Азиз Каримов")
ENGLISH = ("Consequences of the shelling in Shusha.", "")


def _wordings(photo: Photo) -> dict[str, tuple[str, str]]:
    return {
        w.locale.language_code: (w.caption, w.credit)
        for w in PhotoWording.objects.filter(photo=photo).select_related("locale")
    }


def _export(folder: Path) -> Path:
    path = folder / "out.jsonl"
    with path.open("w", encoding="utf-8") as output:
        stories_export(output=output, base_dir=folder, photos_dir=folder / "out-photos")
    return path


def _import(path: Path) -> tuple[str, list[LineOutcome]]:
    outcomes: list[LineOutcome] = []
    counts = stories_import(path=path, on_line=outcomes.append)
    return str(counts), outcomes


def _two_stories_sharing_a_photo(english, russian) -> Photo:
    photo = PhotoFactory(default_caption="Consequences of the shelling.", credit="Aziz Karimov")
    photo_wordings_set(
        photo=photo, wordings={english.locale.pk: ENGLISH, russian.locale.pk: RUSSIAN}
    )
    for edition, headline in ((english, "Shusha shelled"), (russian, "Обстрел Шуши")):
        story_publish(
            story=story_create(locale=edition.locale, headline=headline, lead_photo=photo)
        )
    return photo


@pytest.mark.django_db
def test_the_export_writes_each_edition_wording_and_the_import_brings_them_back(
    client, editions, tmp_path
):
    english, russian = editions
    _two_stories_sharing_a_photo(english, russian)

    path = _export(tmp_path)

    lines = {line["edition"]: line for line in map(json.loads, path.read_text().splitlines())}
    wordings = {
        "en": {"caption": ENGLISH[0], "credit": ""},
        "ru": {"caption": RUSSIAN[0], "credit": RUSSIAN[1]},
    }
    assert lines["ru"]["photo"]["wordings"] == lines["en"]["photo"]["wordings"] == wordings
    assert lines["ru"]["photo"]["caption"] == RUSSIAN[0]  # the caption Russian readers see
    assert lines["ru"]["photo"]["credit"] == "Aziz Karimov"  # the photo's own, as typed

    Story.objects.all().delete()
    Photo.objects.all().delete()
    counts, _ = _import(path)

    assert counts == "2 imported, 0 updated, 0 unchanged, 0 failed"
    photo = Photo.objects.get()
    assert _wordings(photo) == {"en": ENGLISH, "ru": RUSSIAN}
    russian_story = Story.objects.get(locale=russian.locale)
    page = client.get(russian_story.url).content.decode()
    assert f'alt="{RUSSIAN[0]}"' in page
    assert "Фото: Азиз Каримов / «Кавказский вестник»" in page


@pytest.mark.django_db
def test_importing_an_export_with_wordings_again_changes_nothing(editions, tmp_path):
    english, russian = editions
    _two_stories_sharing_a_photo(english, russian)
    path = _export(tmp_path)

    counts, _ = _import(path)

    assert counts == "0 imported, 0 updated, 2 unchanged, 0 failed"


@pytest.mark.django_db
def test_a_line_with_other_wordings_updates_the_photo_and_one_without_leaves_them(
    editions, tmp_path
):
    english, russian = editions
    photo = _two_stories_sharing_a_photo(english, russian)
    path = _export(tmp_path)
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    for line in lines:
        if line["edition"] == "ru":
            line["photo"]["wordings"] = {"ru": {"caption": "Шуша после обстрела."}, "en": {}}

    counts, _ = _import(stories_file(tmp_path, lines, "edited.jsonl"))

    assert counts == "0 imported, 1 updated, 1 unchanged, 0 failed"
    # Named with neither caption nor credit, English has no wording of its own any more.
    assert _wordings(photo) == {"ru": ("Шуша после обстрела.", "")}

    # A file from a system that knows no wordings: the photo keeps its own.
    lines = [json.loads(line) for line in _export(tmp_path).read_text().splitlines()]
    for line in lines:
        del line["photo"]["wordings"]
    counts, _ = _import(stories_file(tmp_path, lines, "without.jsonl"))

    assert counts == "0 imported, 0 updated, 2 unchanged, 0 failed"
    assert _wordings(photo) == {"ru": ("Шуша после обстрела.", "")}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("wordings", "reason"),
    [
        ({"de": {"caption": "Die Brücke"}}, "unknown edition “de”"),
        ({"ru": "Мост"}, "“wordings” must be an object of {“caption”, “credit”} objects"),
        (["ru"], "“wordings” must be an object of {“caption”, “credit”} objects"),
        ({"ru": {"caption": "Мост", "alt": "x"}}, "“wordings” must be an object"),
        ({"ru": {"credit": "Я" * 256}}, "“credit” is longer than 255 characters"),
        ({"ru": {"caption": "Мост"}, "RU": {"caption": "Мост"}}, "name the edition “ru” twice"),
    ],
)
def test_bad_wordings_fail_their_line_and_write_nothing(editions, tmp_path, wordings, reason):
    photo = {"file": photo_file(tmp_path), "credit": "Aziz Karimov", "wordings": wordings}
    path = stories_file(tmp_path, [story_line(photo=photo)])

    counts, outcomes = _import(path)

    assert counts == "0 imported, 0 updated, 0 unchanged, 1 failed"
    assert reason in outcomes[0].detail
    assert not Photo.objects.exists() and not PhotoWording.objects.exists()
