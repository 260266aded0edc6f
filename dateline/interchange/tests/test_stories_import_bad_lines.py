"""A stories file with bad lines among good ones: every bad line is reported with its number and
reason, every good line is imported, whatever is wrong with the bad ones."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.interchange.importer import LineStatus, stories_import
from dateline.interchange.parser import FIELDS, LineError, story_line_parse
from dateline.stories.models import Story

from .conftest import stories_file, story_line

MIXED = Path(__file__).parent / "fixtures" / "mixed.jsonl"

GOOD = {
    1: "Good line one: a bridge opens in Baku",
    5: "Good line two: a ferry resumes service",
    18: "Good line three: the translation of line five",
    21: "Good line four: the last one",
}
BAD = {
    2: "“published_at” is not an ISO 8601 time: “0000-01-01T00:00:00+00:00”",
    3: "“published_at” is not an ISO 8601 time: “99999-01-01T00:00:00+00:00”",
    4: "“published_at” is out of range: “0001-01-01T00:00:00+04:00” (from year 1000",
    6: "lists or objects nested more than 8 deep",
    7: "a number with 5000 digits (no field holds a number)",
    8: "“headline” holds a lone surrogate (\\ud800), which is not a character",
    9: "“headline” holds a NUL character (\\u0000)",
    10: "“regions” must be a list of non-empty strings",
    11: "“sources” must be a list of {“name”, “url”} objects",
    12: "“body” must be an HTML string or a list of paragraph strings",
    13: "“lead” must be a string",
    14: "“published_at” must be an ISO 8601 time string",
    15: "“at” must be an ISO 8601 time string",
    16: "“photo” must be an object with “file”, “caption” and “credit”",
    17: "“authors” must be a list of non-empty strings",
    19: "source 1 has an invalid “url”: “JavaScript:alert(1)” (Enter a web address",
    20: "source 1 has an invalid “url”: “data:text/html,<script>alert(1)</script>”",
}


@pytest.mark.django_db
def test_every_bad_line_is_reported_and_every_good_line_imported(editions):
    outcomes = []

    counts = stories_import(path=MIXED, on_line=outcomes.append)

    failed = {o.number: o.detail for o in outcomes if o.status == LineStatus.FAILED}
    assert sorted(failed) == sorted(BAD)
    for number, reason in BAD.items():
        assert reason in failed[number], number
    imported = {o.number for o in outcomes if o.status == LineStatus.IMPORTED}
    assert imported == set(GOOD)
    assert str(counts) == f"{len(GOOD)} imported, 0 updated, 0 unchanged, {len(BAD)} failed"

    stories = {story.external_id: story for story in Story.objects.all()}
    assert sorted(stories) == ["ok-1", "ok-2", "ok-3", "ok-4"]
    assert {story.headline for story in stories.values()} == set(GOOD.values())
    assert all(story.live for story in stories.values())
    assert stories["ok-3"].translation_of == stories["ok-2"]
    assert stories["ok-1"].sources.raw_data[0]["value"]["url"] == "https://report.az/"


@pytest.mark.django_db
def test_the_command_names_each_bad_line_and_imports_the_rest(editions):
    stderr = io.StringIO()

    with pytest.raises(
        CommandError, match=f"4 imported, 0 updated, 0 unchanged, {len(BAD)} failed"
    ):
        call_command("import", str(MIXED), stdout=io.StringIO(), stderr=stderr)

    reported = stderr.getvalue().splitlines()
    assert [line.split(":")[0] for line in reported] == [f"line {n}" for n in sorted(BAD)]
    assert "line 8: failed: “headline” holds a lone surrogate (\\ud800)" in stderr.getvalue()
    assert Story.objects.count() == len(GOOD)


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"published_at": "9999-12-31T23:30:00-01:00"}, "“published_at” is out of range"),
        ({"published_at": "0999-12-31T23:59:59+00:00"}, "“published_at” is out of range"),
        ({"updated_at": "9999-12-31T23:59:59+00:00"}, "“updated_at” is out of range"),
        (
            {"notes": [{"kind": "update", "at": "0001-01-01T00:30:00+01:00", "text": "x"}]},
            "“at” is out of range",
        ),
        (
            {"notes": [{"kind": "update", "at": "2021-04-07T10:00:00Z", "text": "x", "reason": 5}]},
            "“reason” must be a string",
        ),
        ({"regions": {}}, "“regions” must be a list"),
        ({"topics": 0}, "“topics” must be a list"),
        ({"authors": ""}, "“authors” must be a list"),
        ({"sources": False}, "“sources” must be a list"),
        ({"notes": {}}, "“notes” must be a list"),
        ({"body": 0}, "“body” must be an HTML string"),
        ({"body": [["nested"]]}, "“body” must be an HTML string"),
        ({"sources": [{"name": "Wire", "url": ["https://x.org/"]}]}, "“url” must be a string"),
        ({"sources": [{"name": "Wire", "url": "ftp://x.org/"}]}, "source 1 has an invalid “url”"),
        ({"sources": [{"name": "Wire", "url": "\x01javascript:x"}]}, "source 1 has an invalid"),
        ({"photo": {"file": 5, "credit": "A"}}, "“file” must be a string"),
        ({"translation_of": 12}, "“translation_of” must be a string"),
        ({"external_id": 10**40}, "a number with 41 digits"),
        ({"headline": "x", "\ud800": 1}, "“\\ud800” holds a lone surrogate"),
        ({"sources": [{"name": "Wire\ud83d", "url": ""}]}, "“sources” holds a lone surrogate"),
        ({"body": [[[[]]]]}, "“body” must be an HTML string"),
        ({"body": [[[[[[[[[[]]]]]]]]]]}, "“body”: lists or objects nested more than 8 deep"),
    ],
)
def test_a_bad_field_is_refused_with_its_reason(fields, reason):
    text = json.dumps(story_line() | fields)

    with pytest.raises(LineError) as error:
        story_line_parse(text)

    assert reason in str(error.value)
    str(error.value).encode("utf-8")  # a reason is always printable


@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000,
        '{"headline": ' + "[" * 5000 + "]" * 5000 + "}",
        '{"headline": 1' + "0" * 10_000 + "}",
        '{"headline": 1e999999}',
        '{"headline": NaN}',
        '"\\ud800"',
        "{" * 50_000,
    ],
)
def test_any_text_on_a_line_is_refused_with_a_reason_never_an_error(text):
    with pytest.raises(LineError):
        story_line_parse(text)


# Any character, lone surrogates and NUL included.
TEXT = st.text(st.characters(exclude_categories=()))
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | TEXT
    | st.sampled_from(["2021-04-07T18:05:00Z", "0001-01-01T00:00:00+04:00", "javascript:x"]),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(TEXT, children),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(sorted(FIELDS)), JSON_VALUES, max_size=4))
def test_any_value_in_any_field_parses_or_is_refused_with_a_reason(fields):
    try:
        story_line_parse(json.dumps(story_line() | fields))
    except LineError as error:
        str(error).encode("utf-8")


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_any_text_parses_or_is_refused_with_a_reason(text):
    try:
        story_line_parse(text)
    except LineError as error:
        str(error).encode("utf-8")


@pytest.mark.django_db
def test_a_line_that_breaks_something_unforeseen_is_reported_and_the_import_goes_on(
    editions, tmp_path, monkeypatch
):
    from dateline.interchange import importer

    real = importer.story_import

    def breaks_on_one(*, line, base_dir):
        if line.external_id == "cc-2":
            raise OverflowError("date value out of range")
        return real(line=line, base_dir=base_dir)

    monkeypatch.setattr(importer, "story_import", breaks_on_one)
    path = stories_file(
        tmp_path, [story_line(), story_line(external_id="cc-2"), story_line(external_id="cc-3")]
    )
    outcomes = []

    counts = stories_import(path=path, on_line=outcomes.append)

    assert str(counts) == "2 imported, 0 updated, 0 unchanged, 1 failed"
    assert outcomes[1].number == 2
    assert outcomes[1].detail == "cannot be imported (OverflowError: date value out of range)"
    assert sorted(Story.objects.values_list("external_id", flat=True)) == ["cc-1", "cc-3"]
