"""Benchmark of Dateline's reader pages: queries and latency in-process, throughput over ASGI.

Not a test: it prints figures for bench/RESULTS.md. It builds a demo agency (`dateline migrate`,
`dateline demo`) in a temporary DATA_DIR, or uses the one given with --data-dir, then

1. times 50 live stories (the heaviest of the demo among them), the edition front page and a
   region page through Django's test client (DEBUG off, no page cache), and counts each page's
   SQL queries against a budget of 10: as readers get them between two changes (the pages'
   data kept, stories.page_data), as the first view after a change of another story (a story
   page's document kept, its lists built again) and as the first view after a change of its
   own story (built afresh);
2. serves the same database with `dateline serve` (uvicorn) and load-tests a story page on
   127.0.0.1 with wrk, reporting req/s against the brief's reference figure for vanilla Wagtail;
3. on a database it built, adds a stress story far heavier than the demo's (60 blocks, 12
   authors, every tag, versions in a third edition) and counts and times those pages too.

    .venv/bin/python bench/pages.py [--requests 200] [--wrk-duration 15] [--skip-wrk] [--profile]
    .venv/bin/python bench/pages.py --database-url postgres://postgres@127.0.0.1:5432/bench_pages
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import os
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from harness import (
    OTHER_CHANGE,
    OWN_CHANGE,
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
    page_get,
    queries_sql,
    query_counts,
    session_cpu_seconds,
    test_client,
    verdict,
)

if TYPE_CHECKING:
    from django.test import Client

QUERY_BUDGET = 10  # per page, whatever the number of blocks, tags, authors or editions
STORY_SAMPLE = 50
FRONT_URL = "/en/"
REGION_URL = "/en/azerbaijan/"
REFERENCE_RPS = 47.0  # the brief's figure: vanilla Wagtail 8, uncached article page
TARGET_RATIO = 20.0
WRK_THREADS, WRK_CONNECTIONS, WRK_RUNS, WRK_WARMUP_S = 1, 32, 3, 3
# The stress story is dated long before the demo's three months so that it never shows in the
# listings the demo pages are timed on.
STRESS_DATE = datetime(2020, 1, 1, 12, 0, tzinfo=UTC)


@dataclass
class WrkRun:
    requests: int
    requests_per_s: float
    server_cpu_ms: float  # CPU time of the server's processes per request
    latency_avg_ms: float
    latency_p50_ms: float
    latency_p99_ms: float
    errors: str


# -- the database ---------------------------------------------------------------------------


def demo_build(data_dir: Path, label: str) -> None:
    log = data_dir / "build.log"
    started = time.perf_counter()
    dateline_run("migrate", "--no-input", log=log)
    built = dateline_run("demo", log=log)
    summary = next((line for line in built.splitlines() if line.startswith("Built")), built)
    print(f"Demo database ({label}) in {data_dir}, {time.perf_counter() - started:.0f} s:")
    print(f"  {summary.strip()}")


def demo_database(args: argparse.Namespace) -> contextlib.AbstractContextManager[Database]:
    """The demo agency's database, dropped after the run even with --keep-data."""
    return bench_database(args, demo_build)


# -- in-process measurements --------------------------------------------------------------------


def _path(url: str) -> str:
    """The path of a story's address: pages give absolute ones, the test client wants paths."""
    return urlsplit(url).path


def story_urls_sample(size: int) -> tuple[list[str], dict[str, tuple[str, str]]]:
    """`size` live story URLs spread over both editions, starting with the heaviest stories."""
    from dateline.stories.models import Story

    stories = list(
        Story.objects.filter(live=True)
        .prefetch_related("byline", "regions", "topics")
        .order_by("pk")
    )
    if not stories:
        raise BenchError("The database has no live stories; build it with `dateline demo`.")
    versions = Counter(story.translation_key for story in stories)
    heaviest = {
        # Ties go to a story with a lead photo: its renditions cost time too.
        "most body blocks": max(stories, key=lambda s: (len(s.body), s.lead_photo_id is not None)),
        "most authors": max(stories, key=lambda s: len(s.byline.all())),
        "most regions and topics": max(
            stories, key=lambda s: len(s.regions.all()) + len(s.topics.all())
        ),
        "most editions": max(stories, key=lambda s: versions[s.translation_key]),
    }
    picked = list(dict.fromkeys(heaviest.values()))
    rest = [story for story in stories if story not in picked]
    wanted = min(size, len(stories)) - len(picked)
    step = len(rest) / wanted if wanted > 0 else 1
    picked += [rest[int(i * step)] for i in range(max(wanted, 0))]
    described = {
        reason: (
            _path(story.url),
            f"{len(story.body)} blocks, {len(story.byline.all())} authors, "
            f"{len(story.regions.all())} regions, {len(story.topics.all())} topics, "
            f"{versions[story.translation_key]} editions",
        )
        for reason, story in heaviest.items()
    }
    return [_path(story.url) for story in picked], described


