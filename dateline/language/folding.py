"""Folding for matching: ё to е and every dash to "-", one character for one, so an offset in
the folded text is the same offset in the original."""

DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
DOUBLE_QUOTES = '«»„“”‟"″'

_LETTERS = (("ё", "е"), ("Ё", "Е"), *((dash, "-") for dash in DASHES))
_WITH_QUOTES = (*_LETTERS, *((quote, '"') for quote in DOUBLE_QUOTES if quote != '"'))


def fold(text: str, *, quotes: bool = False) -> str:
    """The text with ё as е and every dash as "-" (and, with `quotes`, every double quote as
    a straight one); always as long as the text."""
    # A few str.replace calls scan in C far faster than str.translate maps non-ASCII text.
    for old, new in _WITH_QUOTES if quotes else _LETTERS:
        if old in text:
            text = text.replace(old, new)
    return text
