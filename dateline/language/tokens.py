"""Words with their offsets, split in C: the text alternates separators and words, so the
offsets follow from the lengths alone."""

import re
from dataclasses import dataclass
from itertools import accumulate

WORD = re.compile(r"([^\W_]+)")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Word:
    start: int
    end: int
    text: str


def split_words(text: str) -> tuple[list[str], list[int]]:
    """The text as [separator, word, separator, …, word, separator] and the end offset of each
    part; a word is a run of letters and digits, a separator whatever lies between (maybe "")."""
    parts = WORD.split(text)
    return parts, list(accumulate(map(len, parts)))


def words(text: str) -> list[Word]:
    """Each word of the text with its start and end (Python str indices, end exclusive)."""
    return [Word(match.start(), match.end(), match.group()) for match in WORD.finditer(text)]


def separator_key(separator: str) -> str:
    """What a separator says between two words, without its whitespace: "" for a space, "-"
    for a hyphen, '".' for a quote and a dot."""
    return _SPACE.sub("", separator)


def is_capitalised(word: str) -> bool:
    return word[:1].isupper()


def is_all_caps(word: str) -> bool:
    return len(word) > 1 and word.isupper()


def script(word: str) -> str:
    """The script of the word's first letter: "cyrillic", "latin" or "other"."""
    for char in word:
        if "\u0400" <= char <= "\u04ff":
            return "cyrillic"
        if char.isascii() and char.isalpha() or "\u00c0" <= char <= "\u024f":
            return "latin"
    return "other"
