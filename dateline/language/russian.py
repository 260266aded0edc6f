"""Russian words through pymorphy3's dictionary: every candidate lemma of a word form (not only
the likeliest), its part of speech and gender, the part of a person's name it can be, and
whether it is a common word. Each word form is analysed once (a bounded cache)."""

from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from .folding import fold

PROPER = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"})
# Nouns that name a kind of organisation: a name they head is a name even where a sentence
# starts with it ("Ассоциация независимых наблюдателей признана…").
ORGANISATION_HEADS = frozenset(
    """агентство альянс ассоциация бюро движение издание институт клуб коалиция комитет
    компания конгресс лига медиагруппа общество объединение организация палата партия
    радио редакция сеть совет союз студия телеканал товарищество фонд фронт центр""".split()
)
CACHE_SIZE = 65_536  # word forms; a detector keeps what it needs of them on its own
_NAME_PARTS = (("Name", "first"), ("Patr", "patronymic"), ("Surn", "surname"))
_POS = {
    "NOUN": "N",
    "ADJF": "A",
    "ADJS": "A",
    "COMP": "A",
    "PRTF": "A",
    "PRTS": "A",
    "VERB": "V",
    "INFN": "V",
    "GRND": "V",
}
_GENDERS = {"masc": "m", "femn": "f", "neut": "n", "ms-f": ""}


@dataclass(frozen=True, slots=True)
class Reading:
    """One way to read a word form."""

    lemma: str  # the normal form, lowercase, ё folded to е
    pos: str  # "N" noun, "A" adjective or participle, "V" verb, else pymorphy's POS or "X"
    gender: str  # "m", "f", "n" or ""
    case: str  # pymorphy's case ("nomn", "gent", …) or ""
    name_part: str  # "first", "patronymic", "surname" or ""
    proper: bool  # a name, a place, an organisation or a trademark
    known: bool  # in the dictionary, not guessed by a predictor


@cache
def analyser() -> Any:
    """The one pymorphy3 analyser (its dictionaries take a tenth of a second to load)."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


def _reading(parse: Any) -> Reading:
    tag = parse.tag
    grammemes = tag.grammemes
    name_part = next((part for grammeme, part in _NAME_PARTS if grammeme in grammemes), "")
    pos = str(tag.POS or "X")  # pymorphy's grammemes compare only with known grammemes
    return Reading(
        lemma=fold(parse.normal_form),
        pos=_POS.get(pos, pos),
        gender=_GENDERS.get(str(tag.gender or ""), ""),
        case=str(tag.case or ""),
        name_part=name_part,
        proper=not PROPER.isdisjoint(grammemes),
        known=bool(parse.is_known),
    )


@lru_cache(maxsize=CACHE_SIZE)
def _readings(word: str) -> tuple[Reading, ...]:
    return tuple(dict.fromkeys(_reading(parse) for parse in analyser().parse(word)))


@lru_cache(maxsize=CACHE_SIZE)
def readings(word: str) -> tuple[Reading, ...]:
    """Every reading of a word form, the likeliest first (case and ё do not matter)."""
    return _readings(fold(word).lower())


def lemmas(word: str) -> frozenset[str]:
    """Every candidate normal form of a word form: "Иванова" is иванов (his genitive, her
    nominative) and иваново (a town's genitive)."""
    return frozenset(reading.lemma for reading in readings(word))


def name_parts(word: str) -> frozenset[str]:
    """What a word in the nominative can be in a person's name: "first", "patronymic",
    "surname" (pymorphy's Name, Patr and Surn tags)."""
    return frozenset(
        reading.name_part
        for reading in readings(word)
        if reading.name_part and reading.case == "nomn"
    )


def is_common_word(word: str) -> bool:
    """Whether the word form is in the dictionary as something other than a proper name:
    "Мемориал", "лебедь", "Белая" are; "Кавказ", "Пономарёв", "Инфо" (a guess) are not."""
    return any(reading.known and not reading.proper for reading in readings(word))


def is_organisation_head(word: str) -> bool:
    """Whether the word can be a noun that names a kind of organisation (фонд, центр,
    ассоциация, радио…), in any case."""
    return any(
        reading.pos == "N" and reading.lemma in ORGANISATION_HEADS for reading in readings(word)
    )
