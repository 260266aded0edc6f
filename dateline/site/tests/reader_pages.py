"""The demo agency served as `dateline serve` serves it, with every type of reader page found by
following the site's own links, for the checks that look at whole pages (layout, accessibility,
valid HTML), and the Node checkers those use.

The server runs in its own process on its own SQLite database in a temporary DATA_DIR, so it
never sees (or flushes) the test database, on SQLite or PostgreSQL alike."""

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from lxml import html

from dateline.demo import content

PROJECT_DIR = Path(__file__).resolve().parents[3]
CHECKERS_DIR = PROJECT_DIR / "checks" / "node_modules"
DATELINE = str(Path(sys.executable).with_name("dateline"))
# Enough for archive days, authors, lead photos and full front pages, built in seconds.
DEMO_STORIES, DEMO_DAYS = 40, 6
EDITIONS = ("en", "ru")
STORY_PATH = re.compile(r"/news/\d+/[^/]+/$")
ARCHIVE_YEAR = re.compile(r"/archive/\d{4}/$")
ARCHIVE_MONTH = re.compile(r"/archive/\d{4}/\d{1,2}/$")
ARCHIVE_DAY = re.compile(r"/archive/\d{4}/\d{1,2}/\d{1,2}/$")
LEAD_PHOTO = '//*[contains(concat(" ", normalize-space(@class), " "), " lead-photo ")]//img'
AUTHOR_LINK = '//a[contains(@href, "/authors/")]'
# Settings the test run may carry that would point the demo server at the test's services.
TEST_ONLY_ENV = {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DJANGO_SETTINGS_MODULE"}


def checker_path(relative: str) -> Path:
    """A file of the Node checkers `make test` installs into checks/node_modules."""
    path = CHECKERS_DIR / relative
    if not path.exists():
        pytest.fail(f"{path} is missing: run `make test`, or `npm ci --ignore-scripts` in checks/")
    return path


@dataclass(frozen=True)
class ReaderPage:
    name: str  # the page type and its edition: "story-en"
    url: str
    status: int = 200


@dataclass(frozen=True)
class DemoSite:
    base_url: str
    pages: dict[str, ReaderPage]
    missing: dict[str, str]  # page name: why the demo offers no such page to check

    def page(self, name: str) -> ReaderPage:
        if name in self.missing:
            pytest.fail(f"No {name} page to check: {self.missing[name]}")
        return self.pages[name]


def page_fetch(url: str) -> tuple[int, str]:
    """The status and text of a page, error pages included."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (our loopback)
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


def _links(url: str | None, pattern: re.Pattern[str]) -> list[str]:
    if url is None:
        return []
    status, text = page_fetch(url)
    if status != 200:
        return []
    hrefs = (urljoin(url, href) for href in html.fromstring(text).xpath("//a/@href"))
    return list(dict.fromkeys(h for h in hrefs if pattern.search(urlsplit(h).path)))


def _story_and_author(base_url: str, edition: str) -> tuple[str | None, str | None]:
    """A story with a lead photo and a link to an author's page (else any story with a lead
    photo), and that author page's address."""
    with_photo = None
    for story_url in _links(f"{base_url}/{edition}/news/", STORY_PATH)[:40]:
        status, text = page_fetch(story_url)
        if status != 200:
            continue
        document = html.fromstring(text)
        if not document.xpath(LEAD_PHOTO):
            continue
        with_photo = with_photo or story_url
        if authors := document.xpath(AUTHOR_LINK):
            return story_url, urljoin(story_url, authors[0].get("href"))
    return with_photo, None


def _archive(base_url: str, edition: str) -> dict[str, str | None]:
    index = f"{base_url}/{edition}/archive/"
    year = next(iter(_links(index, ARCHIVE_YEAR)), None)
    month = next(iter(_links(year, ARCHIVE_MONTH)), None)
    day = next(iter(_links(month, ARCHIVE_DAY)), None)
    return {"archive": index, "archive-year": year, "archive-month": month, "archive-day": day}


