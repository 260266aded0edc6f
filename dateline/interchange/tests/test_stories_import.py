from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.conf import settings

from dateline.interchange.importer import LineOutcome, LineStatus, stories_import
from dateline.photos.models import Photo
from dateline.stories.models import Author, Story
from dateline.stories.services import story_create, story_publish

from .conftest import photo_file, stories_file, story_line


def _import(path: Path) -> tuple[object, list[LineOutcome]]:
    outcomes: list[LineOutcome] = []
    counts = stories_import(path=path, on_line=outcomes.append)
    return counts, outcomes


def _media_files() -> set[Path]:
    return {p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()}


@pytest.mark.django_db
def test_good_lines_become_published_stories(editions, tmp_path):
    english, russian = editions
    path = stories_file(
        tmp_path,
        [
            story_line(
                photo={
                    "file": photo_file(tmp_path),
                    "caption": "The bridge at dusk",
                    "credit": "Aziz Karimov",
                    "copyright_holder": "Report.az",
                },
                notes=[{"kind": "correction", "at": "2021-04-08T09:00:00+00:00", "text": "Fixed."}],
                updated_at="2021-04-08T09:00:00+00:00",
            ),
            story_line(external_id="cc-2", edition="ru", headline="Мост", authors=["Азиз Каримов"]),
        ],
    )

    counts, outcomes = _import(path)

    assert str(counts) == "2 imported, 0 updated, 0 unchanged, 0 failed"
    story = Story.objects.get(external_id="cc-1")
    assert story.live
    assert story.locale == english.locale
    assert story.first_published_at == datetime(2021, 4, 7, 16, 28, tzinfo=UTC)
    assert story.last_published_at == datetime(2021, 4, 8, 9, 0, tzinfo=UTC)
    assert [block.value.source for block in story.body] == [
        "<p>The first paragraph.</p>",
        "<p>The second paragraph.</p>",
    ]
    assert [r.slug for r in story.regions.all()] == ["baku"]
    assert [t.slug for t in story.topics.all()] == ["politics"]
    assert [credit.author.name for credit in story.byline.all()] == ["Aziz Karimov"]
    assert [dict(s.value) for s in story.sources] == [
        {"name": "Report.az", "url": "https://report.az/"}
    ]
    assert story.notes[0].block_type == "correction"
    assert story.lead_photo.credit == "Aziz Karimov"
    assert story.lead_photo.copyright_holder == "Report.az"
    assert story.lead_photo_caption == "The bridge at dusk"
    assert (story.lead_photo.width, story.lead_photo.height) == (64, 36)
    # Each edition spells its own authors.
    assert Author.objects.get(name="Азиз Каримов").locale == russian.locale
    assert [o.number for o in outcomes] == [1, 2]


@pytest.mark.django_db
def test_each_bad_line_is_reported_by_number_and_nothing_of_it_is_written(editions, tmp_path):
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos/broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a picture")
    good_photo = photo_file(tmp_path)
    media_before = _media_files()
    lines = [
        story_line(external_id="good-1"),
        '{"external_id": "bad-json", "edition": "en",',
        story_line(external_id="no-headline", headline=""),
        story_line(external_id="no-edition", edition="fr"),
        story_line(external_id="naive", published_at="2021-04-07T20:28:00"),
        story_line(external_id="no-region", regions=["atlantis"]),
        story_line(external_id="no-photo", photo={"file": "photos/gone.jpg", "credit": "A"}),
        story_line(external_id="broken", photo={"file": "photos/broken.jpg", "credit": "A"}),
        story_line(external_id="uncredited", photo={"file": good_photo, "caption": "x"}),
        story_line(external_id="orphan", translation_of="nowhere", translation_kind="full"),
        # Fails at the very end, after its author and photo would have been made.
        story_line(
            external_id="same-edition",
            authors=["Ghost Writer"],
            photo={"file": good_photo, "credit": "Ghost Photographer"},
            translation_of="good-1",
            translation_kind="full",
        ),
        story_line(external_id="good-2", headline="Another story"),
    ]

    counts, outcomes = _import(stories_file(tmp_path, lines))

    failed = {o.number: o.detail for o in outcomes if o.status == LineStatus.FAILED}
    assert str(counts) == "2 imported, 0 updated, 0 unchanged, 10 failed"
    assert "not valid JSON" in failed[2]
    assert "“headline” is missing" in failed[3]
    assert "unknown edition “fr” (editions: en, ru)" in failed[4]
    assert "“published_at” has no UTC offset" in failed[5]
    assert "unknown region “atlantis” in edition “en”" in failed[6]
    assert "photo file “photos/gone.jpg” not found" in failed[7]
    assert "photo file “photos/broken.jpg” is not a readable picture" in failed[8]
    assert "“photo” has no “credit”" in failed[9]
    assert "no story has the external id “nowhere”" in failed[10]
    assert "The original must be a story of another edition." in failed[11]
    assert set(Story.objects.values_list("external_id", flat=True)) == {"good-1", "good-2"}
    assert not Author.objects.filter(name="Ghost Writer").exists()
    assert not Photo.objects.exists()
    assert _media_files() == media_before


