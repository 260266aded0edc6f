"""Where a reader is in a search's results, as URL text: the anchor time the ranking measures ages
from, and the story next to which the page starts, signed so that no one can make one up, and
tied to the search it came from (its edition, query and filters). Not its score: the index's
statistics count every story, drafts too, so a score read across pages would tell a reader
something of stories they may not see; the story is scored again instead.

Text that is not such a cursor (garbled, forged, cut short, from another search) reads as None:
the reader gets the first page of their search."""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime

from django.core import signing

_SALT = "dateline.search.cursor"
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class SearchCursor:
    anchor: datetime  # the time ages are measured from, the same on every page of a search
    story_id: int  # the page starts next to it
    backwards: bool  # the page before the position, not the one after it


def search_fingerprint(*parts: object) -> str:
    """A short digest of what makes a search (its edition, query and filters)."""
    text = json.dumps([str(part) for part in parts], ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _micros(moment: datetime) -> int:
    delta = moment - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def cursor_text(cursor: SearchCursor, fingerprint: str) -> str:
    """The cursor as URL text, signed, for the search with this fingerprint."""
    fields = [_micros(cursor.anchor), cursor.story_id, int(cursor.backwards), fingerprint]
    return signing.dumps(fields, salt=_SALT)


def cursor_read(text: str | None, fingerprint: str) -> SearchCursor | None:
    """The cursor `text` holds if it was made here for the search with this fingerprint."""
    if not text:
        return None
    try:
        fields = signing.loads(text, salt=_SALT)
    except (signing.BadSignature, ValueError, UnicodeError):
        return None
    if not isinstance(fields, list) or len(fields) != 4:
        return None
    micros, story_id, backwards, made_for = fields
    if (
        made_for != fingerprint
        or type(micros) is not int
        or type(story_id) is not int
        or backwards not in (0, 1)
    ):
        return None
    try:
        anchor = datetime.fromtimestamp(micros // 1_000_000, UTC).replace(
            microsecond=micros % 1_000_000
        )
    except (OverflowError, OSError, ValueError):
        return None
    return SearchCursor(anchor, story_id, bool(backwards))