def _search_query(base_url: str, edition: str) -> str | None:
    """Words that find stories: the place in the latest story's headline ("Baku: …")."""
    status, text = page_fetch(f"{base_url}/{edition}/news/")
    if status != 200:
        return None
    headlines = html.fromstring(text).xpath('//li[contains(@class, "story-item")]/a/text()')
    return headlines[0].partition(":")[0] if headlines else None


def reader_pages_find(base_url: str) -> DemoSite:
    """Every reader page type in both editions."""
    pages: dict[str, ReaderPage] = {}
    missing: dict[str, str] = {}
    region, topic = content.REGIONS[0][0], content.TOPICS[0][0]
    for edition in EDITIONS:
        root = f"{base_url}/{edition}"
        found: dict[str, str | None] = {
            "front": f"{root}/",
            "region": f"{root}/{region}/",
            "topic": f"{root}/{topic}/",
            "all-news": f"{root}/news/",
            **_archive(base_url, edition),
        }
        found["story"], found["author"] = _story_and_author(base_url, edition)
        query = _search_query(base_url, edition)
        found["search"] = query and f"{root}/search/?{urlencode({'q': query})}"
        found["search-nothing"] = f"{root}/search/?q=zzyzx+qwv"
        for kind, url in found.items():
            name = f"{kind}-{edition}"
            if url is not None:
                pages[name] = ReaderPage(name, url)
            elif kind == "story":
                missing[name] = f"no story with a lead photo is linked from {root}/news/"
            elif kind == "search":
                missing[name] = f"no story headline on {root}/news/ to search for"
            elif kind == "author":
                missing[name] = (
                    f"no link to an author page ({AUTHOR_LINK}) on any story with a lead photo "
                    f"linked from {root}/news/"
                )
            else:
                missing[name] = (
                    f"no link to an {kind} page from the level above it, {root}/archive/"
                )
        pages[f"404-{edition}"] = ReaderPage(f"404-{edition}", f"{root}/no-such-page/", 404)
        # A control character, which no link holds: the edition's 400 page.
        pages[f"400-{edition}"] = ReaderPage(f"400-{edition}", f"{root}/%01/", 400)
    return DemoSite(base_url, pages, missing)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _demo_build(env: dict[str, str], log: Path) -> None:
    """`dateline migrate` and `dateline demo`, in one process to start Django once."""
    build = (
        "import django; django.setup(); from django.core.management import call_command; "
        "call_command('migrate', interactive=False, verbosity=0); "
        f"call_command('demo', stories={DEMO_STORIES}, days={DEMO_DAYS})"
    )
    with log.open("a") as out:
        result = subprocess.run(  # noqa: S603 (this interpreter, our own code)
            [sys.executable, "-c", build],
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**env, "DJANGO_SETTINGS_MODULE": "dateline.settings.dev"},
            cwd=PROJECT_DIR,
        )
    if result.returncode != 0:
        pytest.fail(f"The demo build failed:\n{log.read_text()[-3000:]}")


@contextlib.contextmanager
def demo_served(data_dir: Path) -> Iterator[DemoSite]:
    """`dateline migrate`, `dateline demo` and `dateline serve` in `data_dir`, on a free port."""
    log = data_dir / "server.log"
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = {key: value for key, value in os.environ.items() if key not in TEST_ONLY_ENV}
    env.update(DATA_DIR=str(data_dir), BASE_URL=base_url, DEBUG="False")
    _demo_build(env, log)
    with log.open("a") as out:
        server = subprocess.Popen(  # noqa: S603
            [DATELINE, "serve", f"--port={port}", "--workers=2", "--no-scheduler"],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=PROJECT_DIR,
            start_new_session=True,  # so its workers are found and stopped with it
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                pytest.fail(f"`dateline serve` exited:\n{log.read_text()[-3000:]}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"`dateline serve` did not listen in 60 s:\n{log.read_text()}")
                time.sleep(0.2)
        yield reader_pages_find(base_url)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
