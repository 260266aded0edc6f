"""The database's planner statistics, measured again as the archive grows.

PostgreSQL's autovacuum measures its tables by itself. SQLite keeps no statistics until told
to, and without them (or with a sample's: `analysis_limit`) it walks the time index for a
lookup by translation key or by a list of ids: 2.4 s against 2 ms for a page's versions in
other editions at a million stories. Bulk writers measure when they finish; the worker, when it
starts and every few hours, measures again if the story table has doubled since it was last
measured. A full measure holds SQLite's write lock for its length (5.6 s at a million stories),
so it is not done more often than the archive's size asks for."""

import logging

from django.db import connection

log = logging.getLogger(__name__)

CHECK_SECONDS = 6 * 60 * 60.0
GROWTH = 2  # the story table this many times its measured size is measured again
MEASURED_TABLE = "stories_story"


def planner_statistics_refresh() -> None:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _rows_measured_and_now() -> tuple[int, int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
        measured = 0
        if cursor.fetchone() is not None:
            cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s", [MEASURED_TABLE])
            measured = max((int(stat.split()[0]) for (stat,) in cursor.fetchall()), default=0)
        cursor.execute(f"SELECT count(*) FROM {MEASURED_TABLE}")  # noqa: S608 - a constant
        return measured, cursor.fetchone()[0]


def planner_statistics_refresh_if_grown() -> bool:
    """Measures SQLite's tables if the story table has doubled since it was last measured (or
    never was); whether it did."""
    measured, rows = _rows_measured_and_now()
    if rows < max(measured * GROWTH, 1):
        return False
    log.info("Measuring the tables for the query planner: %s stories, %s measured", rows, measured)
    planner_statistics_refresh()
    return True
