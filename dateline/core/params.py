"""Reader input, checked before it reaches a query or a parser.

Text from an address (its path, its query, a header) is refused when no reader could have typed
it and a database may not store it: control characters (PostgreSQL refuses NUL in any text) or
more characters than any address of the site holds. Numbers are ASCII digits within the range of
a database id: str.isdigit() also accepts "²" and "١", which int() then refuses or reads as some
other number.

Every refusal is a BadParameter, which Django answers with the 400 page (handler400)."""

import re

from django.core.exceptions import BadRequest
from django.http import QueryDict

MAX_PATH_LENGTH = 2048  # far beyond any page's address; a slug holds 255 characters at most
MAX_VALUE_LENGTH = 1024  # far beyond any value a reader route reads; tracking tags fit too
MAX_ID = 2**63 - 1  # the largest id a 64-bit column holds

# C0 and C1 control characters and DEL (Unicode's "Cc"), and lone surrogates, which no UTF-8
# text carries and no database driver encodes.
_UNTYPABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


class BadParameter(BadRequest):
    """Malformed reader input: answered with a 400 page, not logged as an error."""


def text_fault(text: str, *, max_length: int = MAX_VALUE_LENGTH) -> str | None:
    """Why `text` cannot be a reader's input, or None if it can."""
    if len(text) > max_length:
        return f"longer than {max_length} characters"
    if match := _UNTYPABLE.search(text):
        return f"holds the control character U+{ord(match.group()):04X}"
    return None


def checked_text(name: str, text: str, *, max_length: int = MAX_VALUE_LENGTH) -> str:
    """`text` itself, or a BadParameter naming what is wrong with it."""
    if (fault := text_fault(text, max_length=max_length)) is not None:
        raise BadParameter(f"{name[:40]!r} {fault}")
    return text


def check_address(path: str, query: QueryDict) -> None:
    """Refuses an address whose path, or any query parameter's name or value, is no text a
    reader could send. Unknown parameters pass if they are such text: links from elsewhere
    carry tracking tags."""
    checked_text("path", path, max_length=MAX_PATH_LENGTH)
    for name, values in query.lists():
        checked_text("a query parameter's name", name)
        for value in values:
            checked_text(name, value)


def parsed_id(text: str) -> int | None:
    """The number `text` spells in ASCII digits, if it is one a database id can be; else None."""
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(MAX_ID)):
        return None
    number = int(text)
    return number if number <= MAX_ID else None


def id_parameter(name: str, text: str | None) -> int | None:
    """An optional id from a query parameter or header: None when absent or empty, a
    BadParameter when it is not an id."""
    if not text:
        return None
    number = parsed_id(text)
    if number is None:
        raise BadParameter(f"{name!r} is not an id")
    return number
