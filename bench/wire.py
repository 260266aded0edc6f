"""Benchmark of what Dateline gives machines: sitemaps, feeds, the subscriber API and webhooks.

Not a test: it prints figures for bench/RESULTS.md. It loads synthetic stories
(`dateline migrate`, `dateline bulk-load --stories N --seed S`) into SQLite in a temporary
DATA_DIR, or into a PostgreSQL database it creates (and drops after, unless --keep-data), or
uses the DATA_DIR given with --data-dir as it is. Every process runs with TASK_BACKEND=database
(reactions queued for `dateline worker`, as in production) and WEBHOOKS_ALLOW_HTTP_LOCAL=1. Then

1. serves the database with `dateline serve --workers 2` on 127.0.0.1 and times, over HTTP (a
   new connection per request), the time to first byte (status line and headers read) and the
   total time (body read) of: the en edition's sitemap index, one full page of its story
   sitemap (the oldest, from the index), its RSS feed, and the subscriber API's list
   (`/api/stories?edition=en&limit=100`) on its first page and on the page 10,000 items deep
   (reached once by following `next`). Uncached: before each request another story's change is
   written to the outbox, as bench/archive.py does for pages "built afresh", so every server
   process builds the sitemap index, the feed and the API's list again (story sitemap pages are
   built at every request anyway) from the items kept for each story (a feed's entry, an API
   document), as between changes of those stories. Then the same feed and first API page
   again, each request after a change of every story it lists (as when a photo they all show
   changes), so every item is built again too. Requests go round-robin over the rows. Targets:
   p95 (TTFB and total) under 100 ms for each; the API's p95 at item 10,000 at most 1.3 times
   its first page's;
2. runs 100 webhook endpoints on 127.0.0.1 (one ThreadingHTTPServer each) registered for the en
   edition's `published` events with the bench's API key, starts `dateline worker`, publishes
   one story from another process (`dateline shell -c`: story_create, then story_publish timed)
   and times each endpoint's receipt from the start of story_publish.

    .venv/bin/python bench/wire.py [--stories 1000000] [--requests 50] [--keep-data]
    .venv/bin/python bench/wire.py --database-url postgres://postgres@127.0.0.1:5432/bench_wire
    .venv/bin/python bench/wire.py --data-dir /tmp/dateline-bench-xyz  # a kept load, as it is
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from harness import (
    DATELINE,
    OTHER_CHANGE,
    PROJECT_DIR,
    SERVER_WORKERS,
    BenchError,
    Database,
    asgi_server,
    bench_database,
    change_happens,
    cpu_pressure,
    dateline_run,
    log_tail,
    machine_line,
    p95,
    verdict,
)

EDITION_SLUG = "en"
API_EDITIONS = "en,ru"
API_LIMIT = 100  # dateline.syndication.api.MAX_PAGE_SIZE
API_DEPTH = 10_000
API_RATE = 1_000_000  # requests per minute: the bench is not to be rate limited
P95_TARGET_MS = 100.0
RATIO_TARGET = 1.3
WARMUP = 4  # requests per row before timing: both server processes, compiled templates

ENDPOINTS = 100
QUEUE_SIZE = 128
WORKER_READY_S = 60
DELIVERY_WAIT_S = 30

LOAD_SUMMARY = re.compile(r"^\d+ stories in .*$", re.MULTILINE)

# Run by `dateline shell -c`: the story made first (a draft), then its publication timed, with
# wall-clock times this process compares with the endpoints' receipts.
PUBLISHER = """
import json
import time
from dateline.editions.models import Edition
from dateline.stories.services import story_create, story_publish

