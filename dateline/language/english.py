"""English words through a word list (Webster's Second, as the english-words package ships it):
a lowercase entry is a common word, a capitalised one a proper name."""

from functools import cache

# Words that stand before a surname without being a first name.
TITLES = frozenset(
    "mr mrs ms miss dr prof sir dame lord lady madam mister president minister general".split()
)
# Words the list also has capitalised, as a name of something, that are never a first name.
FUNCTION_WORDS = frozenset(
    """a an the and or but for nor so yet as at by in of on to up if no not this that these
    those it its after before when while since until""".split()
)
ORGANISATION_HEADS = frozenset(
    """agency alliance association bureau centre center coalition committee company congress
    council foundation front fund institute league movement network party radio society
    studio union""".split()
)
_SUFFIXES = (("ies", "y"), ("es", ""), ("s", ""), ("'s", ""), ("’s", ""))


@cache
def _entries() -> tuple[frozenset[str], frozenset[str]]:
    from english_words import get_english_words_set

    entries = get_english_words_set(["web2"])
    common = frozenset(entry for entry in entries if entry.islower())
    proper = frozenset(entry.lower() for entry in entries if entry[:1].isupper())
    return common, proper


def _forms(word: str) -> list[str]:
    lower = word.lower()
    forms = [lower]
    for suffix, replacement in _SUFFIXES:
        if lower.endswith(suffix) and len(lower) > len(suffix) + 2:
            forms.append(lower[: -len(suffix)] + replacement)
    return forms


def is_common_word(word: str) -> bool:
    """Whether the word (or its singular) is a lowercase entry of the list: "memorial",
    "waves", "northern" are; "Golos", "Caucasus", "Ponomarev" are not."""
    common = _entries()[0]
    return any(form in common for form in _forms(word))


def is_proper_name(word: str) -> bool:
    """Whether the word is a capitalised entry of the list (a given name, a place), and not a
    function word: "John", "Maria" are, "The" is not."""
    lower = word.lower()
    return lower in _entries()[1] and lower not in FUNCTION_WORDS


def is_title(word: str) -> bool:
    """Whether the word is a title that may stand before a surname ("Mr", "Dr")."""
    return word.lower().rstrip(".") in TITLES


def is_organisation_head(word: str) -> bool:
    """Whether the word (or its singular) names a kind of organisation ("Foundation")."""
    return any(form in ORGANISATION_HEADS for form in _forms(word))
