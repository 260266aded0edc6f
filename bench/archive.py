"""Benchmark of Dateline at archive scale: deep "All news" pages, the date archive and live events.

Not a test: it prints figures for bench/RESULTS.md. It loads synthetic stories over 20 years
(`dateline migrate`, `dateline bulk-load --stories N --seed S`) into SQLite in a temporary
DATA_DIR, or into a PostgreSQL database it creates (and drops after, unless --keep-data), or
uses the DATA_DIR given with --data-dir as it is, then

1. reports the load's speed (the command's own figure and wall time) and the database's size;
2. times pages through Django's test client (DEBUG off, locmem cache, no page cache), requests
   interleaved round-robin so other load on the machine hits every page alike: All news first
   page; All news 50,000 stories deep by cursor; regions' All news, first page and 15+ years
   back; archive days 15 years back; month calendars 15 years back and recent; 50 story pages
   over the 20 years; each as readers get it between changes (kept, stories.page_data) and as
   the first view after another story's change (built again; story pages also after their own).
   Targets: p95 under 50 ms for each; the deep page built afresh at most 1.3x the first page
   (median and p95); the same number of queries at any depth. A failing page's slowest query
   is shown with its plan;
3. serves the database with `dateline serve --workers 2`, opens 200 Server-Sent Events streams
   on /en/news/events/, publishes 10 stories one second apart from another process
   (`dateline shell`, StoryFactory) and times every delivery, without Redis (each server
   process polls the story outbox) and with REDIS_URL (Redis pub/sub). Target: p95 under 1 s,
   counted from the publish's commit and, more strictly, from the start of the StoryFactory
   call (which includes creating the draft and the search index updates).

    .venv/bin/python bench/archive.py [--stories 1000000] [--seed 1] [--requests 200] [--keep-data]
    .venv/bin/python bench/archive.py --database-url postgres://postgres@127.0.0.1:5432/bench_archive
    .venv/bin/python bench/archive.py --data-dir /tmp/dateline-bench-xyz  # a kept load, as it is
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import html
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from harness import (
    DATELINE,
    OTHER_CHANGE,
    OWN_CHANGE,
    PROJECT_DIR,
    SERVER_WORKERS,
    BenchError,
    Database,
    PageFigures,
    asgi_server,
    bench_database,
    change_happens,
    cpu_pressure,
    dateline_run,
    machine_line,
    p95,
    page_get,
    queries_captured,
    query_counts,
    test_client,
    verdict,
)

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from django.test import Client

    from dateline.editions.models import Edition
    from dateline.stories.models import Story

EDITION_SLUG = "en"
DEPTH = 50_000
DEEP_VARIANTS = 10  # cursors at DEPTH, DEPTH + DEEP_STEP, ...: the same depth, other rows
DEEP_STEP = 17
YEARS_BACK = 15
REGION_VARIANTS = 5
DAY_VARIANTS = 10
MONTH_VARIANTS = 5
RECENT_MONTHS = 3
STORY_SAMPLE = 50
PAGE_SIZE = 30  # dateline.live.selectors.PAGE_SIZE, checked when the cursor is verified
P95_TARGET_MS = 50.0
RATIO_TARGET = 1.3
YEAR = timedelta(days=365.25)

CLIENTS = 200
PUBLISHES = 10
PUBLISH_SPACING_S = 1.0
LIVE_TARGET_S = 1.0
REDIS_URL = "redis://127.0.0.1:6379/0"
REDIS_CHANNEL = "dateline:story-changes"  # dateline.live.broker.CHANNEL
EVENTS_PATH = f"/{EDITION_SLUG}/news/events/"
READY_TIMEOUT_S = 60
DELIVERY_GRACE_S = 10

LOAD_SUMMARY = re.compile(r"^(\d+) stories in ([\d.]+) s \((\d+) stories/s\).*$", re.MULTILINE)

# Run by `dateline shell -c` in its own process: publishes through the services as the newsroom
# would, and prints for each story the time before the call, the time the `published` signal
# fired (inside story_publish's transaction, just before it commits; the outbox row written in
# that transaction is followed after commit) and the time the call returned.
PUBLISHER = """
import json
import time
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.signals import published
from dateline.editions.models import Edition
from dateline.stories.factories import StoryFactory
from dateline.stories.models import Story

locale = Edition.objects.get(slug={slug!r}).locale
signalled = {{}}


def on_published(instance, **kwargs):
    signalled.setdefault(instance.pk, time.time())