locale = Edition.objects.get(slug={slug!r}).locale
story = story_create(locale=locale, headline={headline!r})
called = time.time()
story_publish(story=story)
returned = time.time()
print("PUBLISHED", json.dumps({{"story_id": story.pk, "called": called, "returned": returned}}))
"""


@dataclass
class Row:
    key: str
    name: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    note: str = ""
    ttfb_s: list[float] = field(default_factory=list)
    total_s: list[float] = field(default_factory=list)
    size: int = 0
    # Stories that change before each request (every item it lists), instead of another one.
    changing: list[tuple[int, int]] = field(default_factory=list)  # (story id, locale id)

    def ms(self, values: list[float]) -> tuple[float, float]:
        return statistics.median(values) * 1000, p95(values) * 1000

    @property
    def ok(self) -> bool:
        return self.ms(self.ttfb_s)[1] < P95_TARGET_MS and self.ms(self.total_s)[1] < P95_TARGET_MS


@dataclass
class Fanout:
    story_id: int
    called: float
    returned: float
    received: dict[int, float]  # endpoint number: time of receipt
    delivered_rows: int

    @property
    def latencies_s(self) -> list[float]:
        return sorted(at - self.called for at in self.received.values())


# -- the database -------------------------------------------------------------------------------


def build(data_dir: Path, label: str, stories: int, seed: int) -> None:
    log = data_dir / "build.log"
    dateline_run("migrate", "--no-input", log=log)
    command = ["bulk-load", "--stories", str(stories), "--seed", str(seed)]
    print(f"Loading {stories} stories ({label}) in {data_dir}: dateline {' '.join(command)}")
    started = time.perf_counter()
    output = dateline_run(*command, log=log)
    found = LOAD_SUMMARY.search(output)
    summary = found.group(0).strip() if found else output.strip().splitlines()[-1]
    print(f"  {summary}; wall time {time.perf_counter() - started:.0f} s")


# -- HTTP ---------------------------------------------------------------------------------------


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def http_get(base_url: str, path: str, headers: dict[str, str]) -> tuple[float, float, bytes]:
    """Time to first byte (status line and headers read) and total time of a GET on a new
    connection, and the body."""
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        started = time.perf_counter()
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        first = time.perf_counter()
        body = response.read()
        done = time.perf_counter()
    finally:
        connection.close()
    if response.status != 200:
        raise BenchError(f"GET {path} answered {response.status}: {body[:300]!r}")
    return first - started, done - started, body


def api_key_create(log: Path) -> str:
    key = dateline_run(
        "apikey",
        "create",
        "--name",
        "bench",
        "--editions",
        API_EDITIONS,
        "--requests-per-minute",
        str(API_RATE),
        log=log,
    ).strip()
    if not key.startswith("dl_"):
        raise BenchError(f"`dateline apikey create` printed no key:\n{log_tail(log)}")
    return key


def rows_build(base_url: str, key: str) -> list[Row]:
    from dateline.editions import links
    from dateline.editions.models import Edition

    edition = Edition.objects.get(slug=EDITION_SLUG)
    index_path = _path(links.sitemap_index_url(edition))
    # The first request per edition places the story sitemap's page starts.
    index = http_get(base_url, index_path, {})[2].decode()
    locs = re.findall(r"<loc>([^<]+)</loc>", index)
    story_pages = [loc for loc in locs if "/sitemaps/stories/" in loc]
    if not story_pages:
        raise BenchError(f"{index_path} names no story sitemap page.")
    page_path = _path(story_pages[0])
    urls = http_get(base_url, page_path, {})[2].count(b"<url>")
    page_note = f"the oldest of {len(story_pages)} pages, {urls} stories"
    if len(story_pages) == 1:
        page_note += " (the only page: not full)"

    auth = {"Authorization": f"Bearer {key}"}
    first_path = _path(links.api_stories_url({"edition": EDITION_SLUG, "limit": API_LIMIT}))
    deep_path, depth = first_path, 0
    while True:
        page = json.loads(http_get(base_url, deep_path, auth)[2])
        shown = len(page["items"])
        if depth >= API_DEPTH or not page["next"]:
            break
        deep_path, depth = _path(page["next"]), depth + shown
    deep_note = f"items {depth + 1:,}-{depth + shown:,}, by {depth // API_LIMIT} `next` links"
    if depth < API_DEPTH:
        deep_note += f": the edition's last page, not {API_DEPTH:,} deep"
    rss_path = _path(links.feed_url(edition, "rss"))
    rss_ids = [
        int(i)
        for i in re.findall(
            rb"<guid[^>]*>[^<]*/news/(\d+)/</guid>", http_get(base_url, rss_path, {})[2]
        )
    ]
    first_page = json.loads(http_get(base_url, first_path, auth)[2])
    api_ids = [
        int(alt["value"])
        for item in first_page["items"]
        for alt in item["altIds"]
        if alt["role"] == "storyId"
    ]
    every = "before each request every story it lists changes: all built again"
    return [
        Row("a", "sitemap index", index_path, note=f"{len(locs)} sitemaps listed"),
        Row("b", "story sitemap page", page_path, note=page_note),
        Row("c", "RSS feed", rss_path),
        Row("d", f"API list, first page (limit {API_LIMIT})", first_path, auth),
        Row("e", f"API list, {depth:,} deep", deep_path, auth, note=deep_note),
        Row("f", "RSS feed, every item changed", rss_path, note=every, changing=_of(rss_ids)),
        Row(
            "g",
            "API list, first page, every item changed",
            first_path,
            auth,
            note=every,
            changing=_of(api_ids),
        ),
    ]


def _of(story_ids: list[int]) -> list[tuple[int, int]]:
    from dateline.stories.models import Story

    if not story_ids:
        raise BenchError("A list to change names no story.")
    return list(Story.objects.filter(pk__in=story_ids).values_list("pk", "locale_id"))


def stories_change(stories: list[tuple[int, int]]) -> None:
    """What a photo all of `stories` show does when it changes: a change of each, in one
    transaction."""
    from dateline.stories.models import StoryChange

    StoryChange.objects.bulk_create(
        StoryChange(story_id=story_id, locale_id=locale_id, kind=StoryChange.Kind.PHOTO)
        for story_id, locale_id in stories
    )


def rows_time(base_url: str, rows: list[Row], requests: int) -> None:
    for row in rows:
        for _ in range(WARMUP):
            http_get(base_url, row.path, row.headers)
    # The rows whose every item changes come after the others: their changes would make the
    # others' items change too.
    for group in ([r for r in rows if not r.changing], [r for r in rows if r.changing]):
        _group_time(base_url, group, requests)


def _group_time(base_url: str, rows: list[Row], requests: int) -> None:
    for _ in range(requests):
        for row in rows:
            if row.changing:
                stories_change(row.changing)
            else:
                change_happens(OTHER_CHANGE)  # lists kept by the servers are built again
            ttfb, total, body = http_get(base_url, row.path, row.headers)
            row.ttfb_s.append(ttfb)
            row.total_s.append(total)
            row.size = len(body)


def http_measure(database: Database, key: str, requests: int) -> list[Row]:
    from django.db import connections

    connections.close_all()
    log = database.data_dir / "serve.log"
    with asgi_server(log, f"/{EDITION_SLUG}/") as (base_url, _session):
        print(
            f"\nServing: dateline serve --workers {SERVER_WORKERS} on {base_url} "
            f"(CPU pressure {cpu_pressure()})"
        )
        rows = rows_build(base_url, key)
        rows_time(base_url, rows, requests)
    return rows


def http_print(rows: list[Row], requests: int) -> bool:
    print(
        f"\n{requests} requests per row, interleaved, each on a new connection, each after another "
        f"story's change (lists built afresh from the stories' kept items) or, (f) and (g), "
        f"after a change of every story listed; target p95 < {P95_TARGET_MS:.0f} ms "
        "(TTFB and total)"
    )
    print(
        f"{'':3}{'request':32} {'bytes':>8} {'TTFB p50':>9} {'TTFB p95':>9} "
        f"{'total p50':>10} {'total p95':>10}"
    )
    for row in rows:
        ttfb_median, ttfb_p95 = row.ms(row.ttfb_s)
        total_median, total_p95 = row.ms(row.total_s)
        print(
            f"{row.key:3}{row.name:32} {row.size:8} {ttfb_median:9.1f} {ttfb_p95:9.1f} "
            f"{total_median:10.1f} {total_p95:10.1f}  {verdict(row.ok)}  {row.note}"
        )
    by_key = {row.key: row for row in rows}
    first, deep = by_key["d"], by_key["e"]
    ratio = deep.ms(deep.total_s)[1] / first.ms(first.total_s)[1]
    ratio_ttfb = deep.ms(deep.ttfb_s)[1] / first.ms(first.ttfb_s)[1]
    ratio_ok = ratio <= RATIO_TARGET and ratio_ttfb <= RATIO_TARGET
    print(f"p95 under {P95_TARGET_MS:.0f} ms on every row: {verdict(all(row.ok for row in rows))}")
    print(
        f"API deep/first page (e)/(d) p95 at most {RATIO_TARGET}: total {ratio:.2f}, "
        f"TTFB {ratio_ttfb:.2f}: {verdict(ratio_ok)}"
    )
    return all(row.ok for row in rows) and ratio_ok


# -- webhooks -----------------------------------------------------------------------------------


class _Server(ThreadingHTTPServer):
    request_queue_size = QUEUE_SIZE
    daemon_threads = True


class Receipts:
    """When each endpoint first heard of each story: story id, endpoint number, time."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.received: dict[int, dict[int, float]] = {}

    def of(self, story_id: int) -> dict[int, float]:
        with self.lock:
            return dict(self.received.get(story_id, {}))

    def handler(self, number: int) -> type[BaseHTTPRequestHandler]:
        receipts = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                at = time.time()
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self.send_response(204)
                self.end_headers()
                try:
                    story_id = int(json.loads(body)["story"]["id"])
                except (ValueError, KeyError, TypeError):
                    return
                with receipts.lock:
                    receipts.received.setdefault(story_id, {}).setdefault(number, at)

            def log_message(self, format: str, *args: object) -> None:
                pass

        return Handler


