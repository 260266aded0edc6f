import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from dateline.editions.models import EditionFrontPage
from dateline.interchange.exporter import stories_export
from dateline.interchange.importer import stories_import
from dateline.photos.factories import PhotoFactory
from dateline.photos.models import Photo, PhotoRendition
from dateline.stories.models import Author, Story, TranslationKind
from dateline.stories.services import story_create, story_publish
from dateline.taxonomy.factories import region_add
from dateline.taxonomy.models import RegionPage, TopicPage

WHEN = datetime(2021, 4, 7, 16, 28, 5, 123456, tzinfo=UTC)


def _newsroom(english, russian) -> None:
    """An original with everything a story can carry, its translation, a draft, and a
    story published and updated later."""
    photo = PhotoFactory(credit="Aziz Karimov", copyright_holder="Report.az")
    mayor = Author.objects.create(name="Лейла Алиева", locale=russian.locale)
    original = story_create(
        locale=russian.locale,
        headline="В Баку открылся новый мост",
        lead="Мост соединил два района.",
        body=[
            {"type": "paragraph", "value": "<p>Первый абзац с <b>жирным</b> словом.</p>"},
            {"type": "quote", "value": {"text": "Мы успели.", "attribution": "Мэр"}},
            {
                "type": "paragraph",
                "value": '<p>См. <a href="https://report.az/">Report.az</a>.</p>',
            },
        ],
        lead_photo=photo,
        lead_photo_caption="",
        authors=[mayor],
        regions=RegionPage.objects.filter(locale=russian.locale, slug="baku"),
        topics=TopicPage.objects.filter(locale=russian.locale),
        sources=[{"name": "Report.az", "url": "https://report.az/"}],
        notes=[
            {
                "type": "update",
                "value": {
                    "noted_at": (WHEN + timedelta(hours=2)).isoformat(),
                    "text": "Часы.",
                    "reason": "Мэрия уточнила график",
                },
            }
        ],
    )
    original = story_publish(story=original, published_at=WHEN)
    translation = story_create(
        locale=english.locale,
        headline="A new bridge opened in Baku",
        body=[{"type": "paragraph", "value": "<p>Abridged.</p>"}],
        lead_photo=photo,
        lead_photo_caption="The bridge at dusk",
        regions=RegionPage.objects.filter(locale=english.locale, slug__in=["baku", "ganja"]),
        translation_of=original,
        translation_kind=TranslationKind.ABRIDGED,
        external_id="wire-77",
    )
    story_publish(story=translation, published_at=WHEN + timedelta(hours=1))
    story_create(locale=english.locale, headline="A draft that must stay in", external_id="draft")
    updated = story_create(locale=english.locale, headline="Updated later")
    updated = story_publish(story=updated, published_at=WHEN)
    updated.headline = "Updated later, with news"
    updated.save_revision()
    story_publish(story=updated)


def _stories() -> dict[str, dict]:
    """What a reader would see of each story, keyed by its external id."""
    return {
        story.external_id: {
            "edition": story.locale.language_code,
            "headline": story.headline,
            "lead": story.lead,
            "body": [(block["type"], block["value"]) for block in story.body.raw_data],
            "published": (story.first_published_at, story.last_published_at),
            "regions": sorted(r.slug for r in story.regions.all()),
            "topics": sorted(t.slug for t in story.topics.all()),
            "authors": [credit.author.name for credit in story.byline.all()],
            "sources": [dict(s.value) for s in story.sources],
            "notes": [
                (n.block_type, n.value["noted_at"], n.value["text"], n.value.get("reason"))
                for n in story.notes
            ],
            "translation_of": story.translation_of.external_id if story.translation_of else None,
            "translation_kind": story.translation_kind,
            "photo": (
                (
                    story.lead_photo.credit,
                    story.lead_photo.copyright_holder,
                    story.lead_photo_caption or story.lead_photo.default_caption,
                    story.lead_photo.file.read(),
                )
                if story.lead_photo
                else None
            ),
        }
        for story in Story.objects.filter(live=True)
    }


def _export(folder: Path) -> Path:
    path = folder / "out.jsonl"
    with path.open("w", encoding="utf-8") as output:
        stories_export(output=output, base_dir=folder, photos_dir=folder / "out-photos")
    return path


def _database_emptied() -> None:
    Story.objects.all().delete()
    Author.objects.all().delete()
    Photo.objects.all().delete()


