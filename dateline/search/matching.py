"""Matching query terms against the full-text index, the one place that speaks each database's
query language: FTS5's MATCH and bm25 on SQLite, a tsquery in the edition's text search
configuration and ts_rank_cd on PostgreSQL. Callers say which stories may be found (a queryset,
run inside the match's SQL) and get story ids with scores, best first.

A query word matches any of its terms, or (prefix matching) any word that begins with its own
stem: "Шуша" finds "Шушинский", which neither Snowball nor the dictionary relates to it. A form
of the word itself matches both ways and so ranks above a word it only begins.

Given an anchor time, relevance is weighed by recency: a story's score is divided by
1 + age/RECENCY_HALF_LIFE (its age in days at the anchor), so a story that old counts half as
much as one published at the anchor. The anchor is fixed for a reader's whole walk through the
pages, so a story keeps its score from page to page, and the pages go on from a position in the
ranking (score, story id) that the database finds by itself, still stopping at the limit."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache

from django.db import connection
from django.db.models import QuerySet

from dateline.language.search_terms import SNOWBALL, query_terms

MAX_WORDS = 32
MAX_QUERY_CHARS = 1000
HEADLINE_WEIGHT = 10.0
# Shorter stems begin too many words to say anything.
PREFIX_MIN_STEM = 3

# Days after which a story's relevance counts half (a third after twice as long, and so on).
RECENCY_HALF_LIFE = 30.0

Groups = list[tuple[str, ...]]


@dataclass(frozen=True)
class Position:
    """A story's place in a ranking: results go best first, by score, then by newer id."""

    score: float
    story_id: int


def query_groups(text: str, language: str) -> Groups:
    """For each word of the query (at most MAX_WORDS), the terms one of which must match."""
    return query_terms(text[:MAX_QUERY_CHARS], language)[:MAX_WORDS]


def _prefixed(group: tuple[str, ...]) -> bool:
    return len(group[0]) >= PREFIX_MIN_STEM


def terms_match(terms: Sequence[str], group: tuple[str, ...]) -> bool:
    """Whether a word with these terms (word_terms) matches a group of the query, as the index
    matches it: one of the group's terms, or a term that begins with the group's own stem."""
    return any(term in group or (_prefixed(group) and term.startswith(group[0])) for term in terms)


def _query_text(groups: Groups, term: str, prefix: str, either: str, all_of: str) -> str:
    """The groups in a database's query language: each group's terms (and its own stem as a
    prefix) as alternatives, every group required; `term` and `prefix` format one term."""

    def alternatives(group: tuple[str, ...]) -> str:
        terms = [term.format(t) for t in group]
        if _prefixed(group):
            terms.append(prefix.format(group[0]))
        return "(" + either.join(terms) + ")"

    return all_of.join(alternatives(group) for group in groups)


def _fts5_match(groups: Groups) -> str:
    # Terms are runs of letters and digits, so quoting them leaves no FTS5 syntax to misread.
    return _query_text(groups, '"{}"', '"{}"*', " OR ", " AND ")


def _tsquery(groups: Groups) -> str:
    return _query_text(groups, "'{}'", "'{}':*", " | ", " & ")


