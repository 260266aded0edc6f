"""What the benchmarks in bench/ share: a database to measure (SQLite in a temporary DATA_DIR, or
a PostgreSQL database made for the run), Django's test client, query counts, and `dateline serve`
on a free loopback port.

Not a test and not part of the application: the scripts next to it import it by name.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

if TYPE_CHECKING:
    from django.http import HttpResponse
    from django.test import Client

PROJECT_DIR = Path(__file__).resolve().parent.parent
# The console script next to the interpreter running us, i.e. the project's virtualenv.
DATELINE = str(Path(sys.executable).with_name("dateline"))
SERVER_WORKERS = 2


class BenchError(Exception):
    pass


@dataclass
class Database:
    data_dir: Path
    label: str
    is_fresh: bool  # built by this run, so fixtures may be added to it


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def p95(values: Sequence[float]) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[94]


OTHER_CHANGE, OWN_CHANGE = "another story's change", "its own change"


@dataclass
class PageFigures:
    name: str
    urls: list[str]
    durations_s: list[float] = field(default_factory=list)
    queries: dict[str, int] = field(default_factory=dict)
    # What happens before each GET: nothing (pages as readers get them between changes),
    # OTHER_CHANGE (a story the page does not show changed) or OWN_CHANGE (everything kept
    # dropped, as after a change of the page's own story, or in a process just started).
    before_each: str = ""

    @property
    def max_queries(self) -> int:
        return max(self.queries.values())

    @property
    def worst_url(self) -> str:
        return max(self.queries, key=self.queries.__getitem__)

    @property
    def median_ms(self) -> float:
        return statistics.median(self.durations_s) * 1000

    @property
    def p95_ms(self) -> float:
        return p95(self.durations_s) * 1000


# -- the database ---------------------------------------------------------------------------


def is_postgres_url(database_url: str) -> bool:
    return database_url.startswith(("postgres://", "postgresql://"))


def _maintenance_url(database_url: str) -> tuple[str, str]:
    """The server's `postgres` database (to create and drop from) and the target's name."""
    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    if not name:
        raise BenchError(f"{database_url} names no database.")
    return urlunsplit(parts._replace(scheme="postgresql", path="/postgres")), name


def postgres_database_create(database_url: str) -> None:
    import psycopg
    from psycopg import sql

    server_url, name = _maintenance_url(database_url)
    with psycopg.connect(server_url, autocommit=True) as conn:
        try:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        except psycopg.errors.DuplicateDatabase:
            # Never benchmark on (or later drop) a database this run did not make.
            raise BenchError(
                f"Database {name!r} exists; drop it, or reuse it with --data-dir."
            ) from None


def postgres_database_drop(database_url: str) -> None:
    import psycopg
    from psycopg import sql

    server_url, name = _maintenance_url(database_url)
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def log_tail(log: Path, lines: int = 12) -> str:
    # Logs go with the temporary DATA_DIR, so errors quote their end.
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:]) if log.exists() else ""


def dateline_run(*args: str, log: Path) -> str:
    with log.open("a") as out:
        result = subprocess.run(
            [DATELINE, *args], stdout=subprocess.PIPE, stderr=out, text=True, cwd=PROJECT_DIR
        )
        out.write(result.stdout)
    if result.returncode != 0:
        raise BenchError(f"`dateline {' '.join(args)}` failed:\n{log_tail(log)}")
    return result.stdout


@contextlib.contextmanager
def bench_database(
    args: argparse.Namespace,
    build: Callable[[Path, str], None],
    *,
    keep_postgres: bool = False,
) -> Iterator[Database]:
    """The database to measure, with the environment every process here reads it from.

    With args.data_dir, that DATA_DIR (and args.database_url, if any) as it is. Otherwise a
    temporary DATA_DIR, on PostgreSQL a database this run creates, and `build(data_dir, label)`
    to fill it; the database is dropped after unless `keep_postgres`, the DATA_DIR removed unless
    args.keep_data."""
    is_postgres = is_postgres_url(args.database_url)
    label = "PostgreSQL" if is_postgres else "SQLite"
    # Settings are read from the environment by this process and by the servers it starts.
    os.environ.update(DJANGO_SETTINGS_MODULE="dateline.settings.dev", DEBUG="False")
    # A developer's REDIS_URL would swap the cache backend the editions registry reads per request.
    os.environ.pop("REDIS_URL", None)
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    else:
        os.environ.pop("DATABASE_URL", None)

    if args.data_dir:
        os.environ["DATA_DIR"] = str(args.data_dir.resolve())
        yield Database(args.data_dir.resolve(), label, is_fresh=False)
        return

    data_dir = Path(tempfile.mkdtemp(prefix="dateline-bench-"))
    os.environ["DATA_DIR"] = str(data_dir)
    created_postgres = False
    try:
        if is_postgres:
            postgres_database_create(args.database_url)
            created_postgres = True
        build(data_dir, label)
        yield Database(data_dir, label, is_fresh=True)
    finally:
        if created_postgres:
            from django.db import connections

            connections.close_all()
            if keep_postgres:
                print(f"Kept database {_maintenance_url(args.database_url)[1]}")
            else:
                postgres_database_drop(args.database_url)
        if args.keep_data:
            print(f"Kept {data_dir}")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)


# -- in-process measurements --------------------------------------------------------------------


def test_client() -> Client:
    import django

    django.setup()
    from django.test import Client

    # 127.0.0.1 is in the default ALLOWED_HOSTS; the test client's "testserver" is not.
    return Client(HTTP_HOST="127.0.0.1")


def page_get(client: Client, url: str) -> HttpResponse:
    response = client.get(url)
    if response.status_code != 200:
        raise BenchError(f"GET {url} answered {response.status_code}, not 200.")
    return response


# A story id no database here reaches: its change is another story's.
GONE_STORY_ID = 10**12


def change_happens(kind: str) -> None:
    """What `kind` does to the pages' data kept between changes (stories.page_data): another
    story's change is the outbox row a deletion writes (of a story no page shows); a page's own
    change drops everything, as it would for that page."""
    from dateline.stories.models import StoryChange
    from dateline.stories.page_data import page_data_forget

    if kind == OTHER_CHANGE:
        StoryChange.objects.create(
            story_id=GONE_STORY_ID, locale_id=0, kind=StoryChange.Kind.DELETED
        )
    elif kind == OWN_CHANGE:
        page_data_forget()


def query_counts(client: Client, urls: Sequence[str], before_each: str = "") -> dict[str, int]:
    """Each URL's queries as the page is timed: after `before_each` happened (PageFigures)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for url in urls:
        page_get(client, url)  # first hit may write renditions; count the steady state
        found = []
        # The fewer of two: the editions' version is read every half second, on whichever request.
        for _ in range(2):
            change_happens(before_each)
            with CaptureQueriesContext(connection) as captured:
                page_get(client, url)
            found.append(len(captured))
        counts[url] = min(found)
    return counts