@pytest.mark.django_db
def test_importing_the_same_file_again_changes_nothing(editions, tmp_path):
    path = stories_file(
        tmp_path,
        [
            story_line(photo={"file": photo_file(tmp_path), "credit": "A", "caption": "C"}),
            story_line(
                external_id="cc-2", edition="ru", translation_of="cc-1", translation_kind="full"
            ),
        ],
    )
    _import(path)
    story = Story.objects.get(external_id="cc-1")
    revisions, photos = story.revisions.count(), Photo.objects.count()

    counts, outcomes = _import(path)

    assert str(counts) == "0 imported, 0 updated, 2 unchanged, 0 failed"
    assert story.revisions.count() == revisions
    assert Photo.objects.count() == photos


@pytest.mark.django_db
def test_a_changed_line_publishes_a_new_revision_and_keeps_the_first_published_time(
    editions, tmp_path
):
    _import(stories_file(tmp_path, [story_line()]))
    story = Story.objects.get(external_id="cc-1")

    counts, _ = _import(
        stories_file(
            tmp_path,
            [
                story_line(
                    headline="The bridge opens a day late", published_at="2022-01-01T00:00:00Z"
                )
            ],
        )
    )

    assert str(counts) == "0 imported, 1 updated, 0 unchanged, 0 failed"
    story.refresh_from_db()
    assert story.headline == "The bridge opens a day late"
    assert story.live and not story.has_unpublished_changes
    assert story.revisions.count() == 2
    assert story.first_published_at == datetime(2021, 4, 7, 16, 28, tzinfo=UTC)


@pytest.mark.django_db
def test_a_translation_may_come_before_its_original(editions, tmp_path):
    path = stories_file(
        tmp_path,
        [
            story_line(
                external_id="cc-1-en", translation_of="cc-1-ru", translation_kind="abridged"
            ),
            story_line(external_id="cc-1-ru", edition="ru", headline="Мост"),
        ],
    )

    counts, outcomes = _import(path)

    assert str(counts) == "2 imported, 0 updated, 0 unchanged, 0 failed"
    translation = Story.objects.get(external_id="cc-1-en")
    original = Story.objects.get(external_id="cc-1-ru")
    assert translation.translation_of == original
    assert translation.translation_kind == "abridged"
    assert translation.translation_key == original.translation_key
    assert [o.number for o in outcomes] == [2, 1]


@pytest.mark.django_db
def test_a_translation_of_a_failed_line_says_which_line_failed(editions, tmp_path):
    path = stories_file(
        tmp_path,
        [
            story_line(external_id="cc-1-en", translation_of="cc-1-ru", translation_kind="full"),
            story_line(external_id="cc-1-ru", edition="ru", regions=["atlantis"]),
        ],
    )

    _, outcomes = _import(path)

    assert [(o.number, o.status) for o in outcomes] == [(2, "failed"), (1, "failed")]
    assert outcomes[1].detail.endswith("(line 2 has that id and failed)")


@pytest.mark.django_db
def test_scripts_and_event_handlers_never_reach_the_body(editions, tmp_path):
    path = stories_file(
        tmp_path,
        [story_line(body='<p onclick="steal()">Hi<script>alert(1)</script></p><style>*{}</style>')],
    )

    _import(path)

    body = Story.objects.get(external_id="cc-1").body.raw_data
    assert [block["value"] for block in body] == ["<p>Hi</p>"]


@pytest.mark.django_db
def test_a_story_unpublished_here_is_not_published_again(editions, tmp_path):
    english, _ = editions
    story = story_create(locale=english.locale, headline="Taken down", external_id="cc-1")
    story_publish(story=story)
    story.unpublish()

    counts, outcomes = _import(stories_file(tmp_path, [story_line(headline="Back again")]))

    story.refresh_from_db()
    assert str(counts) == "0 imported, 0 updated, 1 unchanged, 0 failed"
    assert "left alone" in outcomes[0].detail
    assert (story.live, story.headline) == (False, "Taken down")


@pytest.mark.django_db
def test_one_photo_is_made_for_a_picture_that_several_lines_use(editions, tmp_path):
    photo = {"file": photo_file(tmp_path), "credit": "Aziz Karimov"}
    path = stories_file(
        tmp_path, [story_line(photo=photo), story_line(external_id="cc-2", photo=photo)]
    )

    _import(path)

    assert Photo.objects.count() == 1


@pytest.mark.django_db
def test_a_story_with_blocks_a_file_cannot_carry_is_not_updated(editions, tmp_path):
    english, _ = editions
    earlier = story_publish(story=story_create(locale=english.locale, headline="Earlier"))
    body = [
        {"type": "paragraph", "value": "<p>The first paragraph.</p>"},
        {"type": "see_also", "value": {"story": earlier.pk}},
    ]
    story = story_create(locale=english.locale, headline="Bridge", body=body, external_id="cc-1")
    story_publish(story=story)

    counts, outcomes = _import(stories_file(tmp_path, [story_line(headline="Bridge, updated")]))

    story.refresh_from_db()
    assert str(counts) == "0 imported, 0 updated, 0 unchanged, 1 failed"
    assert "inline photos, galleries or see-also links" in outcomes[0].detail
    assert [block["type"] for block in story.body.raw_data] == ["paragraph", "see_also"]
