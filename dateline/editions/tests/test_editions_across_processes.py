"""Two real server processes on one SQLite database and no Redis, as a small install runs: an
edition saved from a third process shows on both within a second."""

import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import dateline

# The code under test, wherever this checkout lives.
PROJECT_DIR = Path(dateline.__file__).resolve().parent.parent
HOST = "127.0.0.1"


def _environment(data_dir: Path) -> dict[str, str]:
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in {"REDIS_URL", "DATABASE_URL", "DJANGO_SETTINGS_MODULE", "PYTHONPATH"}
    }
    return environment | {
        "DJANGO_SETTINGS_MODULE": "dateline.settings.dev",
        "DATA_DIR": str(data_dir),
        "PYTHONPATH": str(PROJECT_DIR),
        "DEBUG": "false",
    }


def _dateline(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "dateline.cli", *arguments]


def _run(environment: dict[str, str], code: str) -> None:
    subprocess.run(  # noqa: S603 (our own interpreter and code)
        _dateline("shell", "--no-imports", "-c", code),
        env=environment,
        cwd=PROJECT_DIR,
        check=True,
        timeout=120,
        capture_output=True,
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def _front_page(port: int) -> str | None:
    """/en/ from the server on `port`, or None while it is not up."""
    connection = http.client.HTTPConnection(HOST, port, timeout=5)
    try:
        connection.request("GET", "/en/")
        response = connection.getresponse()
        body = response.read().decode()
        assert response.status == 200, (port, response.status, body[:500])
        return body
    except ConnectionError:
        return None
    finally:
        connection.close()


def _wait_until_up(server: subprocess.Popen, port: int, log: Path) -> str:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert server.poll() is None, f"server on {port} exited: {log.read_text()[-2000:]}"
        if (body := _front_page(port)) is not None:
            return body
        time.sleep(0.1)
    raise AssertionError(f"server on {port} did not answer within 30 s: {log.read_text()[-2000:]}")


def test_an_edition_saved_anywhere_shows_on_every_server_within_a_second(tmp_path):
    environment = _environment(tmp_path)
    _run(
        environment,
        "from django.core.management import call_command; call_command('migrate', verbosity=0); "
        "from dateline.editions.factories import english_edition; "
        "english_edition(agency_name='Caucasian Courier', label_banner='FIRST LABEL')",
    )
    servers: list[tuple[subprocess.Popen, int]] = []
    try:
        for _ in range(2):
            port = _free_port()
            log = tmp_path / f"server-{port}.log"
            with log.open("w") as output:
                server = subprocess.Popen(  # noqa: S603 (our own interpreter and code)
                    _dateline("serve", "--host", HOST, "--port", str(port), "--workers", "1")
                    + ["--no-scheduler"],
                    env=environment,
                    cwd=PROJECT_DIR,
                    stdout=output,
                    stderr=subprocess.STDOUT,
                )
            servers.append((server, port))
        for server, port in servers:
            assert "FIRST LABEL" in _wait_until_up(server, port, tmp_path / f"server-{port}.log")

        # An editor in a third process, as the admin saves it.
        _run(
            environment,
            "from django.db import transaction; from dateline.editions.models import Edition; "
            "edition = Edition.objects.get(slug='en'); edition.label_banner = 'SECOND LABEL'; "
            "transaction.atomic()(edition.save)()",
        )
        saved_at = time.monotonic()

        waiting = {port for _server, port in servers}
        while waiting and time.monotonic() - saved_at < 1.5:
            waiting = {port for port in waiting if "SECOND LABEL" not in (_front_page(port) or "")}
            time.sleep(0.05)
        assert not waiting, f"servers on {waiting} still show the old banner after 1.5 s"
    finally:
        for server, _port in servers:
            server.terminate()
        for server, _port in servers:
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=10)