@pytest.mark.django_db
def test_export_then_import_into_an_emptied_database_gives_the_same_stories(editions, tmp_path):
    english, russian = editions
    region_add(
        parent=EditionFrontPage.objects.get(locale=english.locale), title="Ganja", slug="ganja"
    )
    _newsroom(english, russian)
    path = _export(tmp_path)
    before = _stories()
    assert len(before) == 3 and before["wire-77"]["photo"][2] == "The bridge at dusk"
    _database_emptied()

    counts = stories_import(path=path)

    assert str(counts) == "3 imported, 0 updated, 0 unchanged, 0 failed"
    assert _stories() == before


@pytest.mark.django_db
def test_export_writes_published_stories_only_and_gives_them_ids(editions, tmp_path):
    english, russian = editions
    _newsroom(english, russian)

    lines = [json.loads(text) for text in _export(tmp_path).read_text().splitlines()]

    original = Story.objects.get(headline="В Баку открылся новый мост")
    assert [line["external_id"] for line in lines] == [
        f"ru-{original.pk}",
        f"en-{Story.objects.get(headline__startswith='Updated later').pk}",
        "wire-77",
    ]
    assert "draft" not in {line["external_id"] for line in lines}
    assert lines[2]["translation_of"] == f"ru-{original.pk}"
    photo = lines[0]["photo"]
    assert photo["file"].startswith("out-photos/")
    assert (tmp_path / photo["file"]).read_bytes() == original.lead_photo.file.read()
    assert lines[1]["updated_at"] > lines[1]["published_at"]


@pytest.mark.django_db
def test_importing_an_export_into_the_same_database_changes_nothing(editions, tmp_path):
    english, russian = editions
    _newsroom(english, russian)

    counts = stories_import(path=_export(tmp_path))

    assert str(counts) == "0 imported, 0 updated, 3 unchanged, 0 failed"


@pytest.mark.django_db
def test_a_story_whose_derived_id_is_taken_gets_another(editions, tmp_path):
    english, _ = editions
    local = story_publish(story=story_create(locale=english.locale, headline="Local"))
    story_publish(
        story=story_create(locale=english.locale, headline="Wire", external_id=f"en-{local.pk}")
    )

    stories_export(output=io.StringIO(), base_dir=tmp_path, photos_dir=tmp_path / "photos")

    local.refresh_from_db()
    assert local.external_id == f"en-{local.pk}-2"


@pytest.mark.django_db
def test_a_photo_missing_from_storage_is_reported_and_still_named(editions, tmp_path):
    english, _ = editions
    photo = PhotoFactory()
    story_publish(story=story_create(locale=english.locale, headline="B", lead_photo=photo))
    photo.file.storage.delete(photo.file.name)
    output = io.StringIO()

    report = stories_export(output=output, base_dir=tmp_path, photos_dir=tmp_path / "photos")

    assert report.missing_photo_files == [photo.file.name]
    assert json.loads(output.getvalue())["photo"]["file"].startswith("photos/")


@pytest.mark.django_db
def test_an_edited_export_updates_its_story_and_keeps_the_same_photo(editions, tmp_path):
    english, _ = editions
    photo = PhotoFactory()
    story_publish(story=story_create(locale=english.locale, headline="Bridge", lead_photo=photo))
    path = _export(tmp_path)
    line = json.loads(path.read_text())
    path.write_text(json.dumps(line | {"headline": "Bridge, reopened"}) + "\n")

    counts = stories_import(path=path)

    story = Story.objects.get()
    assert str(counts) == "0 imported, 1 updated, 0 unchanged, 0 failed"
    assert (story.headline, story.lead_photo) == ("Bridge, reopened", photo)
    assert Photo.objects.count() == 1


@pytest.mark.django_db
def test_photos_missing_from_storage_inline_or_lead_do_not_stop_the_export(editions, tmp_path):
    english, _ = editions
    lead, inline = PhotoFactory(), PhotoFactory()
    story = story_create(
        locale=english.locale,
        headline="Bridge",
        lead_photo=lead,
        body=[
            {"type": "paragraph", "value": "<p>Text.</p>"},
            {"type": "photo", "value": {"image": inline.pk, "caption": ""}},
        ],
    )
    story_publish(story=story)
    for photo in (lead, inline):
        photo.file.storage.delete(photo.file.name)
    output = io.StringIO()

    report = stories_export(output=output, base_dir=tmp_path, photos_dir=tmp_path / "photos")

    assert (report.stories, report.stories_with_unexported_blocks) == (1, 1)
    assert report.missing_photo_files == [lead.file.name]
    assert json.loads(output.getvalue())["body"] == ["<p>Text.</p>"]
    # A line has no use for sizes: the export makes none.
    assert not PhotoRendition.objects.exists()