def request_durations(
    client: Client, urls: Sequence[str], count: int, *, before_each: str = ""
) -> list[float]:
    """Wall time of `count` GETs cycling through `urls`, each after `before_each` happened
    (untimed). Queries are counted in a separate pass because capturing them turns on Django's
    debug cursor, which costs time."""
    for url in urls:
        page_get(client, url)  # compiled templates, loaded editions, renditions made
    durations = []
    for i in range(count):
        url = urls[i % len(urls)]
        change_happens(before_each)
        started = time.perf_counter()
        page_get(client, url)
        durations.append(time.perf_counter() - started)
    return durations


def pages_time_and_count(client: Client, pages: list[PageFigures], requests: int) -> None:
    for page in pages:
        page.durations_s = request_durations(
            client, page.urls, requests, before_each=page.before_each
        )
        page.queries = query_counts(client, page.urls, page.before_each)


def pages_measure(
    client: Client, requests: int
) -> tuple[list[PageFigures], dict[str, tuple[str, str]]]:
    story_urls, heaviest = story_urls_sample(STORY_SAMPLE)
    pages = [
        PageFigures(f"story ({len(story_urls)} demo stories)", story_urls),
        PageFigures("edition front page", [FRONT_URL]),
        PageFigures("region page", [REGION_URL]),
        PageFigures(f"story, after {OTHER_CHANGE}", story_urls, before_each=OTHER_CHANGE),
        PageFigures(f"story, after {OWN_CHANGE}", story_urls, before_each=OWN_CHANGE),
        PageFigures("front page, first view after a change", [FRONT_URL], before_each=OWN_CHANGE),
    ]
    pages_time_and_count(client, pages, requests)
    return pages, heaviest


def stress_story_build() -> list[str]:
    """One story far heavier than any in the demo: 60 blocks (12 photos, 12 see-also links),
    12 authors, every region and topic, and versions in three editions (a third edition is
    added). Returns the URLs of its three versions."""
    from dateline.editions.factories import EditionFactory
    from dateline.editions.models import Edition
    from dateline.photos.models import Photo
    from dateline.stories.models import Author, Story, TranslationKind
    from dateline.stories.services import story_create, story_publish
    from dateline.taxonomy.models import RegionPage, TopicPage

    EditionFactory(
        language="de", name="Deutsch", agency_name="Kaukasus-Kurier", time_zone="Europe/Berlin"
    )
    photos = list(Photo.objects.order_by("pk")[:12])
    earlier = list(Story.objects.filter(live=True).order_by("pk")[:12])
    body: list[dict] = []
    for i in range(12):
        body += [
            {"type": "paragraph", "value": f"<p>Paragraph {i} of a <b>long</b> story.</p>"},
            {"type": "quote", "value": {"text": f"Quote {i}.", "attribution": "A witness"}},
            {"type": "photo", "value": {"image": photos[i % len(photos)].pk, "caption": ""}},
            {"type": "see_also", "value": {"story": earlier[i % len(earlier)].pk}},
            {"type": "paragraph", "value": f"<p>Another paragraph {i}.</p>"},
        ]
    notes = [
        {"type": kind, "value": {"noted_at": STRESS_DATE.isoformat(), "text": f"{kind} {i}"}}
        for i, kind in enumerate(["update", "correction", "update", "correction"])
    ]
    sources = [{"name": f"Source {i}", "url": f"https://example.org/{i}"} for i in range(6)]
    urls = []
    original = None
    for edition in Edition.objects.order_by("sort_order", "pk"):
        locale = edition.locale
        authors = [Author.objects.create(name=f"Reporter {i}", locale=locale) for i in range(12)]
        story = story_create(
            locale=locale,
            headline=f"Stress story: everything at once ({edition.slug})",
            lead="A story with every kind of block, many authors and every tag.",
            body=body,
            lead_photo=photos[0],
            authors=authors,
            regions=RegionPage.objects.filter(locale=locale),
            topics=TopicPage.objects.filter(locale=locale),
            sources=sources,
            notes=notes,
            translation_of=original,
            translation_kind=TranslationKind.FULL if original else "",
        )
        story = story_publish(story=story, published_at=STRESS_DATE)
        original = original or story
        urls.append(_path(story.url))
    return urls


