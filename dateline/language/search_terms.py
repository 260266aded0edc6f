"""Words as search indexes and queries take them, the same on both sides: folded (ё as е), in
lower case, each reduced by the Snowball stemmer of its edition's language (PyStemmer). Snowball
alone splits a Russian noun's forms ("мемориала" → мемориа, "мемориалом" → мемориал), so a
Russian word also stands for the stems of its dictionary lemmas (pymorphy3, as the label rules
read names): every form of "Мемориал" shares the term мемориал.

A language without a Snowball stemmer keeps its words as folded; adding a language Snowball
knows is a line in SNOWBALL."""

from functools import cache, lru_cache
from typing import Any

from . import russian
from .folding import fold
from .tokens import WORD

# Language codes to PyStemmer's algorithm names.
SNOWBALL = {
    "ar": "arabic",
    "ca": "catalan",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "en": "english",
    "es": "spanish",
    "fi": "finnish",
    "fr": "french",
    "hu": "hungarian",
    "hy": "armenian",
    "it": "italian",
    "lt": "lithuanian",
    "nl": "dutch",
    "no": "norwegian",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sr": "serbian",
    "sv": "swedish",
    "tr": "turkish",
}
# Words a query can do without: required, they would only drop the stories that happen not to
# use them ("выборы в Грузии" missing a story that says "грузинские выборы"), and the commonest
# ones match nearly every story, at the cost of ranking them all. The index keeps them. Not a
# name that reads like one: "US", "WHO" and "IT" stay.
STOP_WORDS = {
    "en": frozenset(
        "a an and are as at be been being but by did do does for from had has have he her his i "
        "if in into is its me my not of on or our over s she so t than that the their them then "
        "there these they this those to was we were what when where which will with would you "
        "your".split()
    ),
    "ru": frozenset(
        "а б бы в во вот да для до же за и из или их к как ко ли на над не нет ни но о об обо "
        "однако от ото по под при про с со так также то тоже у уже чтобы что это".split()
    ),
}
MAX_WORD_LENGTH = 100
CACHE_SIZE = 131_072  # word forms per language


@cache
def _stemmer(language: str) -> Any:
    import Stemmer

    algorithm = SNOWBALL.get(language)
    return Stemmer.Stemmer(algorithm) if algorithm in Stemmer.algorithms() else None


@lru_cache(maxsize=CACHE_SIZE)
def word_terms(word: str, language: str) -> tuple[str, ...]:
    """The terms a word stands for, its own stem first: one in most languages; in Russian the
    stems of its candidate lemmas too."""
    folded = fold(word).lower()[:MAX_WORD_LENGTH]
    stemmer = _stemmer(language)
    if stemmer is None:
        return (folded,)
    terms = [stemmer.stemWord(folded)]
    if language == "ru" and not folded.isascii():
        terms += stemmer.stemWords(sorted(russian.lemmas(folded)))
    return tuple(dict.fromkeys(terms))


def text_terms(text: str, language: str) -> list[str]:
    """Every term of the text, in order, for an index: each word's terms side by side."""
    return [term for word in WORD.findall(text) for term in word_terms(word, language)]


def query_terms(text: str, language: str) -> list[tuple[str, ...]]:
    """For each word of a query, the terms any of which a match must hold; its stop words left
    out, unless it has nothing else."""
    words = WORD.findall(text)
    stop = STOP_WORDS.get(language, frozenset())
    kept = [word for word in words if fold(word).lower() not in stop] or words
    return [word_terms(word, language) for word in kept]