def endpoints_start(receipts: Receipts) -> list[_Server]:
    servers = []
    for number in range(ENDPOINTS):
        server = _Server(("127.0.0.1", 0), receipts.handler(number))
        threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
        servers.append(server)
    return servers


def endpoints_register(servers: Sequence[_Server], key: str) -> None:
    from dateline.editions.models import Edition
    from dateline.syndication.keys import PREFIX_LENGTH
    from dateline.syndication.models import ApiKey, WebhookEndpoint

    edition = Edition.objects.get(slug=EDITION_SLUG)
    api_key = ApiKey.objects.get(prefix=key[:PREFIX_LENGTH])
    for number, server in enumerate(servers):
        port = server.server_address[1]
        endpoint = WebhookEndpoint.objects.create(
            name=f"bench {number}",
            url=f"http://127.0.0.1:{port}/hooks/dateline",
            events=["published"],
            api_key=api_key,
        )
        endpoint.editions.set([edition])


def worker_wait(worker: subprocess.Popen, log: Path) -> float:
    """Until the worker holds the scheduler's lease (its sender thread starts with it)."""
    from django.db import connection

    started = time.monotonic()
    while time.monotonic() - started < WORKER_READY_S:
        if worker.poll() is not None:
            raise BenchError(f"`dateline worker` exited ({worker.returncode}):\n{log_tail(log)}")
        with connection.cursor() as cursor:
            cursor.execute("SELECT holder FROM stories_schedulerlease WHERE holder <> ''")
            if cursor.fetchone():
                return time.monotonic() - started
        time.sleep(0.2)
    raise BenchError(f"`dateline worker` took no lease in {WORKER_READY_S} s:\n{log_tail(log)}")


