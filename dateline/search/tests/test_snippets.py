"""A result's headline and passage: the query's words marked in the forms the text holds, the
passage the one that holds the most of them, everything else escaped."""

from dateline.search.matching import query_groups
from dateline.search.snippets import SNIPPET_WORDS, found, highlighted, snippet


def _groups(query: str, language: str = "en") -> list[tuple[str, ...]]:
    return query_groups(query, language)


def test_each_form_of_a_russian_word_is_marked():
    html = highlighted(
        "Суд над «Мемориалом»: сотрудники Мемориала", _groups("мемориал", "ru"), "ru"
    )

    assert html == "Суд над «<mark>Мемориалом</mark>»: сотрудники <mark>Мемориала</mark>"


def test_a_word_the_query_begins_is_marked_as_the_index_found_it():
    html = highlighted("Шушинский район", _groups("Шуша", "ru"), "ru")

    assert html == "<mark>Шушинский</mark> район"


def test_markup_in_the_text_is_escaped_and_only_the_marks_are_html():
    html = highlighted('<script>alert("x")</script> blockade & more', _groups("blockade"), "en")

    assert html == (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; <mark>blockade</mark> &amp; more"
    )


def test_the_passage_holds_the_most_query_words_in_about_thirty_words():
    before = " ".join(f"alpha{i}" for i in range(50))
    after = " ".join(f"omega{i}" for i in range(50))
    texts = [
        "The wheat was sown early.",
        f"{before} The drought ruined the wheat this year. {after}",
    ]

    html = snippet(texts, _groups("drought wheat"), "en")

    assert "<mark>drought</mark> ruined the <mark>wheat</mark>" in html
    assert html.startswith("…") and html.endswith("…")
    assert len(html.split()) <= SNIPPET_WORDS + 2


def test_a_story_found_by_its_headline_shows_its_lead():
    result = found(
        ["Storm warning", "Residents were told to stay home.", ""], _groups("storm"), "en"
    )

    assert result.headline == "<mark>Storm</mark> warning"
    assert result.snippet == "Residents were told to stay home."
