"""The database's planner statistics, measured again as the archive grows.

PostgreSQL's autovacuum measures its tables by itself. SQLite keeps no statistics until told
to, and without them it walks the time index for a lookup by translation key or by a list of
ids (2.4 s against 2 ms for a page's versions in other editions at a million stories): the
worker measures once it starts and every few hours, approximately (a bounded sample of each
index, a fraction of a second), and bulk writers measure in full when they finish."""

import logging
import threading

from django.db import close_old_connections, connection

log = logging.getLogger(__name__)

REFRESH_SECONDS = 6 * 60 * 60.0
# Rows SQLite samples per index in the periodic measure: its documentation's own suggestion.
ANALYSIS_LIMIT = 400


def planner_statistics_refresh(*, full: bool = True) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite" and not full:
            cursor.execute(f"PRAGMA analysis_limit={ANALYSIS_LIMIT}")
        cursor.execute("ANALYZE")


def planner_statistics_keep(stop: threading.Event) -> None:
    """The worker's loop (SQLite only: autovacuum does it on PostgreSQL)."""
    if connection.vendor != "sqlite":
        return
    try:
        while not stop.is_set():
            close_old_connections()
            planner_statistics_refresh(full=False)
            stop.wait(REFRESH_SECONDS)
    finally:
        connection.close()