def outbox_wait(worker: subprocess.Popen, log: Path) -> float:
    """Until every reaction has handled the changes written so far (part 1 wrote thousands), so
    that the publication timed next is not queued behind them."""
    from dateline.stories.models import OutboxPosition
    from dateline.stories.outbox import latest_change_id, reactions_registered

    started = time.monotonic()
    latest = latest_change_id()
    while time.monotonic() - started < WORKER_READY_S:
        if worker.poll() is not None:
            raise BenchError(f"`dateline worker` exited ({worker.returncode}):\n{log_tail(log)}")
        names = reactions_registered()
        done = OutboxPosition.objects.filter(reaction__in=names, change_id__gte=latest)
        if done.count() == len(names):
            return time.monotonic() - started
        time.sleep(0.2)
    raise BenchError(f"The worker's reactions did not catch up in {WORKER_READY_S} s.")


def publish(log: Path) -> tuple[int, float, float]:
    code = PUBLISHER.format(slug=EDITION_SLUG, headline=f"Webhook benchmark story {os.getpid()}")
    with log.open("a") as errors:
        process = subprocess.Popen(
            [DATELINE, "shell", "-c", code],
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
            cwd=PROJECT_DIR,
        )
        assert process.stdout is not None
        published = None
        for line in process.stdout:
            kind, _, text = line.partition(" ")
            if kind == "PUBLISHED":
                published = json.loads(text)
        if process.wait() != 0 or published is None:
            raise BenchError(f"The publisher failed ({process.returncode}):\n{log_tail(log)}")
    return published["story_id"], published["called"], published["returned"]


