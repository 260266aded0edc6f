"""One line of a stories file read into plain values, or the reason it cannot be.

Pure: checks shape and types only. Whether the edition, regions or original exist is the
importer's business (importer.py).
"""

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import PurePosixPath
from typing import Any

from django.core.exceptions import ValidationError

from dateline.core.validators import validate_web_address

from .body import body_blocks

FIELDS = frozenset(
    {
        "external_id",
        "edition",
        "headline",
        "lead",
        "body",
        "published_at",
        "updated_at",
        "regions",
        "topics",
        "authors",
        "sources",
        "photo",
        "translation_of",
        "translation_kind",
        "notes",
    }
)
PHOTO_FIELDS = frozenset({"file", "caption", "credit", "copyright_holder", "wordings"})
WORDING_FIELDS = frozenset({"caption", "credit"})
NOTE_KINDS = ("update", "correction")
TRANSLATION_KINDS = ("full", "abridged")
# The model's limits, checked here so the reason names the field as the file spells it.
EXTERNAL_ID_MAX = 100
HEADLINE_MAX = 300
NAME_MAX = 200
# A line is an object of lists of objects of strings: three levels. The field checks name a
# wrong shape a few levels deeper; far deeper nesting is refused before they walk it (a hundred
# thousand nested lists already exhaust the decoder's recursion).
NESTING_MAX = 8
# No field holds a number; a longer one would make Python refuse to convert it.
DIGITS_MAX = 30
# Every stored time can be shown in any zone and moved by a day without leaving the calendar.
EARLIEST = datetime(1000, 1, 1, tzinfo=UTC)
LATEST = datetime(9998, 12, 31, 23, 59, 59, tzinfo=UTC)
SHOWN_MAX = 60


class LineError(ValueError):
    """Why a line cannot be imported, in words for whoever wrote the file."""


@dataclass(frozen=True)
class PhotoLine:
    file: PurePosixPath
    caption: str
    credit: str
    copyright_holder: str
    # The photo's own caption and credit per edition, as (edition, caption, credit); None when
    # the line does not say, which leaves the photo's as they are.
    wordings: tuple[tuple[str, str, str], ...] | None = None


@dataclass(frozen=True)
class NoteLine:
    kind: str
    at: datetime
    text: str
    reason: str = ""


@dataclass(frozen=True)
class StoryLine:
    external_id: str
    edition: str
    headline: str
    lead: str
    body: list[dict]
    published_at: datetime
    updated_at: datetime | None
    regions: tuple[str, ...]
    topics: tuple[str, ...]
    authors: tuple[str, ...]
    sources: tuple[tuple[str, str], ...]
    photo: PhotoLine | None
    translation_of: str
    translation_kind: str
    notes: tuple[NoteLine, ...]


