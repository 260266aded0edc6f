"""The planner measures the tables again when asked: SQLite's statistics table holds the story
table's indexes afterwards, and PostgreSQL knows the story table's rows."""

import pytest
from django.db import connection

from dateline.core.planner import planner_statistics_refresh
from dateline.stories.factories import StoryFactory


def _measured_rows() -> int:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
            if cursor.fetchone() is None:
                return 0
            cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'stories_story'")
        else:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'stories_story'")
        return max(int(cursor.fetchone()[0]), 0)


@pytest.mark.django_db
@pytest.mark.parametrize("full", [True, False])
def test_the_story_table_is_measured(en, full):
    for _ in range(3):
        StoryFactory(locale=en.locale)
    if connection.vendor == "sqlite":  # PostgreSQL's autovacuum may have measured already
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS sqlite_stat1")
        assert _measured_rows() == 0

    planner_statistics_refresh(full=full)

    assert _measured_rows() > 0
