import pytest
from django.http import QueryDict
from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.core.params import (
    MAX_ID,
    MAX_PATH_LENGTH,
    MAX_VALUE_LENGTH,
    BadParameter,
    check_address,
    id_parameter,
    parsed_id,
    text_fault,
)


@pytest.mark.parametrize("text", ["0", "7", "007", "1617780480000000", str(MAX_ID)])
def test_ascii_digits_within_a_database_id_are_ids(text):
    assert parsed_id(text) == int(text)


@pytest.mark.parametrize(
    "text",
    ["", "²", "1²", "١٢", "１２", "-1", "+1", " 1", "1 ", "1e3", "0x1f", "9" * 20, str(MAX_ID + 1)],
)
def test_anything_else_is_no_id(text):
    assert parsed_id(text) is None


@settings(database=None)
@given(st.text(max_size=30))
def test_an_id_is_what_its_text_says_and_fits_a_bigint(text):
    number = parsed_id(text)
    if number is not None:
        assert 0 <= number <= MAX_ID
        assert text.lstrip("0") == str(number).lstrip("0")


@pytest.mark.parametrize(
    "text", ["\x00", "a\x01b", "\t", "\n", "\r", "\x1f", "\x7f", "\x85", "\x9f", "\ud800"]
)
def test_control_characters_are_faults(text):
    assert "control character" in text_fault(text)


@pytest.mark.parametrize(
    "text", ["", "azerbaijan", "Азербайджан", "ёлка—тире", "\u200d", "\u202e", "😀", "²", "%00"]
)
def test_text_a_reader_can_send_is_no_fault(text):
    assert text_fault(text) is None


def test_length_is_checked_at_the_limit():
    assert text_fault("a" * MAX_VALUE_LENGTH) is None
    assert "longer than" in text_fault("a" * (MAX_VALUE_LENGTH + 1))


def test_an_address_is_refused_for_its_path_a_name_or_any_value():
    check_address("/ru/news/", QueryDict("region=azerbaijan&utm_source=newsletter"))
    bad = [
        ("/ru/\x00/", QueryDict("")),
        ("/ru/" + "a" * MAX_PATH_LENGTH, QueryDict("")),
        ("/ru/news/", QueryDict("region=%00")),
        ("/ru/news/", QueryDict("%01=1")),
        ("/ru/news/", QueryDict("topic=courts&topic=%0a")),
        ("/ru/news/", QueryDict("fbclid=" + "x" * (MAX_VALUE_LENGTH + 1))),
    ]
    for path, query in bad:
        with pytest.raises(BadParameter):
            check_address(path, query)


def test_an_optional_id_is_none_an_id_or_a_bad_parameter():
    assert id_parameter("since", None) is None
    assert id_parameter("since", "") is None
    assert id_parameter("since", "42") == 42
    for text in ("²", "abc", "-1", "9" * 20):
        with pytest.raises(BadParameter, match="since"):
            id_parameter("since", text)
