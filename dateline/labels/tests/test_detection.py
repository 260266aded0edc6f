"""The mention detector finds registry entities in Russian and English text by the annotators'
rules: names inflected and quoted or not, people by first name (or initial) and surname, names
that are common words only where they read as names, and a surname alone flagged for review.
Offsets and text are the original's."""

import pytest

from dateline.labels.detection import Detector, Entity, Mention

MEMORIAL, MEMORIAL_CENTRE, GOLOS, NORTHERN_WIND, FOUNDATION, ZARYA, AIO = 1, 2, 3, 4, 6, 8, 12
DAWN_ARMY = 7
PONOMAREV, IVANOVA, LEBED, YOLKIN, MILLER = 101, 102, 106, 110, 111

REGISTRY = [
    Entity(MEMORIAL, "Мемориал", ("Memorial",)),
    Entity(MEMORIAL_CENTRE, "Правозащитный центр «Мемориал»", ("Memorial Human Rights Centre",)),
    Entity(GOLOS, "Голос", ("Golos",)),
    Entity(NORTHERN_WIND, "Северный ветер", ("Severny Veter", "Northern Wind")),
    Entity(FOUNDATION, "Фонд «Прозрачный Кавказ»", ("Прозрачный Кавказ", "Transparent Caucasus")),
    Entity(DAWN_ARMY, "Армия Рассвета", ("Dawn Army",)),
    Entity(ZARYA, "Медиагруппа «Заря-Инфо»", ("Заря-Инфо", "Zarya-Info", "Zarya Info")),
    Entity(AIO, "Ассоциация независимых наблюдателей", ("АНН", "AIO")),
    Entity(PONOMAREV, "Аркадий Пономарёв", ("Arkady Ponomarev", "Arkadiy Ponomaryov")),
    Entity(IVANOVA, "Мария Иванова", ("Maria Ivanova",)),
    Entity(LEBED, "Наталья Лебедь", ("Natalya Lebed",)),
    Entity(YOLKIN, "Руслан Ёлкин", ("Ruslan Yolkin",)),
    Entity(MILLER, "Джон Миллер", ("John Miller",)),
]


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector(REGISTRY)


def found(detector: Detector, text: str, language: str) -> list[tuple[int, str, bool]]:
    """(entity, text, review) of each mention, checking that offsets point at the text."""
    mentions = detector.mentions(text, language)
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.text
    return [(mention.entity, mention.text, mention.review) for mention in mentions]


# 1. Organisations: any grammatical case, quotes or none, aliases in either script


def test_an_inflected_russian_name_is_found_with_offsets_inside_its_quotes(detector):
    text = "Сотрудники «Мемориала» пришли в суд."

    assert detector.mentions(text, "ru") == [Mention(MEMORIAL, 12, 21, "Мемориала", False)]


def test_a_name_holding_quotes_keeps_them_and_its_head_may_be_lowercase(detector):
    text = "Юристы правозащитного центра «Мемориал» и медиагруппы „Заря-Инфо“ подали иск."

    assert found(detector, text, "ru") == [
        (MEMORIAL_CENTRE, "правозащитного центра «Мемориал»", False),
        (ZARYA, "медиагруппы „Заря-Инфо“", False),
    ]


def test_a_name_is_found_with_straight_quotes_or_without_its_quotes(detector):
    assert found(detector, 'Фонд "Прозрачный Кавказ" закрылся.', "ru") == [
        (FOUNDATION, 'Фонд "Прозрачный Кавказ"', False)
    ]
    assert found(detector, "Фонду Прозрачный Кавказ отказали.", "ru") == [
        (FOUNDATION, "Фонду Прозрачный Кавказ", False)
    ]
    assert found(detector, 'Transparent Caucasus and "Golos" were named.', "en") == [
        (FOUNDATION, "Transparent Caucasus", False),
        (GOLOS, "Golos", False),
    ]