def stress_measure(client: Client, requests: int) -> list[PageFigures]:
    urls = stress_story_build()
    pages = [PageFigures(f"stress story, {url.split('/')[1]} edition", [url]) for url in urls]
    pages += [
        PageFigures(f"stress story, {url.split('/')[1]}, after {kind}", [url], before_each=kind)
        for url in urls
        for kind in (OTHER_CHANGE, OWN_CHANGE)
    ]
    pages += [
        PageFigures("edition front page, 3 editions", [FRONT_URL]),
        PageFigures("region page, 3 editions", [REGION_URL]),
    ]
    pages_time_and_count(client, pages, requests)
    return pages


def story_profile(client: Client, urls: Sequence[str], requests: int) -> None:
    """cProfile of `requests` story pages, hottest functions first."""
    for url in urls:
        page_get(client, url)
    profiler = cProfile.Profile()
    profiler.enable()
    for i in range(requests):
        page_get(client, urls[i % len(urls)])
    profiler.disable()
    for order in ("tottime", "cumulative"):
        print(f"\n== cProfile of {requests} story pages, by {order} ==")
        pstats.Stats(profiler).strip_dirs().sort_stats(order).print_stats(25)


# -- ASGI load test --------------------------------------------------------------------------


def _milliseconds(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


def wrk_command(url: str, duration_s: int) -> list[str]:
    # --latency only adds the percentile table to wrk's output.
    return ["wrk", f"-t{WRK_THREADS}", f"-c{WRK_CONNECTIONS}", f"-d{duration_s}s", "--latency", url]


def wrk_run(url: str, duration_s: int, server_session: int) -> WrkRun:
    cpu_before = session_cpu_seconds(server_session)
    output = subprocess.run(
        wrk_command(url, duration_s), capture_output=True, text=True, check=True
    ).stdout
    cpu_used_s = session_cpu_seconds(server_session) - cpu_before
    done = re.search(r"(\d+) requests in", output)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    avg = re.search(r"Latency\s+([\d.]+)(us|ms|s|m)\b", output)
    p50 = re.search(r"^\s+50%\s+([\d.]+)(us|ms|s|m)\b", output, re.MULTILINE)
    p99 = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s|m)\b", output, re.MULTILINE)
    if not (done and rps and avg and p50 and p99) or int(done.group(1)) == 0:
        raise BenchError(f"Could not read wrk's output:\n{output}")
    # A server that answers errors fast would look good on req/s alone.
    errors = "; ".join(
        line.strip() for line in output.splitlines() if "Non-2xx" in line or "Socket errors" in line
    )
    return WrkRun(
        requests=int(done.group(1)),
        requests_per_s=float(rps.group(1)),
        server_cpu_ms=cpu_used_s * 1000 / int(done.group(1)),
        latency_avg_ms=_milliseconds(*avg.groups()),
        latency_p50_ms=_milliseconds(*p50.groups()),
        latency_p99_ms=_milliseconds(*p99.groups()),
        errors=errors,
    )


def load_test(database: Database, story_path: str, duration_s: int) -> list[WrkRun]:
    with asgi_server(database.data_dir / "serve.log", story_path) as (base_url, session):
        url = base_url + story_path
        print(
            f"\n{' '.join(wrk_command(url, duration_s))}  (x{WRK_RUNS}, after a warm-up run; "
            f"CPU pressure before: {cpu_pressure()})"
        )
        # Every worker has loaded the editions and compiled the templates before we count.
        wrk_run(url, WRK_WARMUP_S, session)
        runs = []
        for number in range(1, WRK_RUNS + 1):
            run = wrk_run(url, duration_s, session)
            print(
                f"  run {number}: {run.requests_per_s:7.1f} req/s, latency avg "
                f"{run.latency_avg_ms:.1f} ms, p50 {run.latency_p50_ms:.1f} ms, "
                f"p99 {run.latency_p99_ms:.1f} ms, server CPU {run.server_cpu_ms:.1f} ms/request "
                f"{run.errors}"
            )
            runs.append(run)
    return runs


# -- report --------------------------------------------------------------------------------