@cache
def _postgresql_configs() -> frozenset[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT cfgname FROM pg_ts_config")
        return frozenset(name for (name,) in cursor.fetchall())


def text_search_config(language: str) -> str:
    """PostgreSQL's text search configuration for an edition's language: the one named after
    its Snowball stemmer where the database has it, else 'simple'. Empty on other databases.
    It reads our terms as words: it drops its stop words and stems some terms again (пашинян →
    пашиня, мемориа → мемор), the same for index and query, so matches are a little coarser
    than on SQLite (bench/search.py measures both)."""
    if connection.vendor != "postgresql":
        return ""
    config = SNOWBALL.get(language, "simple")
    return config if config in _postgresql_configs() else "simple"


# The stored, indexed column of migration 0003 (PostgreSQL only: the model does not know it).
POSTGRESQL_VECTOR = "vector"
POSTGRESQL_RANK_BOUND = 1.0


@dataclass(frozen=True)
class _Ranking:
    anchor: datetime | None
    after: Position | None
    before: Position | None
    stories_table: str  # quoted; joined as "story" for its publication times
    only: int | None = None  # the one story to score


def _age_days(anchor: datetime) -> tuple[str, list]:
    """SQL for a story's age in days at the anchor (never below 0), and its parameters."""
    if connection.vendor == "postgresql":
        return (
            "greatest(0.0, extract(epoch FROM (%s::timestamptz - story.first_published_at))"
            "::float8 / 86400.0)",
            [anchor],
        )
    # SQLite keeps times as UTC text, which julianday() reads.
    utc = anchor.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ")
    return "max(0.0, julianday(%s) - julianday(story.first_published_at))", [utc]


def _ranked_sql(
    relevance: str,
    id_column: str,
    source: str,
    match: str,
    within: str,
    ranking: _Ranking,
    *,
    within_column: str | None = None,
) -> tuple[str, list, list[float]]:
    """The SELECT of the matches' ids and scores, with the recency weight and the position
    applied, best first (or, for the page before a position, nearest the position first); the
    parameters of its score and of its position."""
    score, score_params = relevance, []
    if ranking.anchor is not None:
        age, age_params = _age_days(ranking.anchor)
        score = f"({relevance}) / (1.0 + {age} / %s)"
        score_params = [*age_params, RECENCY_HALF_LIFE]
    matches = (
        f"SELECT {id_column} AS story_id, {score} AS score FROM {source} "  # noqa: S608
        f"WHERE {match} AND {within_column or id_column} IN ({within})"
    )
    where, order = "", "score DESC, story_id DESC"
    position_params: list[float] = []
    if ranking.only is not None:
        matches += f" AND {id_column} = %s"
        position_params = [ranking.only]
    if (position := ranking.after or ranking.before) is not None:
        below = ranking.after is not None
        where = "WHERE score {0} %s OR (score = %s AND story_id {0} %s)".format(
            "<" if below else ">"
        )
        order = order if below else "score ASC, story_id ASC"
        position_params = [position.score, position.score, position.story_id]
    sql = f"SELECT story_id, score FROM ({matches}) ranked {where} ORDER BY {order} LIMIT %s"  # noqa: S608
    return sql, score_params, position_params


def _sqlite_ranked(
    groups: Groups, within: str, params: Sequence, limit: int, ranking: _Ranking
) -> list:
    source = "search_fts"
    if ranking.anchor is not None:
        source += f" JOIN {ranking.stories_table} story ON story.id = search_fts.rowid"
    sql, score_params, position_params = _ranked_sql(
        f"-bm25(search_fts, {HEADLINE_WEIGHT}, 1.0)",
        "search_fts.rowid",
        source,
        "search_fts MATCH %s",
        within,
        ranking,
        # The unary plus keeps the gate's list away from FTS5, which would otherwise be handed it
        # and look each story up on its own (seconds at 50,000 stories); SQLite filters the
        # matches by it instead.
        within_column="+search_fts.rowid",
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*score_params, _fts5_match(groups), *params, *position_params, limit])
        return cursor.fetchall()


def _postgresql_ranked(
    groups: Groups, language: str, within: str, params: Sequence, limit: int, ranking: _Ranking
) -> list:
    source = "search_searchentry entry"
    if ranking.anchor is not None:
        source += f" JOIN {ranking.stories_table} story ON story.id = entry.story_id"
    source += ", to_tsquery(%s::regconfig, %s) q"
    sql, score_params, position_params = _ranked_sql(
        # Normalization 32 (rank / (rank + 1)) keeps the order and bounds it by 1.
        f"ts_rank_cd({POSTGRESQL_VECTOR}, q, 32)::float8",
        "entry.story_id",
        source,
        f"{POSTGRESQL_VECTOR} @@ q",
        within,
        ranking,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [
                *score_params,
                text_search_config(language),
                _tsquery(groups),
                *params,
                *position_params,
                limit,
            ],
        )
        return cursor.fetchall()