def test_latin_aliases_are_found_in_russian_text_and_cyrillic_names_in_english(detector):
    assert found(detector, "Материалы Zarya Info и Golos заблокированы.", "ru") == [
        (ZARYA, "Zarya Info", False),
        (GOLOS, "Golos", False),
    ]
    assert found(detector, "The group (in Russian, «Голос») appealed.", "en") == [
        (GOLOS, "Голос", False)
    ]


def test_all_caps_abbreviations_match_only_as_written(detector):
    assert found(detector, "АНН и Голос. Анн пришла.", "ru") == [
        (AIO, "АНН", False),
        (GOLOS, "Голос", False),
    ]
    assert found(detector, "The AIO said Aio was a typo.", "en") == [(AIO, "AIO", False)]


def test_any_dash_and_yo_are_folded_and_offsets_stay_in_the_original(detector):
    text = "Вчера — в 10:00 — Руслана Елкина и «Заря‑Инфо» (Zarya–Info) оштрафовали."

    mentions = detector.mentions(text, "ru")

    assert [(m.entity, m.text) for m in mentions] == [
        (YOLKIN, "Руслана Елкина"),
        (ZARYA, "Заря‑Инфо"),
        (ZARYA, "Zarya–Info"),
    ]
    assert [(m.start, m.end) for m in mentions] == [(18, 32), (36, 45), (48, 58)]
    assert text[36:45] == "Заря‑Инфо" and text[48:58] == "Zarya–Info"
    assert found(detector, "Интервью с Русланом Ёлкиным.", "ru") == [
        (YOLKIN, "Русланом Ёлкиным", False)
    ]


# 2. Longest match wins


def test_the_longest_name_wins_and_the_shorter_inside_it_is_not_reported(detector):
    assert found(detector, "Правозащитный центр «Мемориал» ликвидирован.", "ru") == [
        (MEMORIAL_CENTRE, "Правозащитный центр «Мемориал»", False)
    ]
    assert found(detector, "Lawyers of the Memorial Human Rights Centre appealed.", "en") == [
        (MEMORIAL_CENTRE, "Memorial Human Rights Centre", False)
    ]


# 3. People


@pytest.mark.parametrize(
    "text, name",
    [
        ("Суд заочно арестовал Аркадия Пономарёва.", "Аркадия Пономарёва"),
        ("Письмо подписал А. Пономарёв.", "А. Пономарёв"),
        ("Дело Пономарёва Аркадия рассмотрят в мае.", "Пономарёва Аркадия"),
        ("Выступил Аркадий Викторович Пономарёв.", "Аркадий Викторович Пономарёв"),
        ("Выступил АРКАДИЙ ПОНОМАРЁВ.", "АРКАДИЙ ПОНОМАРЁВ"),
    ],
)
def test_a_person_is_labelled_by_first_name_or_initial_and_surname(detector, text, name):
    assert found(detector, text, "ru") == [(PONOMAREV, name, False)]


def test_a_person_in_english_by_either_spelling_and_without_the_possessive(detector):
    text = "Arkady Ponomarev's lawyer met A. Ponomarev and Arkadiy Ponomaryov."

    assert found(detector, text, "en") == [
        (PONOMAREV, "Arkady Ponomarev", False),
        (PONOMAREV, "A. Ponomarev", False),
        (PONOMAREV, "Arkadiy Ponomaryov", False),
    ]


def test_a_surname_alone_is_for_review(detector):
    assert found(detector, "Пономарёв не ответил на вопросы.", "ru") == [
        (PONOMAREV, "Пономарёв", True)
    ]
    assert found(detector, "Colleagues said Miller had left.", "en") == [(MILLER, "Miller", True)]


def test_a_namesake_or_a_first_name_alone_is_nothing(detector):
    text = "Сергей Пономарёв, С. Пономарёв и Пономарёв Сергей не родственники; Аркадий молчит."
    assert found(detector, text, "ru") == []
    assert found(detector, "Sergei Ponomarev and S. Ponomarev spoke; Arkady did not.", "en") == []


def test_a_womans_surname_is_told_from_a_mans(detector):
    text = "Марии Ивановой предъявили обвинение. Ивановой грозит штраф. Иванов молчит."

    assert found(detector, text, "ru") == [
        (IVANOVA, "Марии Ивановой", False),
        (IVANOVA, "Ивановой", True),
    ]