def report_print(
    database: Database,
    requests: int,
    pages: list[PageFigures],
    runs: list[WrkRun] | None,
    wrk_note: str,
) -> None:
    print(
        f"\n== Pages: {database.label}, {requests} requests each, Django test client, DEBUG off =="
    )
    print(f"{'page':48} {'queries':>8} {'median ms':>10} {'p95 ms':>8}  budget {QUERY_BUDGET}")
    for page in pages:
        queries = f"max {page.max_queries}" if len(page.urls) > 1 else str(page.max_queries)
        print(
            f"{page.name:48} {queries:>8} {page.median_ms:10.1f} {page.p95_ms:8.1f}  "
            f"{verdict(page.max_queries <= QUERY_BUDGET)}"
        )
    worst = max(pages, key=lambda page: page.max_queries)
    print(
        f"Query budget ({QUERY_BUDGET} per page): {verdict(worst.max_queries <= QUERY_BUDGET)} "
        f"(most: {worst.max_queries} on {worst.worst_url})"
    )
    if runs is None:
        print(f"\nASGI load test: {wrk_note}")
        return
    rps = statistics.median(run.requests_per_s for run in runs)
    cpu_ms = statistics.median(run.server_cpu_ms for run in runs)
    ratio = rps / REFERENCE_RPS
    cores = os.cpu_count() or 1
    print(
        f"\n== ASGI: dateline serve (uvicorn, {SERVER_WORKERS} workers), wrk -t{WRK_THREADS} "
        f"-c{WRK_CONNECTIONS}, median of {len(runs)} runs ==\n"
        f"story page {wrk_note}\n"
        f"req/s {rps:.1f} (runs: {', '.join(f'{run.requests_per_s:.1f}' for run in runs)})\n"
        f"latency avg {statistics.median(run.latency_avg_ms for run in runs):.1f} ms, "
        f"p50 {statistics.median(run.latency_p50_ms for run in runs):.1f} ms, "
        f"p99 {statistics.median(run.latency_p99_ms for run in runs):.1f} ms\n"
        # What the server could do with every core to itself (wrk shares them here).
        f"server CPU {cpu_ms:.1f} ms/request: at most {1000 * cores / cpu_ms:.0f} req/s "
        f"on {cores} cores\n"
        f"vs vanilla Wagtail 8 at {REFERENCE_RPS:.0f} req/s (the brief's figure, not measured "
        f"here): {ratio:.1f}x (target {TARGET_RATIO:.0f}x = {REFERENCE_RPS * TARGET_RATIO:.0f} "
        f"req/s): {verdict(ratio >= TARGET_RATIO)}"
    )


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200, help="requests per page (200)")
    parser.add_argument("--wrk-duration", type=int, default=15, help="seconds per wrk run (15)")
    parser.add_argument("--skip-wrk", action="store_true", help="no ASGI load test")
    parser.add_argument(
        "--database-url",
        default="",
        help="e.g. postgres://postgres@127.0.0.1:5432/bench_pages: a database this run creates "
        "and drops (without --data-dir); default: SQLite in DATA_DIR",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        help="use this DATA_DIR (and its database, or --database-url) as it is: no demo build, "
        "no stress story",
    )
    parser.add_argument("--keep-data", action="store_true", help="keep the temporary DATA_DIR")
    parser.add_argument("--profile", action="store_true", help="cProfile the story pages too")
    args = parser.parse_args()
    if args.requests < 20 or args.wrk_duration < 1:
        parser.error("--requests must be at least 20 and --wrk-duration at least 1")
    return args


def main() -> int:
    args = arguments()
    print(machine_line())
    try:
        with demo_database(args) as database:
            client = test_client()
            pages, heaviest = pages_measure(client, args.requests)
            print("Heaviest demo stories (in the story sample):")
            for reason, (url, description) in heaviest.items():
                print(f"  {reason}: {url} ({description})")
            if args.profile:
                story_profile(client, pages[0].urls, args.requests)

            story_path = heaviest["most body blocks"][0]
            runs, wrk_note = None, f"{story_path} (the demo story with the most body blocks)"
            if args.skip_wrk:
                wrk_note = "skipped (--skip-wrk)"
            elif shutil.which("wrk") is None:
                wrk_note = "skipped: wrk is not installed (Debian: apt-get install -y wrk)"
                print(f"\n{wrk_note}")
            else:
                runs = load_test(database, story_path, args.wrk_duration)

            # After the load test, so it and the demo pages above run on the demo alone.
            if database.is_fresh:
                pages += stress_measure(client, args.requests)
            for page in pages:
                if page.max_queries > QUERY_BUDGET:
                    print(f"\nQueries of {page.worst_url}:")
                    print(
                        "\n".join(f"  {sql[:160]}" for sql in queries_sql(client, page.worst_url))
                    )
            report_print(database, args.requests, pages, runs, wrk_note)
    except (BenchError, subprocess.CalledProcessError) as error:
        print(f"pages.py: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
