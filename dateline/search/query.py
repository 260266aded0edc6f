"""Searching the index as a reader does: the query's words reduced to terms the way the index
was (dateline.language.search_terms, in the edition's language), every word required in one of
its forms, ranked by the database's relevance (a headline counts ten times the text), and only
stories the public gate lets the edition's readers see."""

from dataclasses import dataclass

from django.db import connection

from dateline.editions.models import Edition
from dateline.language.search_terms import query_terms
from dateline.stories.models import Story

MAX_WORDS = 32
MAX_QUERY_CHARS = 1000
LIMIT = 20
HEADLINE_WEIGHT = 10.0


@dataclass(frozen=True)
class Hit:
    story_id: int
    headline: str
    score: float  # higher is more relevant


def _groups(text: str, language: str) -> list[tuple[str, ...]]:
    return query_terms(text[:MAX_QUERY_CHARS], language)[:MAX_WORDS]


def _sqlite_ranked(groups: list[tuple[str, ...]], gate_sql: str, params: tuple, limit: int) -> list:
    # Terms are runs of letters and digits, so quoting them leaves no FTS5 syntax to misread.
    match = " AND ".join("(" + " OR ".join(f'"{t}"' for t in group) + ")" for group in groups)
    sql = (
        f"SELECT rowid, -bm25(search_fts, {HEADLINE_WEIGHT}, 1.0) AS score FROM search_fts "  # noqa: S608
        f"WHERE search_fts MATCH %s AND rowid IN ({gate_sql}) ORDER BY score DESC LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [match, *params, limit])
        return cursor.fetchall()


def _postgresql_ranked(
    groups: list[tuple[str, ...]], gate_sql: str, params: tuple, limit: int
) -> list:
    query = " & ".join("(" + " | ".join(f"'{t}'" for t in group) + ")" for group in groups)
    vector = (
        "(setweight(to_tsvector('simple', headline_terms), 'A') || "
        "setweight(to_tsvector('simple', text_terms), 'B'))"
    )
    sql = (
        f"SELECT story_id, ts_rank_cd({vector}, q) AS score "  # noqa: S608
        f"FROM search_searchentry, to_tsquery('simple', %s) q "
        f"WHERE {vector} @@ q AND story_id IN ({gate_sql}) ORDER BY score DESC LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [query, *params, limit])
        return cursor.fetchall()


def story_search(text: str, edition: Edition, *, limit: int = LIMIT) -> list[Hit]:
    """The stories of `edition` a reader may see that hold every word of `text`, best first.
    Any text is a query: what is not a word is left out."""
    groups = _groups(text, edition.language)
    if not groups:
        return []
    public = Story.objects.public(edition)
    gate_sql, params = public.values("pk").query.sql_with_params()
    ranked = (_postgresql_ranked if connection.vendor == "postgresql" else _sqlite_ranked)(
        groups, gate_sql, params, limit
    )
    headlines = dict(public.filter(pk__in=[pk for pk, _ in ranked]).values_list("pk", "headline"))
    return [Hit(pk, headlines[pk], float(score)) for pk, score in ranked if pk in headlines]
