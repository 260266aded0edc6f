import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

from django.utils.safestring import SafeString

from dateline.interchange.formatter import story_line_format
from dateline.interchange.parser import story_line_parse
from dateline.stories.document import (
    Author,
    BodyBlock,
    Note,
    PhotoDocument,
    Source,
    StoryDocument,
    StoryLink,
    Tag,
    Translation,
)

WHEN = datetime(2021, 4, 7, 16, 28, tzinfo=UTC)
BAKU = timezone(timedelta(hours=4))
PHOTO = PhotoDocument(
    id=7,
    title="Bridge",
    caption="The bridge at dusk",
    credit="Photo by Aziz Karimov for Report.az",
    photographer="Aziz Karimov",
    copyright_holder="Report.az",
    usage_terms="",
    file="original_images/bridge.jpg",
)
ORIGINAL = StoryLink(7, "Мост", "https://ru.example/7/", "ru", "ru", "Русский", WHEN)


def _document(**changes) -> StoryDocument:
    document = StoryDocument(
        id=3,
        version=9,
        edition="en",
        language="en",
        agency="Report.az",
        headline="A new bridge opened in Baku",
        slug="a-new-bridge",
        lead="The bridge joins two districts.",
        url="https://en.example/3/",
        published_at=WHEN,
        updated_at=WHEN,
        published_local=WHEN.astimezone(BAKU),
        updated_local=WHEN.astimezone(BAKU),
        byline=(Author("Leyla Aliyeva", "Reporter"),),
        photo=PHOTO,
        body=(
            BodyBlock("paragraph", html='<p>See <a href="https://en.example/">the front</a>.</p>'),
            BodyBlock("photo", photo=PHOTO),
            BodyBlock("quote", text="We made it <in time>.", attribution="The mayor"),
            BodyBlock("see_also", story=ORIGINAL),
        ),
        regions=(Tag(2, "region", "Ganja", "ganja", ""), Tag(1, "region", "Baku", "baku", "")),
        topics=(),
        sources=(Source("Report.az", "https://report.az/"), Source("A caller", "")),
        notes=(),
        translation=None,
        versions=(),
    )
    return replace(document, **changes)


def test_a_line_says_what_the_document_says_in_the_order_of_the_format():
    line = story_line_format(_document(), external_id="cc-1", photo_file="out-photos/7-b.jpg")

    assert line == {
        "external_id": "cc-1",
        "edition": "en",
        "headline": "A new bridge opened in Baku",
        "lead": "The bridge joins two districts.",
        # Inline photos and see-also links are left out.
        "body": [
            '<p>See <a href="https://en.example/">the front</a>.</p>',
            "<blockquote>We made it &lt;in time&gt;.<cite>The mayor</cite></blockquote>",
        ],
        "published_at": "2021-04-07T16:28:00+00:00",
        "regions": ["baku", "ganja"],
        "topics": [],
        "authors": ["Leyla Aliyeva"],
        "sources": [
            {"name": "Report.az", "url": "https://report.az/"},
            {"name": "A caller", "url": ""},
        ],
        # The photographer, not the credit line as the edition phrases it.
        "photo": {
            "file": "out-photos/7-b.jpg",
            "caption": "The bridge at dusk",
            "credit": "Aziz Karimov",
            "copyright_holder": "Report.az",
        },
    }
    assert story_line_parse(json.dumps(line)).external_id == "cc-1"


def test_an_updated_translation_has_its_update_time_original_and_notes_in_utc():
    document = _document(
        updated_at=WHEN + timedelta(hours=3),
        # Notes typed without a zone count as UTC.
        notes=(
            Note("update", datetime(2021, 4, 7, 18, 0), "The hours."),  # noqa: DTZ001
            Note("correction", datetime(2021, 4, 7, 23, 0, tzinfo=BAKU), "The name."),
        ),
        translation=Translation(ORIGINAL, "abridged", SafeString("")),
        photo=replace(PHOTO, copyright_holder=""),
    )

    line = story_line_format(
        document, external_id="cc-2", original_external_id="cc-1", photo_file="p/7.jpg"
    )

    assert line["updated_at"] == "2021-04-07T19:28:00+00:00"
    assert (line["translation_of"], line["translation_kind"]) == ("cc-1", "abridged")
    assert line["notes"] == [
        {"kind": "update", "at": "2021-04-07T18:00:00+00:00", "text": "The hours."},
        {"kind": "correction", "at": "2021-04-07T19:00:00+00:00", "text": "The name."},
    ]
    assert "copyright_holder" not in line["photo"]
    parsed = story_line_parse(json.dumps(line))
    assert (parsed.translation_of, parsed.updated_at) == ("cc-1", WHEN + timedelta(hours=3))
