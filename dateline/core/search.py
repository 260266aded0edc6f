"""The search backend: Wagtail's database backend for the database in use (PostgreSQL's full
text search, SQLite's FTS5), only ever given query text it can parse.

Wagtail's database backends copy each word of a query into their own query language and fail
on some text: SQLite's FTS5 on a double quote in a word ("unterminated string"), both on a few
hundred words (the query is built by recursion). An editor may type anything into a search
box, so every search and autocomplete, from any admin view or reader code, passes through
`search_query_clean` first. What it removes is never part of a word in either index."""

import unicodedata
from typing import Any

from modelsearch.query import (
    MATCH_NONE,
    And,
    Boost,
    Fuzzy,
    MatchAll,
    Not,
    Or,
    Phrase,
    PlainText,
    SearchQuery,
)
from wagtail.search.backends.database import SearchBackend as database_search_backend

MAX_WORDS = 32
MAX_WORD_LENGTH = 100


def _is_word_separator(character: str) -> bool:
    # Controls, NUL, lone surrogates, format and unassigned code points are category C.
    return character == '"' or unicodedata.category(character).startswith("C")


class _Words:
    """Cleans text into words, keeping at most MAX_WORDS over a whole query."""

    def __init__(self) -> None:
        self.left = MAX_WORDS

    def take(self, text: str) -> str:
        if self.left <= 0:
            return ""
        spaced = "".join(" " if _is_word_separator(c) else c for c in text)
        words = [word[:MAX_WORD_LENGTH] for word in spaced.split()[: self.left]]
        self.left -= len(words)
        return " ".join(words)


def _clean(query: Any, words: _Words) -> Any:
    """The query with every text in it cleaned; None where nothing is left to search for."""
    if isinstance(query, str):
        return words.take(query) or None
    if isinstance(query, PlainText):
        text = words.take(query.query_string)
        return PlainText(text, operator=query.operator, boost=query.boost) if text else None
    if isinstance(query, Phrase):
        text = words.take(query.query_string)
        return Phrase(text) if text else None
    if isinstance(query, Fuzzy):
        text = words.take(query.query_string)
        return Fuzzy(text, operator=query.operator, unaccent=query.unaccent) if text else None
    if isinstance(query, Boost):
        subquery = _clean(query.subquery, words)
        return Boost(subquery, query.boost) if subquery is not None else None
    if isinstance(query, Not):
        subquery = _clean(query.subquery, words)
        return Not(subquery) if subquery is not None else None
    if isinstance(query, And | Or):
        subqueries = [_clean(subquery, words) for subquery in query.subqueries[:MAX_WORDS]]
        kept = [subquery for subquery in subqueries if subquery is not None]
        return type(query)(kept) if kept else None
    return query  # MatchAll, or a query class this module does not know


def search_query_clean(query: str | SearchQuery) -> str | SearchQuery:
    """`query` (text, or a query parsed by `parse_query_string`) with only characters that
    can be part of an indexed word, in at most MAX_WORDS words; a query that matches nothing if
    no word is left (not empty text, whose empty results Wagtail's listings cannot show)."""
    cleaned = _clean(query, _Words())
    return MATCH_NONE if cleaned is None else cleaned


class _CleanQueryText:
    def search(self, query: str | SearchQuery, *args: Any, **kwargs: Any) -> Any:
        return super().search(search_query_clean(query), *args, **kwargs)  # type: ignore[misc]

    def autocomplete(self, query: str | SearchQuery, *args: Any, **kwargs: Any) -> Any:
        return super().autocomplete(search_query_clean(query), *args, **kwargs)  # type: ignore[misc]


class _MatchesFirst:
    """SQLite: a search not ranked by relevance starts from the words' matches in the FTS5
    table. Wagtail's query joins them to the index entries, which SQLite then walks from every
    entry of the model: 4 to 20 s at 100,000 stories, against 0.05 to 0.7 s this way."""

    def search(self, config: Any, start: int, stop: int | None, score_field: Any = None) -> Any:
        # Imported here: the module reads models that exist only with SQLite's backend.
        from modelsearch.backends.database.sqlite import sqlite
        from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
        from modelsearch.utils import get_descendants_content_types_pks

        compiler: Any = self
        query = normalize(compiler.query)
        if (
            compiler.order_by_relevance
            or score_field is not None
            or isinstance(query, MatchAll | Not)
        ):
            return super().search(config, start, stop, score_field)  # type: ignore[misc]
        match = MatchExpression(
            compiler.fields or compiler.FTS_TABLE_FIELDS,
            compiler.build_search_query(query, config=config),
        )
        entries = sqlite.IndexEntry.objects.filter(
            content_type__in=get_descendants_content_types_pks(compiler.queryset.model),
            id__in=sqlite.SQLiteFTSIndexEntry.objects.filter(match).values("index_entry_id"),
        )
        queryset = compiler.queryset.filter(pk__in=entries.values("object_id"))
        if not queryset.query.order_by:
            queryset = queryset.order_by("-pk")  # stable pages, as Wagtail's own
        return queryset[start:stop]


def _sqlite_compilers() -> dict[str, type]:
    from modelsearch.backends.database.sqlite import sqlite

    class SearchCompiler(_MatchesFirst, sqlite.SQLiteSearchQueryCompiler):
        pass

    class AutocompleteCompiler(_MatchesFirst, sqlite.SQLiteAutocompleteQueryCompiler):
        pass

    return {
        "query_compiler_class": SearchCompiler,
        "autocomplete_query_compiler_class": AutocompleteCompiler,
    }


_cleaning_classes: dict[type, type] = {}


def _cleaning(backend_class: type) -> type:
    """The backend class with cleaning mixed in (and, on SQLite, searches that start from the
    matches), made once (Wagtail asks for a backend at every search)."""
    if backend_class not in _cleaning_classes:
        is_sqlite = backend_class.__name__ == "SQLiteSearchBackend"
        attributes = _sqlite_compilers() if is_sqlite else {}
        _cleaning_classes[backend_class] = type(
            backend_class.__name__, (_CleanQueryText, backend_class), attributes
        )
    return _cleaning_classes[backend_class]


def SearchBackend(params: dict) -> Any:  # noqa: N802 (the name Wagtail looks a backend up by)
    """Wagtail's database backend for the default database, cleaning every query first."""
    backend = database_search_backend(params)
    return _cleaning(type(backend))(params)
