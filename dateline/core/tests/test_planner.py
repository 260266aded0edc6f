"""The planner's statistics: measured when asked (SQLite's statistics table then holds the story
table's indexes; PostgreSQL knows the story table's rows), and by the worker on SQLite only
when the story table has doubled since it was last measured."""

import pytest
from django.db import connection

from dateline.core.planner import planner_statistics_refresh, planner_statistics_refresh_if_grown
from dateline.stories.factories import StoryFactory

on_sqlite = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's own statistics; autovacuum on PostgreSQL"
)


def _measured_rows() -> int:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
            if cursor.fetchone() is None:
                return 0
            cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = 'stories_story'")
            return max((int(stat.split()[0]) for (stat,) in cursor.fetchall()), default=0)
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'stories_story'")
        return max(int(cursor.fetchone()[0]), 0)


def _forget_measures() -> None:
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS sqlite_stat1")


@pytest.mark.django_db
def test_the_story_table_is_measured(en):
    for _ in range(3):
        StoryFactory(locale=en.locale)
    if connection.vendor == "sqlite":  # PostgreSQL's autovacuum may have measured already
        _forget_measures()
        assert _measured_rows() == 0

    planner_statistics_refresh()

    assert _measured_rows() == 3


@on_sqlite
@pytest.mark.django_db
def test_the_worker_measures_again_only_once_the_stories_have_doubled(en):
    for _ in range(2):
        StoryFactory(locale=en.locale)
    _forget_measures()
    assert planner_statistics_refresh_if_grown()  # never measured
    assert _measured_rows() == 2

    StoryFactory(locale=en.locale)
    assert not planner_statistics_refresh_if_grown()  # 3 of 2: not yet
    assert _measured_rows() == 2

    StoryFactory(locale=en.locale)
    assert planner_statistics_refresh_if_grown()  # 4 of 2
    assert _measured_rows() == 4