def _shown(value: object) -> str:
    """A value as a reason quotes it: shortened, and printable whatever it holds (a control
    character or a lone surrogate as its escape, \\u0000)."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    if len(text) > SHOWN_MAX:
        text = text[:SHOWN_MAX] + "…"
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in text)


def _number(digits: str) -> int:
    if len(digits.lstrip("-")) > DIGITS_MAX:
        raise LineError(f"a number with {len(digits.lstrip('-'))} digits (no field holds a number)")
    return int(digits)


def _decoded(text: str) -> Any:
    try:
        return json.loads(text, parse_int=_number)
    except json.JSONDecodeError as error:
        raise LineError(
            f"not valid JSON: {error.msg.removesuffix(' at')} (column {error.colno})"
        ) from None
    except LineError:
        raise
    except RecursionError:
        raise LineError(
            f"not a story: lists or objects nested more than {NESTING_MAX} deep"
        ) from None
    except ValueError as error:  # what the decoder refuses beyond its syntax
        raise LineError(f"not valid JSON: {_shown(str(error))}") from None


def _text_check(fields: dict) -> None:
    """Refuses what no field may hold, wherever it is: nesting deeper than a story line's,
    NUL characters and lone surrogates (no database stores them as text; a surrogate is not
    even a character), so later checks and the database only ever see real text."""
    stack: list[tuple[Any, str, int]] = [(fields, "", 1)]
    while stack:
        value, key, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > NESTING_MAX:
                raise LineError(
                    f"“{_shown(key)}”: lists or objects nested more than {NESTING_MAX} deep"
                )
            items = value.items() if isinstance(value, dict) else ((None, v) for v in value)
            for name, item in items:
                if name is not None:
                    _string_check(name, key or name)
                stack.append((item, key or name or "", depth + 1))
        elif isinstance(value, str):
            _string_check(value, key)


def _string_check(value: str, key: str) -> None:
    if "\x00" in value:
        raise LineError(f"“{_shown(key)}” holds a NUL character (\\u0000)")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        raise LineError(
            f"“{_shown(key)}” holds a lone surrogate ({_shown(value[error.start])}), "
            "which is not a character"
        ) from None


def _text(fields: dict, key: str, *, required: bool = False, max_length: int = 0) -> str:
    value = fields.get(key)
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise LineError(f"“{key}” must be a string")
    value = value.strip()
    if required and not value:
        raise LineError(f"“{key}” is missing")
    if max_length and len(value) > max_length:
        raise LineError(f"“{key}” is longer than {max_length} characters")
    return value


def _names(fields: dict, key: str) -> tuple[str, ...]:
    value = fields.get(key)
    if value is None:
        value = []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise LineError(f"“{key}” must be a list of non-empty strings")
    names = tuple(dict.fromkeys(v.strip() for v in value))
    if too_long := [name for name in names if len(name) > NAME_MAX]:
        raise LineError(f"“{key}”: “{too_long[0][:40]}…” is longer than {NAME_MAX} characters")
    return names


def _time(value, key: str) -> datetime:
    if not isinstance(value, str):
        raise LineError(f"“{key}” must be an ISO 8601 time string")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise LineError(f"“{key}” is not an ISO 8601 time: “{_shown(value)}”") from None
    # A time without its offset means a different moment in every zone: refuse to guess.
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise LineError(
            f"“{key}” has no UTC offset: “{_shown(value)}” "
            f"(write e.g. {_shown(value)}+00:00 or {_shown(value)}+04:00)"
        )
    out_of_range = LineError(
        f"“{key}” is out of range: “{_shown(value)}” "
        f"(from year {EARLIEST.year} to year {LATEST.year}, in UTC)"
    )
    try:
        moment = moment.astimezone(UTC)
    except OverflowError:  # 0001-01-01T00:00+04:00 is in year 0 in UTC
        raise out_of_range from None
    if not EARLIEST <= moment <= LATEST:
        raise out_of_range
    return moment


def _body(fields: dict) -> list[dict]:
    value = fields.get("body")
    if value is None:
        value = []
    if not isinstance(value, str | list) or (
        isinstance(value, list) and not all(isinstance(v, str) for v in value)
    ):
        raise LineError("“body” must be an HTML string or a list of paragraph strings")
    return body_blocks(value)


def _sources(fields: dict) -> tuple[tuple[str, str], ...]:
    value = fields.get("sources")
    if value is None:
        value = []
    if not isinstance(value, list):
        raise LineError("“sources” must be a list of {“name”, “url”} objects")
    sources = []
    for number, source in enumerate(value, 1):
        if not isinstance(source, dict) or set(source) - {"name", "url"}:
            raise LineError(f"source {number} must be an object with “name” and “url” only")
        name = _text(source, "name", required=True, max_length=NAME_MAX)
        url = _text(source, "url")
        if url:
            try:
                validate_web_address(url)  # as the admin and the services check it
            except ValidationError as error:
                raise LineError(
                    f"source {number} has an invalid “url”: “{_shown(url)}” ({error.messages[0]})"
                ) from None
        sources.append((name, url))
    return tuple(sources)


def _photo(fields: dict) -> PhotoLine | None:
    value = fields.get("photo")
    if value is None:
        return None
    if not isinstance(value, dict):
        raise LineError("“photo” must be an object with “file”, “caption” and “credit”")
    if unknown := sorted(set(value) - PHOTO_FIELDS):
        raise LineError(f"“photo” has an unknown field “{unknown[0]}”")
    path = PurePosixPath(_text(value, "file"))
    if not path.parts:
        raise LineError("“photo” has no “file”")
    # Paths stay inside the folder of the file being imported.
    if path.is_absolute() or ".." in path.parts:
        raise LineError(f"photo file “{path}” must be relative to the stories file, without “..”")
    credit = _text(value, "credit", max_length=255)
    if not credit:
        raise LineError("“photo” has no “credit” (who took it)")
    return PhotoLine(
        file=path,
        caption=_text(value, "caption"),
        credit=credit,
        copyright_holder=_text(value, "copyright_holder", max_length=255),
        wordings=_wordings(value),
    )


def _wordings(photo: dict) -> tuple[tuple[str, str, str], ...] | None:
    value = photo.get("wordings")
    if value is None:
        return None
    shape = "“wordings” must be an object of {“caption”, “credit”} objects by edition"
    if not isinstance(value, dict):
        raise LineError(shape)
    wordings = []
    for edition, wording in value.items():
        if not edition.strip() or not isinstance(wording, dict) or set(wording) - WORDING_FIELDS:
            raise LineError(shape)
        wordings.append(
            (
                edition.strip(),
                _text(wording, "caption"),
                _text(wording, "credit", max_length=255),
            )
        )
    return tuple(wordings)


def _notes(fields: dict) -> tuple[NoteLine, ...]:
    value = fields.get("notes")
    if value is None:
        value = []
    if not isinstance(value, list):
        raise LineError("“notes” must be a list of {“kind”, “at”, “text”, “reason”} objects")
    notes = []
    for number, note in enumerate(value, 1):
        if not isinstance(note, dict) or set(note) - {"kind", "at", "text", "reason"}:
            raise LineError(
                f"note {number} must be an object with “kind”, “at”, “text” and “reason” only"
            )
        if note.get("kind") not in NOTE_KINDS:
            raise LineError(f"note {number}: “kind” must be “update” or “correction”")
        text = _text(note, "text", required=True)
        reason = _text(note, "reason", max_length=300)
        notes.append(
            NoteLine(kind=note["kind"], at=_time(note.get("at"), "at"), text=text, reason=reason)
        )
    return tuple(notes)


def story_line_parse(text: str) -> StoryLine:
    """The story on one line of a stories file. Raises LineError with the reason."""
    fields = _decoded(text)
    if not isinstance(fields, dict):
        raise LineError("a line must be a JSON object")
    _text_check(fields)
    if unknown := sorted(set(fields) - FIELDS):
        raise LineError(f"unknown field “{unknown[0]}”")
    external_id = _text(fields, "external_id", required=True, max_length=EXTERNAL_ID_MAX)
    edition = _text(fields, "edition", required=True)
    headline = _text(fields, "headline", required=True, max_length=HEADLINE_MAX)

    published_at = fields.get("published_at")
    if published_at is None:
        raise LineError("“published_at” is missing")
    published_at = _time(published_at, "published_at")
    updated_at = fields.get("updated_at")
    if updated_at is not None:
        updated_at = _time(updated_at, "updated_at")
        if updated_at < published_at:
            raise LineError("“updated_at” is earlier than “published_at”")

    translation_of = _text(fields, "translation_of", max_length=EXTERNAL_ID_MAX)
    translation_kind = _text(fields, "translation_kind")
    if translation_of and translation_kind not in TRANSLATION_KINDS:
        raise LineError("“translation_kind” must be “full” or “abridged” for a translation")
    if translation_kind and not translation_of:
        raise LineError("“translation_kind” is given without “translation_of”")

    return StoryLine(
        external_id=external_id,
        edition=edition,
        headline=headline,
        lead=_text(fields, "lead"),
        body=_body(fields),
        published_at=published_at,
        updated_at=updated_at,
        regions=_names(fields, "regions"),
        topics=_names(fields, "topics"),
        authors=_names(fields, "authors"),
        sources=_sources(fields),
        photo=_photo(fields),
        translation_of=translation_of,
        translation_kind=translation_kind,
        notes=_notes(fields),
    )