def webhooks_measure(database: Database, key: str) -> Fanout:
    from django.db import connections

    from dateline.syndication.models import WebhookDelivery, WebhookEndpoint

    receipts = Receipts()
    servers = endpoints_start(receipts)
    log = database.data_dir / "worker.log"
    worker = None
    try:
        endpoints_register(servers, key)
        connections.close_all()
        with log.open("a") as out:
            worker = subprocess.Popen(
                [DATELINE, "worker"],
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                cwd=PROJECT_DIR,
            )
        ready_s = worker_wait(worker, log)
        caught_up_s = outbox_wait(worker, log)
        print(
            f"\nWebhooks: {ENDPOINTS} endpoints on 127.0.0.1, dateline worker ready in "
            f"{ready_s:.1f} s, its reactions caught up with the changes part 1 wrote in "
            f"{caught_up_s:.1f} s more (CPU pressure {cpu_pressure()})"
        )
        story_id, called, returned = publish(database.data_dir / "publish.log")
        deadline = time.monotonic() + DELIVERY_WAIT_S
        while time.monotonic() < deadline and len(receipts.of(story_id)) < ENDPOINTS:
            time.sleep(0.05)
        delivered = WebhookDelivery.objects.filter(
            story_id=story_id, status=WebhookDelivery.Status.DELIVERED
        ).count()
        return Fanout(story_id, called, returned, receipts.of(story_id), delivered)
    finally:
        if worker is not None and worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)
            try:
                worker.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(worker.pid, signal.SIGKILL)
                worker.wait()
        for server in servers:
            server.shutdown()
            server.server_close()
        if not database.is_fresh:  # a kept database: leave it as it was
            WebhookEndpoint.objects.filter(name__startswith="bench ").delete()


def _stats_ms(values: Sequence[float]) -> str:
    if not values:
        return "none"
    return (
        f"p50 {statistics.median(values) * 1000:.0f} ms, p95 {p95(values) * 1000:.0f} ms, "
        f"max {max(values) * 1000:.0f} ms"
    )


def webhooks_print(fanout: Fanout) -> bool:
    from_return = [at - fanout.returned for at in fanout.received.values()]
    ok = len(fanout.received) == ENDPOINTS
    print(
        f"Story {fanout.story_id} published: story_publish took "
        f"{(fanout.returned - fanout.called) * 1000:.0f} ms\n"
        f"  received by {len(fanout.received)} of {ENDPOINTS} endpoints "
        f"({fanout.delivered_rows} deliveries recorded delivered)\n"
        f"  from the start of story_publish: {_stats_ms(fanout.latencies_s)}\n"
        f"  from its return:                 {_stats_ms(from_return)}\n"
        f"  every endpoint told: {verdict(ok)}"
    )
    return ok


# -- main ---------------------------------------------------------------------------------------


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=1_000_000, help="stories to load (1000000)")
    parser.add_argument("--seed", type=int, default=1, help="bulk-load's seed (1)")
    parser.add_argument("--requests", type=int, default=50, help="requests per row (50)")
    parser.add_argument(
        "--database-url",
        default="",
        help="e.g. postgres://postgres@127.0.0.1:5432/bench_wire: a database this run "
        "creates and drops (without --data-dir); default: SQLite in DATA_DIR",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        help="use this DATA_DIR (and its database, or --database-url) as it is: no load "
        "(made with TASK_BACKEND=database, which the worker's queue needs)",
    )
    parser.add_argument(
        "--keep-data",
        action="store_true",
        help="keep the temporary DATA_DIR and the PostgreSQL database (to reuse with --data-dir)",
    )
    args = parser.parse_args()
    if args.requests < 20 or args.stories < 1:
        parser.error("--requests must be at least 20, --stories at least 1")
    return args


def main() -> int:
    args = arguments()
    print(machine_line())
    # For every process here, migrate included: reactions and webhooks run in `dateline worker`.
    os.environ.update(TASK_BACKEND="database", WEBHOOKS_ALLOW_HTTP_LOCAL="1")
    try:
        with bench_database(
            args,
            lambda data_dir, label: build(data_dir, label, args.stories, args.seed),
            keep_postgres=args.keep_data,
        ) as database:
            import django

            django.setup()
            key = api_key_create(database.data_dir / "apikey.log")
            rows = http_measure(database, key, args.requests)
            fanout = webhooks_measure(database, key)

            print(f"\n== Sitemaps, feed, API and webhooks: {database.label} ==")
            http_ok = http_print(rows, args.requests)
            print()
            webhooks_ok = webhooks_print(fanout)
            print(f"\nCPU pressure at the end {cpu_pressure()}")
            print(f"All targets: {verdict(http_ok and webhooks_ok)}")
    except (BenchError, subprocess.CalledProcessError) as error:
        print(f"wire.py: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
