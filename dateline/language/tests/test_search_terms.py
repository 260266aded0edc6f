"""Search terms meet across a word's forms: every case of a Russian noun shares a term with its
nominative (Snowball alone splits "Мемориала" from "Мемориалом"), an English plural with its
singular; ё is е and letter case does not matter; other languages keep to their own stemmer."""

import pytest

from dateline.language.search_terms import query_terms, text_terms


def _found(query: str, text: str, language: str) -> bool:
    terms = set(text_terms(text, language))
    return all(not terms.isdisjoint(alternatives) for alternatives in query_terms(query, language))


@pytest.mark.parametrize(
    "text", ["суд над «Мемориалом»", "сотрудники Мемориала", "в «Мемориале»", "МЕМОРИАЛ"]
)
def test_every_case_of_a_russian_name_is_found_by_its_nominative(text):
    assert _found("Мемориал", text, "ru")


def test_a_russian_place_name_is_found_in_its_cases():
    for text in ("бои в Шуше", "освобождение Шуши", "вернуться в Шушу"):
        assert _found("Шуша", text, "ru")


def test_yo_is_e_on_both_sides():
    assert _found("ёлка", "новогодняя елка", "ru")
    assert _found("елка", "новогодняя ёлка", "ru")


def test_an_english_plural_is_found_by_its_singular_and_back():
    assert _found("missile", "The missiles hit the depot", "en")
    assert _found("missiles", "a missile hit the depot", "en")


def test_every_word_of_a_query_must_be_found():
    assert _found("суд Мемориал", "суд над «Мемориалом»", "ru")
    assert not _found("суд Голос", "суд над «Мемориалом»", "ru")


def test_a_language_without_a_stemmer_keeps_its_words_as_folded():
    assert text_terms("Ёжик Бегут", "xx") == ["ежик", "бегут"]


def test_a_language_snowball_knows_is_stemmed_in_its_own_way():
    assert text_terms("Häuser", "de") == text_terms("häuser", "de") != ["häuser"]


def test_punctuation_and_query_syntax_are_never_terms():
    assert query_terms('"Мемориал" OR (NEAR* -x) ^', "ru") == query_terms(
        "Мемориал or near x", "ru"
    )
    assert query_terms("", "ru") == []


def test_a_query_does_without_its_stop_words_unless_it_has_nothing_else():
    assert query_terms("выборах в Грузии", "ru") == query_terms("выборах Грузии", "ru")
    assert query_terms("Aliyev's visit to the US", "en") == query_terms("Aliyev visit US", "en")
    assert query_terms("The", "en") == [("the",)]
