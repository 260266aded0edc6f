"""A search's cursor survives the address it travels in and nothing else: forged, garbled, cut
short or taken from another search, it reads as no cursor (the first page)."""

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from dateline.search.cursor import SearchCursor, cursor_read, cursor_text, search_fingerprint

CURSOR = SearchCursor(
    datetime(2026, 12, 6, 14, 28, 1, 123456, tzinfo=UTC),
    42,
    backwards=False,
)
STORM = search_fingerprint("en", "storm", "", "", "", "")


def test_a_cursor_reads_back_exactly(settings):
    assert cursor_read(cursor_text(CURSOR, STORM), STORM) == CURSOR


def test_a_cursor_of_another_search_or_changed_in_transit_reads_as_none():
    text = cursor_text(CURSOR, STORM)

    assert cursor_read(text, search_fingerprint("en", "flood", "", "", "", "")) is None
    assert cursor_read(text, search_fingerprint("ru", "storm", "", "", "", "")) is None
    assert cursor_read(text[:-1], STORM) is None
    assert cursor_read(text.replace(":", "!", 1), STORM) is None


@given(st.text(max_size=300))
def test_any_text_is_a_cursor_or_none_and_never_an_error(text):
    assert cursor_read(text, STORM) is None