published.connect(on_published, sender=Story, weak=False)
for number in range({count}):
    time.sleep({spacing})
    with CaptureQueriesContext(connection) as captured:
        called = time.time()
        story = StoryFactory(locale=locale, headline=f"Live benchmark story {{number + 1}} ({tag})")
        returned = time.time()
    queries = captured.captured_queries
    slowest = max(queries, key=lambda query: float(query["time"]))
    published_story = {{
        "story_id": story.pk,
        "called": called,
        "committing": signalled[story.pk],
        "returned": returned,
        "queries": len(queries),
        "sql_s": sum(float(query["time"]) for query in queries),
        "slowest_s": float(slowest["time"]),
        "slowest_sql": slowest["sql"],
    }}
    print("PUBLISHED", json.dumps(published_story), flush=True)
"""


@dataclass
class LoadFigures:
    stories: int
    summary: str  # the command's own last line
    command_rate: float | None  # stories/s as the command counted them
    command_s: float | None
    wall_s: float  # the bulk-load process, start to exit
    migrate_s: float


@dataclass
class Row(PageFigures):
    key: str = ""
    note: str = ""

    @property
    def slowest_url(self) -> str:
        """The URL with the highest median time (the rows' requests cycle through the URLs)."""
        times: dict[str, list[float]] = {}
        for i, duration in enumerate(self.durations_s):
            times.setdefault(self.urls[i % len(self.urls)], []).append(duration)
        return max(times, key=lambda url: statistics.median(times[url]))


@dataclass
class Publish:
    story_id: int
    called: float
    committing: float  # the `published` signal, just before the commit
    returned: float
    queries: int  # of the StoryFactory call: story_create and story_publish
    sql_s: float
    slowest_s: float
    slowest_sql: str
    latencies_s: list[float] = field(default_factory=list)  # from `committing`, per client
    missed: int = 0

    @property
    def last_s(self) -> float:
        return max(self.latencies_s) if self.latencies_s else float("inf")


@dataclass
class LiveRun:
    label: str
    clients: int
    ready: int
    ready_s: float
    publishes: list[Publish]
    errors: list[str]

    @property
    def latencies_s(self) -> list[float]:
        return [lat for publish in self.publishes for lat in publish.latencies_s]

    @property
    def latencies_from_call_s(self) -> list[float]:
        """Counted from before the story was even created: an upper bound."""
        return [
            lat + publish.committing - publish.called
            for publish in self.publishes
            for lat in publish.latencies_s
        ]

    @property
    def missed(self) -> int:
        return sum(publish.missed for publish in self.publishes) + (
            (self.clients - self.ready) * len(self.publishes)
        )


# -- loading ------------------------------------------------------------------------------------


class Loader:
    """Builds the database (as harness.bench_database asks) and keeps the figures of the load."""

    def __init__(self, stories: int, seed: int) -> None:
        self.stories, self.seed = stories, seed
        self.figures: LoadFigures | None = None

    def __call__(self, data_dir: Path, label: str) -> None:
        log = data_dir / "build.log"
        started = time.perf_counter()
        dateline_run("migrate", "--no-input", log=log)
        migrate_s = time.perf_counter() - started
        command = ["bulk-load", "--stories", str(self.stories), "--seed", str(self.seed)]
        print(
            f"Loading {self.stories} stories ({label}) in {data_dir}: dateline {' '.join(command)}"
        )
        started = time.perf_counter()
        output = dateline_run(*command, log=log)
        wall_s = time.perf_counter() - started
        summary = LOAD_SUMMARY.search(output)
        self.figures = LoadFigures(
            stories=int(summary.group(1)) if summary else self.stories,
            summary=summary.group(0).strip() if summary else output.strip().splitlines()[-1],
            command_rate=float(summary.group(3)) if summary else None,
            command_s=float(summary.group(2)) if summary else None,
            wall_s=wall_s,
            migrate_s=migrate_s,
        )
        print(f"  {self.figures.summary}")
        print(
            f"  wall time {wall_s:.0f} s ({self.figures.stories / wall_s:.0f} stories/s), "
            f"migrate {migrate_s:.0f} s before it"
        )


def planner_statistics() -> str:
    """On PostgreSQL, whether the big tables have been analyzed: right after a bulk load, with
    autovacuum off or not yet run, the planner has no row counts and may pick slow plans."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return ""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, coalesce(last_analyze, last_autoanalyze) IS NOT NULL "
            "FROM pg_stat_user_tables WHERE relname = ANY(%s) ORDER BY relname",
            [["stories_story", "stories_story_regions", "wagtailsearch_indexentry"]],
        )
        analyzed = cursor.fetchall()
        cursor.execute("SHOW autovacuum")
        autovacuum = cursor.fetchone()[0]
    never = [name for name, done in analyzed if not done]
    state = f"never analyzed: {', '.join(never)}" if never else "all analyzed"
    return f"planner statistics {state} (autovacuum {autovacuum})"


def database_size() -> str:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            return f"{cursor.fetchone()[0] / 1e6:.0f} MB (pg_database_size)"
    path = Path(connection.settings_dict["NAME"])
    sizes = {
        suffix: (path.with_name(path.name + suffix)).stat().st_size
        for suffix in ("", "-wal")
        if path.with_name(path.name + suffix).exists()
    }
    parts = " + ".join(f"{name or 'main'} {size / 1e6:.0f} MB" for name, size in sizes.items())
    return f"{sum(sizes.values()) / 1e6:.0f} MB ({parts}: {path.name})"


def stories_counted() -> str:
    from django.db.models import Count

    from dateline.editions.models import Edition
    from dateline.stories.models import Story

    slugs = dict(Edition.objects.values_list("locale_id", "slug"))
    counts = Story.objects.filter(live=True).values("locale_id").annotate(n=Count("id")).order_by()
    return ", ".join(
        f"{slugs.get(row['locale_id'], row['locale_id'])} {row['n']}"
        for row in sorted(counts, key=lambda r: str(slugs.get(r["locale_id"])))
    )


# -- the pages measured -------------------------------------------------------------------------


def _listing(edition: Edition) -> QuerySet[Story]:
    from dateline.stories.selectors import stories_listing

    return stories_listing(edition=edition)


def _path(url: str) -> str:
    """The path and query of an address: pages give absolute ones, the test client wants these."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _root(edition: Edition) -> str:
    from dateline.editions.links import edition_root

    return _path(edition_root(edition))


def _news_url(edition: Edition, **query: str) -> str:
    from django.utils.http import urlencode

    return f"{_root(edition)}news/" + (f"?{urlencode(query)}" if query else "")


def _cursor_text(story: Story) -> str:
    from dateline.stories.paging import Cursor

    return str(Cursor.of(story))


def _month_url(edition: Edition, day: date) -> str:
    return f"{_root(edition)}archive/{day.year}/{day.month:02d}/"


def _months_back(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def deep_rows(edition: Edition) -> tuple[Row, int]:
    """All news pages DEPTH stories deep, by cursors computed with one offset query each."""
    listing = _listing(edition)
    total = listing.count()
    depth = DEPTH
    note = f"cursor {DEPTH:,} deep"
    if total < DEPTH + DEEP_STEP * DEEP_VARIANTS + 2 * PAGE_SIZE + 1:
        depth = total // 2
        note = f"only {total:,} stories in the edition: cursor {depth:,} deep, not {DEPTH:,}"
    urls = [
        _news_url(edition, before=_cursor_text(listing[depth + i * DEEP_STEP]))
        for i in range(DEEP_VARIANTS)
    ]
    return Row(f"All news, {depth:,} deep", urls, key="b", note=note), depth


def deep_cursor_verify(client: Client, edition: Edition, depth: int) -> str:
    """The page at the cursor of the story at `depth` shows the next PAGE_SIZE stories, and its
    `older` link the PAGE_SIZE after those, as walking the pages would."""
    listing = _listing(edition)
    expected = list(listing.values_list("id", flat=True)[depth + 1 : depth + 2 * PAGE_SIZE + 1])
    url = _news_url(edition, before=_cursor_text(listing[depth]))
    text = page_get(client, url).text
    shown = [int(pk) for pk in re.findall(r'data-story="(\d+)"', text)]
    if shown != expected[:PAGE_SIZE]:
        raise BenchError(f"{url} does not show the stories {depth + 1}-{depth + PAGE_SIZE}.")
    older = re.search(r'<a rel="next" href="([^"]+)"', text)
    if older is None:
        raise BenchError(f"{url} has no link to older stories.")
    older_url = _path(html.unescape(older.group(1)))
    shown = [int(pk) for pk in re.findall(r'data-story="(\d+)"', page_get(client, older_url).text)]
    if shown != expected[PAGE_SIZE:]:
        raise BenchError(f"{older_url}, the older link of {url}, shows other stories.")
    return f"{url} shows stories {depth + 1:,}-{depth + PAGE_SIZE:,}; its older link {older_url}"


def region_rows(edition: Edition, now: datetime) -> tuple[Row, Row]:
    """A few regions' first pages, and their pages from a cursor 15 and 16 years back."""
    from dateline.taxonomy.models import RegionPage

    regions = list(
        RegionPage.objects.live().filter(locale_id=edition.locale_id).order_by("pk")[:50]
    )
    if not regions:
        raise BenchError(f"The {edition.slug} edition has no regions.")
    # Spread over the list, so that big and small regions both come in.
    step = max(len(regions) // REGION_VARIANTS, 1)
    picked = regions[::step][:REGION_VARIANTS]
    deep, first = [], []
    for region in picked:
        first.append(_news_url(edition, region=region.slug))
        for years in (YEARS_BACK, YEARS_BACK + 1):
            story = (
                _listing(edition)
                .filter(regions=region, first_published_at__lt=now - years * YEAR)
                .first()
            )
            if story is not None:
                deep.append(_news_url(edition, region=region.slug, before=_cursor_text(story)))
    if not deep:
        raise BenchError(f"No region of {edition.slug} has stories {YEARS_BACK} years back.")
    slugs = ", ".join(region.slug for region in picked)
    return (
        Row(
            "region, first page",
            first,
            key="c0",
            note=f"{len(first)} regions ({slugs}); the shallow page (c) is compared with",
        ),
        Row(
            f"region, {YEARS_BACK}+ years back",
            deep,
            key="c",
            note=f"{len(deep)} cursors 15-16 years back in {len(picked)} regions",
        ),
    )


def archive_rows(edition: Edition, now: datetime) -> list[Row]:
    from dateline.editions.clock import local_day
    from dateline.stories.models import Story

    live = Story.objects.public(edition)
    days: list[date] = []
    for i in range(DAY_VARIANTS):
        moment = now - YEARS_BACK * YEAR - timedelta(days=3 * i)
        published = (
            live.filter(first_published_at__lt=moment)
            .order_by("-first_published_at")
            .values_list("first_published_at", flat=True)
            .first()
        )
        if published is not None:
            days.append(local_day(published, edition))
    days = list(dict.fromkeys(days))
    if not days:
        raise BenchError(f"{edition.slug} has no stories {YEARS_BACK} years back.")
    first_published = (
        live.order_by("first_published_at").values_list("first_published_at", flat=True).first()
    )
    first_month = local_day(first_published, edition).replace(day=1)
    old_month = days[0].replace(day=1)
    old_months = [
        month
        for month in (_months_back(old_month, i) for i in range(MONTH_VARIANTS))
        if month >= first_month
    ]
    this_month = local_day(now, edition).replace(day=1)
    recent = [_months_back(this_month, i) for i in range(RECENT_MONTHS)]
    day_urls = [
        f"{_root(edition)}archive/{day.year}/{day.month:02d}/{day.day:02d}/" for day in days
    ]
    years = sorted({first_month.year, days[0].year, this_month.year})
    return [
        Row("archive index", [f"{_root(edition)}archive/"], key="g"),
        Row(
            "archive years",
            [f"{_root(edition)}archive/{year}/" for year in years],
            key="h",
            note=f"years {', '.join(map(str, years))}",
        ),
        Row(
            f"archive day, {YEARS_BACK} years back",
            day_urls,
            key="d",
            note=f"{len(days)} days, {days[-1]} to {days[0]}",
        ),
        Row(
            f"archive month, {YEARS_BACK} years back",
            [_month_url(edition, month) for month in old_months],
            key="e",
            note=f"{len(old_months)} months to {old_month:%Y-%m}",
        ),
        Row(
            "archive month, recent",
            [_month_url(edition, month) for month in recent],
            key="e2",
            note=f"{len(recent)} months to {this_month:%Y-%m} (the current one)",
        ),
    ]


def story_row(now: datetime) -> Row:
    """STORY_SAMPLE stories spread evenly over the years, from every edition in turn."""
    from dateline.editions.models import Edition
    from dateline.stories.models import Story

    editions = list(Edition.objects.order_by("sort_order", "pk"))
    # Per edition, so that each is a seek on the (locale, time) index.
    oldest = [
        Story.objects.public(edition)
        .order_by("first_published_at")
        .values_list("first_published_at", flat=True)
        .first()
        for edition in editions
    ]
    span = now - min((moment for moment in oldest if moment is not None), default=now)
    urls: list[str] = []
    for i in range(STORY_SAMPLE):
        edition = editions[i % len(editions)]
        story = (
            Story.objects.public(edition)
            .filter(first_published_at__lte=now - span * (i + 0.5) / STORY_SAMPLE)
            .order_by("-first_published_at", "-id")
            .first()
        )
        if story is not None:
            urls.append(_path(story.url))
    urls = list(dict.fromkeys(urls))
    return Row(
        "story",
        urls,
        key="f",
        note=f"{len(urls)} stories over {span.days / 365.25:.0f} years, "
        f"editions {', '.join(e.slug for e in editions)}",
    )


def rows_build(client: Client) -> tuple[list[Row], str]:
    from django.utils import timezone

    from dateline.editions.models import Edition

    edition = Edition.objects.get(slug=EDITION_SLUG)
    now = timezone.now()
    deep, depth = deep_rows(edition)
    region_first, region_deep = region_rows(edition, now)
    rows = [
        Row("All news, first page", [_news_url(edition)], key="a"),
        deep,
        region_first,
        region_deep,
        *archive_rows(edition, now),
        story_row(now),
    ]
    # The same pages as the first reader after a change gets them: every list built again
    # after another story's change; a story page also after its own.
    changed = [
        replace(row, key=f"{row.key}*", before_each=OTHER_CHANGE, durations_s=[], queries={})
        for row in rows
    ]
    story = rows[-1]
    changed.append(
        replace(story, key=f"{story.key}**", before_each=OWN_CHANGE, durations_s=[], queries={})
    )
    return rows + changed, deep_cursor_verify(client, edition, depth)


def rows_time_and_count(client: Client, rows: list[Row], requests: int) -> None:
    """`requests` GETs per row, the rows taken in turn so that other work on the machine falls
    on all of them alike. Queries are counted in a separate pass (capturing them costs time)."""
    for row in rows:
        for url in row.urls:
            page_get(client, url)  # compiled templates, loaded editions, warm database pages
    # One pass per kind of change, so that one row's change never falls before another's GET.
    for before_each in dict.fromkeys(row.before_each for row in rows):
        passing = [row for row in rows if row.before_each == before_each]
        for i in range(requests):
            for row in passing:
                url = row.urls[i % len(row.urls)]
                change_happens(before_each)
                started = time.perf_counter()
                page_get(client, url)
                row.durations_s.append(time.perf_counter() - started)
    for row in rows:
        row.queries = query_counts(client, row.urls, row.before_each)


def slowest_query_plan(client: Client, url: str) -> list[str]:
    """The slowest query of a GET, its time, and the database's plan for it."""
    from django.db import connection

    page_get(client, url)
    change_happens(OWN_CHANGE)  # the page built, not kept
    captured = queries_captured(client, url)
    slowest = max(captured, key=lambda query: float(query["time"]))
    lines = [f"slowest of {len(captured)} queries, {float(slowest['time']) * 1000:.1f} ms:"]
    lines.append(f"  {slowest['sql']}")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {slowest['sql']}")
            lines += [f"  {row[0]}" for row in cursor.fetchall()]
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {slowest['sql']}")
            depth: dict[int, int] = {0: 0}
            for node, parent, _, detail in cursor.fetchall():
                depth[node] = depth.get(parent, 0) + 1
                lines.append(f"  {'  ' * depth[node]}{detail}")
    return lines


# -- live events --------------------------------------------------------------------------------


@dataclass
class Reader:
    """One reader's open All news page, as far as its event stream goes."""

    ready_at: float | None = None
    deliveries: dict[int, float] = field(default_factory=dict)  # story id: time received
    error: str = ""


def _sse_messages(buffer: bytearray) -> list[dict[str, str]]:
    """Complete messages taken off the front of `buffer`, as field: value."""
    messages = []
    while (end := buffer.find(b"\n\n")) >= 0:
        text = buffer[:end].decode()
        del buffer[: end + 2]
        message: dict[str, str] = {}
        for line in text.split("\n"):
            name, _, value = line.partition(":")
            message[name] = value.removeprefix(" ")
        messages.append(message)
    return messages


async def reader_follow(reader: Reader, port: int, stop: asyncio.Event) -> None:
    """Opens the event stream and notes the time each published story arrives, until `stop`."""
    try:
        stream, writer = await asyncio.open_connection("127.0.0.1", port)
    except OSError as error:
        reader.error = f"connect: {error}"
        return
    try:
        writer.write(
            f"GET {EVENTS_PATH} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            "Accept: text/event-stream\r\nCache-Control: no-cache\r\n\r\n".encode()
        )
        await writer.drain()
        head = (await stream.readuntil(b"\r\n\r\n")).decode("latin-1")
        if not head.startswith("HTTP/1.1 200"):
            reader.error = head.splitlines()[0]
            return
        chunked = "transfer-encoding: chunked" in head.lower()
        buffer = bytearray()
        stopping = asyncio.ensure_future(stop.wait())
        while not stop.is_set():
            if chunked:
                read = asyncio.ensure_future(_chunk_read(stream))
            else:
                read = asyncio.ensure_future(stream.read(65536))
            done, _ = await asyncio.wait({read, stopping}, return_when=asyncio.FIRST_COMPLETED)
            if read not in done:
                read.cancel()
                break
            data = read.result()
            received = time.time()
            if not data:
                reader.error = reader.error or "the server closed the stream"
                break
            buffer += data
            for message in _sse_messages(buffer):
                if "retry" in message and reader.ready_at is None:
                    reader.ready_at = received
                if message.get("event") == "published":
                    story_id = json.loads(message["data"])["story_id"]
                    reader.deliveries.setdefault(story_id, received)
        stopping.cancel()
    except (OSError, asyncio.IncompleteReadError, ValueError) as error:
        reader.error = reader.error or f"{type(error).__name__}: {error}"
    finally:
        writer.close()
        with contextlib.suppress(OSError):
            await writer.wait_closed()


async def _chunk_read(stream: asyncio.StreamReader) -> bytes:
    size = int((await stream.readline()).split(b";")[0], 16)
    data = await stream.readexactly(size + 2)  # the chunk and its CRLF; 0 is the last chunk
    return data[:-2]


async def _publish(log: Path, env: dict[str, str], tag: str) -> list[Publish]:
    code = PUBLISHER.format(slug=EDITION_SLUG, count=PUBLISHES, spacing=PUBLISH_SPACING_S, tag=tag)
    with log.open("a") as errors:
        process = await asyncio.create_subprocess_exec(
            DATELINE,
            "shell",
            "-c",
            code,
            stdout=asyncio.subprocess.PIPE,
            stderr=errors,
            cwd=PROJECT_DIR,
            env={**os.environ, **env},
        )
        publishes = []
        assert process.stdout is not None
        async for line in process.stdout:
            kind, _, text = line.decode().partition(" ")
            if kind == "PUBLISHED":
                publishes.append(Publish(**json.loads(text)))
        if await process.wait() != 0 or len(publishes) != PUBLISHES:
            raise BenchError(f"The publisher failed ({process.returncode}); see {log}.")
    return publishes


async def live_measure(
    label: str, port: int, clients: int, log: Path, env: dict[str, str], tag: str
) -> LiveRun:
    readers = [Reader() for _ in range(clients)]
    stop = asyncio.Event()
    opened = time.time()
    tasks = [asyncio.create_task(reader_follow(reader, port, stop)) for reader in readers]
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if all(reader.ready_at is not None or reader.error for reader in readers):
            break
        await asyncio.sleep(0.1)
    ready = [reader for reader in readers if reader.ready_at is not None]
    ready_s = max((reader.ready_at or opened) for reader in ready) - opened if ready else 0.0
    print(f"  {len(ready)} of {clients} streams open and past `retry:` in {ready_s:.1f} s")
    publishes = await _publish(log, env, tag)
    deadline = time.monotonic() + DELIVERY_GRACE_S
    wanted = {publish.story_id for publish in publishes}
    while time.monotonic() < deadline:
        if all(wanted <= reader.deliveries.keys() for reader in ready):
            break
        await asyncio.sleep(0.1)
    stop.set()
    await asyncio.gather(*tasks)
    for publish in publishes:
        for reader in ready:
            if publish.story_id in reader.deliveries:
                publish.latencies_s.append(reader.deliveries[publish.story_id] - publish.committing)
            else:
                publish.missed += 1
    errors = [reader.error for reader in readers if reader.error]
    return LiveRun(label, clients, len(ready), ready_s, publishes, errors)


def redis_listeners() -> int:
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        return int(dict(client.pubsub_numsub(REDIS_CHANNEL)).get(REDIS_CHANNEL.encode(), 0))
    finally:
        client.close()


def live_test(database: Database, clients: int) -> list[LiveRun]:
    runs = []
    variants: list[tuple[str, dict[str, str]]] = [
        ("no Redis: outbox polling", {}),
        (f"REDIS_URL={REDIS_URL}: pub/sub", {"REDIS_URL": REDIS_URL}),
    ]
    for number, (label, env) in enumerate(variants, start=1):
        if "REDIS_URL" in env:
            others = redis_listeners()
            if others:
                print(f"  note: {others} other subscriber(s) on {REDIS_CHANNEL} (other servers)")
        log = database.data_dir / f"live-{number}.log"
        with asgi_server(log, f"/{EDITION_SLUG}/news/", env=env) as (base_url, _):
            port = int(base_url.rsplit(":", 1)[1])
            print(
                f"\nLive events, {label}: dateline serve --workers {SERVER_WORKERS} on {base_url}, "
                f"{clients} readers of {EVENTS_PATH} (CPU pressure {cpu_pressure()})"
            )
            tag = f"run {os.getpid()}-{number}"
            run = asyncio.run(live_measure(label, port, clients, log, env, tag))
        live_print(run)
        runs.append(run)
    return runs


def _stats_ms(values: Sequence[float]) -> str:
    if not values:
        return "no deliveries"
    if len(values) == 1:
        return f"{values[0] * 1000:.0f} ms"
    return (
        f"p50 {statistics.median(values) * 1000:.0f} ms, p95 {p95(values) * 1000:.0f} ms, "
        f"max {max(values) * 1000:.0f} ms"
    )


def live_print(run: LiveRun) -> None:
    first = run.publishes[0].called if run.publishes else 0.0
    for n, publish in enumerate(run.publishes, start=1):
        print(
            f"  publish {n:2} (story {publish.story_id}, at +{publish.committing - first:4.1f} s; "
            f"StoryFactory call {(publish.returned - publish.called) * 1000:.0f} ms, "
            f"{publish.queries} queries, {publish.sql_s * 1000:.0f} ms SQL, commit "
            f"{(publish.committing - publish.called) * 1000:.0f} ms into it): "
            f"{len(publish.latencies_s)} readers, last after "
            f"{publish.last_s * 1000:.0f} ms, {_stats_ms(publish.latencies_s)}"
            + (f", {publish.missed} MISSED" if publish.missed else "")
        )
    if run.errors:
        print(f"  {len(run.errors)} reader errors, e.g. {run.errors[0]}")


def _live_ok(run: LiveRun, latencies: list[float]) -> bool:
    return bool(latencies) and not run.missed and p95(latencies) < LIVE_TARGET_S


# -- report -------------------------------------------------------------------------------------


def report_print(
    database: Database,
    load: LoadFigures | None,
    size: str,
    statistics_note: str,
    counts: str,
    requests: int,
    rows: list[Row],
    verified: str,
    live: list[LiveRun] | None,
    live_note: str,
    plans: Callable[[Row], list[str]],
) -> bool:
    print(f"\n== Archive and live feed: {database.label} ==")
    if load is None:
        print(f"Data: {database.data_dir} as it was (--data-dir): no load")
    else:
        rate = f"{load.command_rate:.0f} stories/s" if load.command_rate else "no figure"
        print(
            f"Load: {load.stories:,} stories; bulk-load's own figure {rate}"
            f"{f' over {load.command_s:.0f} s' if load.command_s else ''}; wall time "
            f"{load.wall_s:.0f} s = {load.stories / load.wall_s:.0f} stories/s "
            f"(migrate {load.migrate_s:.0f} s before it)"
        )
    print(f"Database size: {size}")
    if statistics_note:
        print(f"PostgreSQL {statistics_note}")
    print(f"Live stories by edition: {counts}")
    print(f"Cursor check: {verified}")

    print(
        f"\n{requests} requests per row, interleaved, Django test client, DEBUG off, "
        f"targets p95 < {P95_TARGET_MS:.0f} ms"
    )
    print(
        "Pages are kept between changes (stories.page_data); rows marked * are each request's "
        "first view after\nanother story's change, ** after a change of the story itself."
    )
    print(f"{'':4}{'page':34} {'urls':>4} {'queries':>8} {'median ms':>10} {'p95 ms':>8}")
    for row in rows:
        counts_seen = sorted(set(row.queries.values()))
        queries = "/".join(map(str, counts_seen))
        mark = verdict(row.p95_ms < P95_TARGET_MS)
        print(
            f"{row.key:4}{row.name:34} {len(row.urls):4} {queries:>8} {row.median_ms:10.1f} "
            f"{row.p95_ms:8.1f}  {mark}  {row.note}"
        )
    by_key = {row.key: row for row in rows}
    # Depth is a question for pages built afresh: kept ones cost the same at any depth.
    first, deep = by_key["a*"], by_key["b*"]
    region_first, region_deep = by_key["c0*"], by_key["c*"]
    verdicts = [row.p95_ms < P95_TARGET_MS for row in rows]
    print(
        f"p95 under {P95_TARGET_MS:.0f} ms on every page: {verdict(all(verdicts))}"
        + "".join(
            f"\n  FAIL ({row.key}) {row.name}: p95 {row.p95_ms:.1f} ms"
            for row in rows
            if row.p95_ms >= P95_TARGET_MS
        )
    )
    median_ratio = deep.median_ms / first.median_ms
    p95_ratio = deep.p95_ms / first.p95_ms
    ratio_ok = median_ratio <= RATIO_TARGET and p95_ratio <= RATIO_TARGET
    verdicts.append(ratio_ok)
    print(
        f"Deep/first page (b*)/(a*) at most {RATIO_TARGET}: median {median_ratio:.2f}, "
        f"p95 {p95_ratio:.2f}: {verdict(ratio_ok)}"
    )
    depth_ok = (
        set(deep.queries.values()) == set(first.queries.values())
        and set(region_deep.queries.values()) == set(region_first.queries.values())
        and all(len(set(row.queries.values())) == 1 for row in (first, deep, region_deep))
    )
    verdicts.append(depth_ok)
    print(
        f"Queries independent of depth: (a*) {first.max_queries}, (b*) {deep.max_queries}; "
        f"region first page (c0*) {region_first.max_queries}, (c*) {region_deep.max_queries}: "
        f"{verdict(depth_ok)}"
    )
    for row in rows:
        if row.p95_ms >= P95_TARGET_MS or (row is deep and not ratio_ok):
            print(f"\nQuery plan, ({row.key}) {row.name}, {row.slowest_url}:")
            print("\n".join(f"  {line}" for line in plans(row)))

    if live is None:
        print(f"\nLive events: {live_note}")
        return all(verdicts)
    for run in live:
        lasts = [publish.last_s for publish in run.publishes]
        from_commit = _live_ok(run, run.latencies_s)
        from_call = _live_ok(run, run.latencies_from_call_s)
        calls = [publish.returned - publish.called for publish in run.publishes]
        slowest = max(run.publishes, key=lambda publish: publish.slowest_s)
        print(
            f"\nLive events, {run.label}: {run.ready} of {run.clients} readers, "
            f"{len(run.publishes)} publishes, latency from the publish's commit\n"
            f"  publish to last reader: {_stats_ms(lasts)}\n"
            f"  every delivery ({len(run.latencies_s)}): {_stats_ms(run.latencies_s)}"
            f"{f', {run.missed} missed' if run.missed else ''}\n"
            f"  p95 under {LIVE_TARGET_S:.0f} s from the commit: {verdict(from_commit)}\n"
            f"  every delivery, from the start of the StoryFactory call instead: "
            f"{_stats_ms(run.latencies_from_call_s)}\n"
            f"  p95 under {LIVE_TARGET_S:.0f} s from the start of the call: {verdict(from_call)}\n"
            f"  the StoryFactory call itself (create, then publish): {_stats_ms(calls)}; "
            f"its slowest query {slowest.slowest_s * 1000:.0f} ms:\n    "
            f"{' '.join(slowest.slowest_sql.split())[:600]}"
        )
        verdicts += [from_commit, from_call]
    return all(verdicts)


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=1_000_000, help="stories to load (1000000)")
    parser.add_argument("--seed", type=int, default=1, help="bulk-load's seed (1)")
    parser.add_argument("--requests", type=int, default=200, help="requests per page (200)")
    parser.add_argument(
        "--database-url",
        default="",
        help="e.g. postgres://postgres@127.0.0.1:5432/bench_archive: a database this run "
        "creates and drops (without --data-dir); default: SQLite in DATA_DIR",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        help="use this DATA_DIR (and its database, or --database-url) as it is: no load",
    )
    parser.add_argument(
        "--keep-data",
        action="store_true",
        help="keep the temporary DATA_DIR and the PostgreSQL database (to reuse with --data-dir)",
    )
    parser.add_argument(
        "--skip-load-test", action="store_true", help="no live events test over ASGI"
    )
    parser.add_argument("--clients", type=int, default=CLIENTS, help="event streams (200)")
    args = parser.parse_args()
    if args.requests < 20 or args.stories < 1 or args.clients < 1:
        parser.error("--requests must be at least 20, --stories and --clients at least 1")
    return args


def open_files_raise(clients: int) -> str:
    """Room for a socket per reader here and in the servers (which inherit the limit)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = clients * 4 + 256
    if soft < wanted:
        soft = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    return f"open files {soft}"


def main() -> int:
    args = arguments()
    print(f"{machine_line()}, {open_files_raise(args.clients)}")
    loader = Loader(args.stories, args.seed)
    try:
        with bench_database(args, loader, keep_postgres=args.keep_data) as database:
            client = test_client()
            size, counts, statistics_note = database_size(), stories_counted(), planner_statistics()
            rows, verified = rows_build(client)
            print(f"Measuring {sum(len(row.urls) for row in rows)} URLs in {len(rows)} rows")
            rows_time_and_count(client, rows, args.requests)

            live, live_note = None, ""
            if args.skip_load_test:
                live_note = "skipped (--skip-load-test)"
            else:
                from django.db import connections

                connections.close_all()  # the servers and the publisher have the database now
                live = live_test(database, args.clients)

            ok = report_print(
                database,
                loader.figures,
                size,
                statistics_note,
                counts,
                args.requests,
                rows,
                verified,
                live,
                live_note,
                plans=lambda row: slowest_query_plan(client, row.slowest_url),
            )
            print(f"\nAll targets: {verdict(ok)}")
    except (BenchError, subprocess.CalledProcessError) as error:
        print(f"archive.py: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
