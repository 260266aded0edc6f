"""A Dateline installation of a test's own, run as `dateline` commands in subprocesses, the way
a server runs it: its own DATA_DIR and database (SQLite there; a throwaway PostgreSQL database
when the suite runs on PostgreSQL), migrated, with the English edition."""

import http.client
import os
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

import dateline

# The code under test, wherever this checkout lives.
PROJECT_DIR = Path(dateline.__file__).resolve().parent.parent
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


@dataclass
class Installation:
    data_dir: Path
    database_url: str = ""  # empty: SQLite in data_dir
    variables: dict[str, str] = field(default_factory=dict)

    def environment(self) -> dict[str, str]:
        inherited = {
            name: value
            for name, value in os.environ.items()
            if name not in {"REDIS_URL", "DATABASE_URL", "DJANGO_SETTINGS_MODULE", "PYTHONPATH"}
        }
        return inherited | {
            "DJANGO_SETTINGS_MODULE": "dateline.settings.dev",
            "DATA_DIR": str(self.data_dir),
            "PYTHONPATH": str(PROJECT_DIR),
            "DEBUG": "false",
            **({"DATABASE_URL": self.database_url} if self.database_url else {}),
            **self.variables,
        }

    def command(self, *arguments: str) -> list[str]:
        return [sys.executable, "-m", "dateline.cli", *arguments]

    def run(self, code: str) -> str:
        """Runs Python in `dateline shell`; what it printed."""
        finished = subprocess.run(  # noqa: S603 (our own interpreter and code)
            self.command("shell", "--no-imports", "-c", code),
            env=self.environment(),
            cwd=PROJECT_DIR,
            timeout=180,
            capture_output=True,
            text=True,
        )
        assert finished.returncode == 0, finished.stderr[-3000:]
        return finished.stdout

    def start(self, *arguments: str, name: str) -> subprocess.Popen:
        with (self.data_dir / f"{name}.log").open("w") as output:
            return subprocess.Popen(  # noqa: S603 (our own interpreter and code)
                self.command(*arguments),
                env=self.environment(),
                cwd=PROJECT_DIR,
                stdout=output,
                stderr=subprocess.STDOUT,
            )

    def log(self, name: str) -> str:
        return (self.data_dir / f"{name}.log").read_text()[-4000:]

    def query(self, sql: str, *params: object) -> list[tuple]:
        """Rows of `sql` (with %s placeholders), read straight from the database; times come
        back as aware datetimes whatever the database."""
        if self.database_url:
            with psycopg.connect(self.database_url, autocommit=True) as connection:
                return connection.execute(sql, params).fetchall()  # type: ignore[arg-type]
        with sqlite3.connect(self.data_dir / "dateline.sqlite3", timeout=20) as connection:
            rows = connection.execute(sql.replace("%s", "?"), params).fetchall()
        connection.close()
        return [tuple(_time(value) for value in row) for row in rows]


def _time(value: object) -> object:
    if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and value[10] == " ":
        try:
            return datetime.fromisoformat(value).replace(tzinfo=UTC)
        except ValueError:
            return value
    return value


def _suite_database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else ""


@contextmanager
def installation(data_dir: Path, **variables: str) -> Iterator[Installation]:
    suite_url = _suite_database_url()
    database_url = ""
    if suite_url:
        parts = urlsplit(suite_url)
        name = f"dateline_{uuid.uuid4().hex[:12]}"
        database_url = urlunsplit(parts._replace(path=f"/{name}"))
        admin_url = urlunsplit(parts._replace(path="/postgres"))
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')  # type: ignore[arg-type]
    site = Installation(data_dir=data_dir, database_url=database_url, variables=variables)
    try:
        site.run(
            "from django.core.management import call_command; "
            "call_command('migrate', verbosity=0); "
            "from dateline.editions.factories import english_edition; "
            "english_edition(agency_name='Caucasian Courier', label_banner='LABEL')"
        )
        yield site
    finally:
        if database_url:
            with psycopg.connect(admin_url, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # type: ignore[arg-type]


def wait_for(condition, *, timeout: float, every: float = 0.05, what: str = "it"):
    """The first true value of `condition()` within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(every)
    raise AssertionError(f"{what} did not happen within {timeout} s")


def page(port: int, path: str = "/en/") -> int | None:
    """The status of GET `path` on the server at `port`, or None while it is not up."""
    connection = http.client.HTTPConnection(HOST, port, timeout=5)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status
    except ConnectionError:
        return None
    finally:
        connection.close()


def stop(process: subprocess.Popen, *, within: float) -> float:
    """SIGTERM to `process`; the seconds it took to exit (it is killed if it outlasts `within`,
    and the test fails)."""
    started = time.monotonic()
    process.terminate()
    try:
        process.wait(timeout=within)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)
        raise AssertionError(f"still running {within} s after SIGTERM") from None
    return time.monotonic() - started