def test_a_surname_that_is_a_common_word_needs_the_first_name(detector):
    text = "Наталья Лебедь уехала, а по озеру плыл лебедь."

    assert found(detector, text, "ru") == [(LEBED, "Наталья Лебедь", False)]
    assert found(detector, "Natalya Lebed said the swan was not hers.", "en") == [
        (LEBED, "Natalya Lebed", False)
    ]


def test_a_title_before_a_surname_leaves_it_for_review(detector):
    assert found(detector, "Mr Miller declined to comment.", "en") == [(MILLER, "Miller", True)]
    assert found(detector, "John Miller and J. Miller are one man.", "en") == [
        (MILLER, "John Miller", False),
        (MILLER, "J. Miller", False),
    ]
    assert found(detector, "Документ подписал Дж. Миллер.", "ru") == [(MILLER, "Дж. Миллер", False)]


# 4. Names that are common words


def test_a_common_word_name_is_labelled_only_where_it_reads_as_a_name(detector):
    text = (
        "Мемориал заявил о нарушениях. Суд ликвидировал Мемориал. "
        "Возле мемориала возложили цветы. «Мемориал» обжалует решение."
    )

    assert found(detector, text, "ru") == [
        (MEMORIAL, "Мемориал", True),
        (MEMORIAL, "Мемориал", False),
        (MEMORIAL, "Мемориал", False),
    ]


def test_a_common_word_name_in_english(detector):
    text = "Memorial said so. Police searched Memorial offices near the war memorial."

    assert found(detector, text, "en") == [
        (MEMORIAL, "Memorial", True),
        (MEMORIAL, "Memorial", False),
    ]
    assert found(
        detector, "Northern Wind said. A northern wind blew. We met Northern Wind.", "en"
    ) == [
        (NORTHERN_WIND, "Northern Wind", True),
        (NORTHERN_WIND, "Northern Wind", False),
    ]


def test_a_capital_inside_a_russian_name_tells_it_from_common_words(detector):
    assert found(detector, "Армия Рассвета запрещена. Армия рассвета — метафора.", "ru") == [
        (DAWN_ARMY, "Армия Рассвета", False),
        (DAWN_ARMY, "Армия рассвета", True),
    ]
    assert found(detector, "Dawn Army was banned in 2021.", "en") == [
        (DAWN_ARMY, "Dawn Army", False)
    ]


def test_a_multiword_common_name_at_a_sentence_start(detector):
    assert found(detector, "Северный ветер опубликовал доклад. Дул северный ветер.", "ru") == [
        (NORTHERN_WIND, "Северный ветер", True)
    ]
    assert found(detector, "Ассоциация независимых наблюдателей закрыта.", "ru") == [
        (AIO, "Ассоциация независимых наблюдателей", False)
    ]


def test_a_transliteration_is_no_english_word_and_is_labelled_where_capitalised(detector):
    assert found(detector, "Golos said it counted 600 complaints. Severny Veter agreed.", "en") == [
        (GOLOS, "Golos", False),
        (NORTHERN_WIND, "Severny Veter", False),
    ]


# 5. Part of another name


def test_a_name_inside_a_longer_title_is_nothing(detector):
    text = "Радио «Голос Америки» и Голос Америки вещают, как и «Голос»."

    assert found(detector, text, "ru") == [(GOLOS, "Голос", False)]
    assert found(detector, 'On Memorial Day the "Memorial Hospital" was closed.', "en") == []


def test_a_name_in_a_hyphenated_word_is_nothing(detector):
    assert found(detector, "Компания Голос-Инвест и Мемориал-2 ни при чём.", "ru") == []


def test_the_language_must_be_russian_or_english(detector):
    with pytest.raises(ValueError, match="language"):
        detector.mentions("Мемориал", "de")


def test_an_empty_registry_finds_nothing():
    assert Detector([]).mentions("Мемориал и Memorial", "ru") == []