def queries_captured(client: Client, url: str) -> list[dict[str, str]]:
    """The SQL (with its parameters filled in) and the time in seconds of each query of a GET."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        page_get(client, url)
    return captured.captured_queries


def queries_sql(client: Client, url: str) -> list[str]:
    return [query["sql"] for query in queries_captured(client, url)]


# -- serving over ASGI ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def session_cpu_seconds(session_id: int) -> float:
    """User + system CPU time of every live process in a session (the server and its workers)."""
    ticks = 0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            if int(fields[3]) == session_id:
                ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def machine_line() -> str:
    """When and where a run happened, for the first line of its output."""
    return (
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, {platform.platform()}, "
        f"CPU pressure {cpu_pressure()}"
    )


def cpu_pressure() -> str:
    """Linux PSI: how much of the time some task waited for a CPU, ours included. Read while this
    script is idle or on one core, it shows other work on the machine (test suites, browsers),
    which lowers req/s and raises latency but hardly changes CPU time per request."""
    try:
        some = Path("/proc/pressure/cpu").read_text().split()
    except OSError:
        return "n/a"
    return " ".join(some[1:3])


@contextlib.contextmanager
def asgi_server(
    log: Path,
    probe_path: str,
    *,
    workers: int = SERVER_WORKERS,
    env: dict[str, str] | None = None,
) -> Iterator[tuple[str, int]]:
    """`dateline serve` on a free loopback port, with `env` added to this process's environment
    and BASE_URL set to that port (pages give absolute addresses on it). Yields its base URL and
    its session id (whose processes' CPU time is the server's), and stops it after."""
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    with log.open("a") as out:
        # Its own session, so the workers uvicorn spawns are found and stopped with it.
        server = subprocess.Popen(
            [DATELINE, "serve", "--port", str(port), "--workers", str(workers)],
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            cwd=PROJECT_DIR,
            env={**os.environ, "BASE_URL": base_url, **(env or {})},
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                raise BenchError(f"`dateline serve` exited ({server.returncode}):\n{log_tail(log)}")
            try:
                with urllib.request.urlopen(base_url + probe_path, timeout=5) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if time.monotonic() > deadline:
                    message = f"`dateline serve` did not answer in 60 s:\n{log_tail(log)}"
                    raise BenchError(message) from None
                time.sleep(0.3)
        yield base_url, server.pid
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
