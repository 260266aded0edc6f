"""Matching query terms against the full-text index, the one place that speaks each database's
query language: FTS5's MATCH and bm25 on SQLite, a tsquery in the edition's text search
configuration and ts_rank_cd on PostgreSQL. Callers say which stories may be found (a queryset,
run inside the match's SQL) and get story ids with scores, best first.

A query word matches any of its terms, or (prefix matching) any word that begins with its own
stem: "Шуша" finds "Шушинский", which neither Snowball nor the dictionary relates to it. A form
of the word itself matches both ways and so ranks above a word it only begins."""

from collections.abc import Sequence
from functools import cache

from django.db import connection
from django.db.models import QuerySet

from dateline.language.search_terms import SNOWBALL, query_terms

MAX_WORDS = 32
MAX_QUERY_CHARS = 1000
HEADLINE_WEIGHT = 10.0
# Shorter stems begin too many words to say anything.
PREFIX_MIN_STEM = 3

Groups = list[tuple[str, ...]]


def query_groups(text: str, language: str) -> Groups:
    """For each word of the query (at most MAX_WORDS), the terms one of which must match."""
    return query_terms(text[:MAX_QUERY_CHARS], language)[:MAX_WORDS]


def _prefixed(group: tuple[str, ...]) -> bool:
    return len(group[0]) >= PREFIX_MIN_STEM


def _fts5_match(groups: Groups) -> str:
    # Terms are runs of letters and digits, so quoting them leaves no FTS5 syntax to misread.
    def alternatives(group: tuple[str, ...]) -> str:
        terms = [f'"{term}"' for term in group]
        if _prefixed(group):
            terms.append(f'"{group[0]}"*')
        return "(" + " OR ".join(terms) + ")"

    return " AND ".join(alternatives(group) for group in groups)


def _tsquery(groups: Groups) -> str:
    def alternatives(group: tuple[str, ...]) -> str:
        terms = [f"'{term}'" for term in group]
        if _prefixed(group):
            terms.append(f"'{group[0]}':*")
        return "(" + " | ".join(terms) + ")"

    return " & ".join(alternatives(group) for group in groups)


@cache
def _postgresql_configs() -> frozenset[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT cfgname FROM pg_ts_config")
        return frozenset(name for (name,) in cursor.fetchall())


def text_search_config(language: str) -> str:
    """PostgreSQL's text search configuration for an edition's language: the one named after
    its Snowball stemmer where the database has it (its stop words; it leaves our stems as they
    are), else 'simple'. Empty on other databases."""
    if connection.vendor != "postgresql":
        return ""
    config = SNOWBALL.get(language, "simple")
    return config if config in _postgresql_configs() else "simple"


# The stored, indexed column of migration 0003 (PostgreSQL only: the model does not know it).
POSTGRESQL_VECTOR = "vector"


def _sqlite_ranked(groups: Groups, within: str, params: Sequence, limit: int) -> list:
    sql = (
        f"SELECT rowid, -bm25(search_fts, {HEADLINE_WEIGHT}, 1.0) AS score FROM search_fts "  # noqa: S608
        f"WHERE search_fts MATCH %s AND rowid IN ({within}) ORDER BY score DESC, rowid DESC "
        "LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [_fts5_match(groups), *params, limit])
        return cursor.fetchall()


def _postgresql_ranked(
    groups: Groups, language: str, within: str, params: Sequence, limit: int
) -> list:
    sql = (
        f"SELECT story_id, ts_rank_cd({POSTGRESQL_VECTOR}, q) AS score "  # noqa: S608
        "FROM search_searchentry, to_tsquery(%s::regconfig, %s) q "
        f"WHERE {POSTGRESQL_VECTOR} @@ q AND story_id IN ({within}) "
        "ORDER BY score DESC, story_id DESC LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [text_search_config(language), _tsquery(groups), *params, limit])
        return cursor.fetchall()


def ranked_matches(
    groups: Groups, language: str, within: QuerySet, *, limit: int
) -> list[tuple[int, float]]:
    """The ids and scores of the stories of `within` (all of one language) that match every
    group, best first: at most `limit`."""
    if not groups:
        return []
    within_sql, params = within.values("pk").query.sql_with_params()
    if connection.vendor == "postgresql":
        rows = _postgresql_ranked(groups, language, within_sql, params, limit)
    else:
        rows = _sqlite_ranked(groups, within_sql, params, limit)
    return [(pk, float(score)) for pk, score in rows]