def ranked_matches(
    groups: Groups,
    language: str,
    within: QuerySet,
    *,
    limit: int,
    anchor: datetime | None = None,
    after: Position | None = None,
    before: Position | None = None,
) -> list[tuple[int, float]]:
    """The ids and scores of the stories of `within` (all of one language) that match every
    group, best first: at most `limit`. With an `anchor`, each score is weighed by the story's
    age at that time (the module's docstring); only the ones ranked below `after`, or, nearest
    first but still returned best first, the ones ranked above `before`."""
    if not groups:
        return []
    within_sql = within.values("pk").query.sql_with_params()
    table = connection.ops.quote_name(within.model._meta.db_table)
    ranking = _Ranking(anchor, after, before, table)
    rows = _recent_first(groups, language, within, limit, ranking)
    if rows is None:
        rows = _ranked(groups, language, within_sql, limit, ranking)
    if before is not None and after is None:
        rows = rows[::-1]
    return [(pk, float(score)) for pk, score in rows]


# Days back from the anchor searched first, each window only if the one before was not enough.
RECENT_WINDOWS_DAYS = (7, 30, 120, 480, 1920)


def _recent_first(
    groups: Groups, language: str, within: QuerySet, limit: int, ranking: _Ranking
) -> list | None:
    """The best of a recency ranking found among the recent stories first, when that is exact:
    a story older than a window scores at most the best relevance of any match divided by its
    weight at the window's edge, so once the window's `limit`-th score is above that, no older
    story can take its place. Weighing every match by its age reads every matching story (a
    common word's tens of thousands); a window's matches are checked against a short list
    instead. None where the whole ranking is needed (no anchor, a page before a position, or no
    window was enough)."""
    if ranking.anchor is None or ranking.before is not None:
        return None
    best = _best_relevance(groups)
    if best is None:
        return []
    for days in RECENT_WINDOWS_DAYS:
        recent = within.filter(first_published_at__gte=ranking.anchor - timedelta(days=days))
        recent_sql = recent.values("pk").query.sql_with_params()
        rows = _ranked(groups, language, recent_sql, limit, ranking)
        if len(rows) == limit and rows[-1][1] > best / (1.0 + days / RECENCY_HALF_LIFE):
            return rows
    return None


def _best_relevance(groups: Groups) -> float | None:
    """At least the highest relevance of any entry that matches, before weighing (drafts and
    other editions' stories included): on SQLite the best bm25, found; on PostgreSQL 1, above
    any rank/(rank + 1)."""
    if connection.vendor == "postgresql":
        return POSTGRESQL_RANK_BOUND
    sql = (
        f"SELECT -bm25(search_fts, {HEADLINE_WEIGHT}, 1.0) AS score FROM search_fts "  # noqa: S608
        "WHERE search_fts MATCH %s ORDER BY score DESC LIMIT 1"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [_fts5_match(groups)])
        row = cursor.fetchone()
    return float(row[0]) if row is not None else None


def story_score(
    text: str, language: str, within: QuerySet, story_id: int, *, anchor: datetime
) -> float | None:
    """The score one story of `within` has now in the ranking of `text`, None if it is no
    longer found. A page that follows a story starts from this score, never from one carried
    over: on SQLite, bm25 weighs a term by how many entries hold it, so every story indexed
    since moves every score a little."""
    groups = query_groups(text, language)
    if not groups:
        return None
    within_sql = within.values("pk").query.sql_with_params()
    table = connection.ops.quote_name(within.model._meta.db_table)
    ranking = _Ranking(anchor, None, None, table, only=story_id)
    rows = _ranked(groups, language, within_sql, 1, ranking)
    return float(rows[0][1]) if rows else None


def _ranked(
    groups: Groups, language: str, within: tuple[str, Sequence], limit: int, ranking: _Ranking
) -> list:
    within_sql, params = within
    if connection.vendor == "postgresql":
        return _postgresql_ranked(groups, language, within_sql, params, limit, ranking)
    return _sqlite_ranked(groups, within_sql, params, limit, ranking)
