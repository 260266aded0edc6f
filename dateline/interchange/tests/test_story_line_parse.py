import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from dateline.interchange.parser import LineError, story_line_parse

FIXTURES = Path(__file__).parent / "fixtures"


def test_the_good_fixture_lines_parse_with_times_in_utc():
    lines = [story_line_parse(text) for text in (FIXTURES / "good.jsonl").read_text().splitlines()]

    original, translation = lines
    assert original.published_at == datetime(2021, 4, 7, 16, 28, tzinfo=UTC)
    assert original.regions == ("baku",)
    assert original.body[1] == {
        "type": "paragraph",
        "value": "<p>Второй абзац с <b>важным</b> словом.</p>",
    }
    assert original.sources == (("Report.az", "https://report.az/"),)
    assert translation.updated_at == datetime(2021, 4, 7, 20, 0, tzinfo=UTC)
    assert (translation.translation_of, translation.translation_kind) == (
        "cc-2021-0407-baku",
        "abridged",
    )
    assert translation.notes[0].at == datetime(2021, 4, 7, 20, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        (1, "not valid JSON"),
        (2, "“headline” is missing"),
        (3, "“published_at” has no UTC offset: “2021-04-07T18:05:00”"),
        (4, "unknown field “headlne”"),
        (5, "“photo” has no “credit”"),
        (6, "“translation_kind” is given without “translation_of”"),
        (7, "must be relative to the stories file"),
        (8, "a line must be a JSON object"),
        (9, "note 1: “kind” must be “update” or “correction”"),
        (10, "source 1 has an invalid “url”"),
    ],
)
def test_each_malformed_fixture_line_gives_its_reason(number, reason):
    text = (FIXTURES / "malformed.jsonl").read_text().splitlines()[number - 1]

    with pytest.raises(LineError, match=reason):
        story_line_parse(text)


def test_a_translation_needs_its_kind():
    with pytest.raises(LineError, match="“translation_kind” must be “full” or “abridged”"):
        story_line_parse(
            '{"external_id": "t", "edition": "en", "headline": "H", '
            '"published_at": "2021-04-07T18:05:00Z", "translation_of": "o"}'
        )


def test_the_example_lines_in_the_format_document_parse():
    document = Path(__file__).parents[3] / "docs" / "import-format.md"
    examples = re.findall(r"```json\n(.*?)\n```", document.read_text(), re.DOTALL)

    lines = [story_line_parse(example) for example in examples]

    assert [line.external_id for line in lines] == ["cc-2021-0407-baku", "cc-2021-0407-baku-en"]
