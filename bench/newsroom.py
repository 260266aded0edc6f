"""Benchmark of the newsroom: from an editor's "publish" to readers, and the translation desk.

Not a test: it prints figures for bench/RESULTS.md. It builds the demo agency (`dateline
migrate`, `dateline demo`) in a temporary DATA_DIR, or on PostgreSQL in a database it creates
and drops, then

1. serves it with `dateline serve` and, logged in to the admin over HTTP as a chief editor,
   publishes 50 stories one after another through the admin's add form. For each it times,
   from the start of the POST (whose answer, a redirect to the listing, is followed, as the
   editor's browser does, and is part of the time), when the story's page answers 200, when
   the edition's All news page lists it, and when an open live stream (/en/news/events/)
   announces it. Target: p95 under 1 s for each;
2. loads --desk-stories synthetic stories (`dateline bulk-load`), adds an edition with no
   stories, and times the translation desk for that edition (every published original waits for
   it) through Django's test client, logged in: the first page and a page 20 pages deep, 50
   requests each. Target: p95 under 200 ms.

    .venv/bin/python bench/newsroom.py [--stories 50] [--desk-stories 150000]
    .venv/bin/python bench/newsroom.py --database-url postgres://postgres@127.0.0.1:5432/bench_newsroom
"""

from __future__ import annotations

import argparse
import http.client
import http.cookiejar
import json
import re
import statistics
import sys
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from harness import (
    BenchError,
    Database,
    asgi_server,
    bench_database,
    cpu_pressure,
    dateline_run,
    p95,
    test_client,
    verdict,
)

PUBLISH_TARGET_S = 1.0
DESK_TARGET_MS = 200.0
POLL_S = 0.005
DESK_EDITION = "de"
CHIEF = ("bench-chief", "bench-chief-password-1")


@dataclass
class Publication:
    headline: str
    started: float
    page_s: float | None = None
    all_news_s: float | None = None
    live_s: float | None = None


@dataclass
class LiveFollower:
    """An open live stream: when each story's "published" event arrived."""

    arrived: dict[int, float] = field(default_factory=dict)
    connected: threading.Event = field(default_factory=threading.Event)

    def follow(self, host: str, port: int) -> None:
        connection = http.client.HTTPConnection(host, port, timeout=120)
        connection.request("GET", "/en/news/events/", headers={"Accept": "text/event-stream"})
        response = connection.getresponse()
        self.connected.set()
        kind = ""
        while line := response.fp.readline():
            text = line.decode().rstrip("\n")
            if text.startswith("event: "):
                kind = text[7:]
            elif text.startswith("data: ") and kind == "published":
                self.arrived.setdefault(json.loads(text[6:])["story_id"], time.perf_counter())


# -- the database -------------------------------------------------------------------------------


def demo_build(data_dir: Path, label: str) -> None:
    log = data_dir / "build.log"
    dateline_run("migrate", "--no-input", log=log)
    dateline_run("demo", log=log)
    print(f"Demo database ({label}) in {data_dir}")


def chief_editor_create() -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user(username=CHIEF[0], password=CHIEF[1])
    user.groups.add(Group.objects.get(name="Chief editor"))


# -- publishing through the admin ---------------------------------------------------------------


def admin_session(base_url: str) -> urllib.request.OpenerDirector:
    """An HTTP client logged in to the admin as the chief editor."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base_url + "/admin/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if token is None:
        raise BenchError("The admin's login page has no CSRF token.")
    form = {"username": CHIEF[0], "password": CHIEF[1], "csrfmiddlewaretoken": token[1]}
    request = urllib.request.Request(
        base_url + "/admin/login/",
        data=urllib.parse.urlencode(form).encode(),
        headers={"Referer": base_url + "/admin/login/"},
    )
    if "/admin/login/" in opener.open(request).geturl():
        raise BenchError("The chief editor could not log in to the admin.")
    return opener


def story_form(opener: urllib.request.OpenerDirector, add_url: str, headline: str) -> bytes:
    from dateline.stories.factories import story_admin_form

    page = opener.open(add_url).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if token is None:
        raise BenchError("The admin's add form has no CSRF token.")
    fields = story_admin_form(headline=headline)
    fields |= {"action-publish": "publish", "csrfmiddlewaretoken": token[1]}
    return urllib.parse.urlencode(fields).encode()


def _visible(opener: urllib.request.OpenerDirector, url: str, text: str | None) -> bool:
    try:
        with opener.open(url, timeout=10) as response:
            return response.status == 200 and (text is None or text in response.read().decode())
    except urllib.error.HTTPError:
        return False


def publications_time(base_url: str, count: int) -> list[Publication]:
    from dateline.stories.models import Story

    host, port = urllib.parse.urlsplit(base_url).hostname, urllib.parse.urlsplit(base_url).port
    follower = LiveFollower()
    threading.Thread(target=follower.follow, args=(host, port), daemon=True).start()
    if not follower.connected.wait(10):
        raise BenchError("The live stream did not answer.")
    opener = admin_session(base_url)
    reader = urllib.request.build_opener()  # no session: what a reader sees
    add_url = base_url + "/admin/snippets/stories/story/add/?locale=en"
    done = []
    for i in range(count):
        publication = Publication(f"Bench: story {i} published through the admin", 0.0)
        data = story_form(opener, add_url, publication.headline)
        publication.started = time.perf_counter()
        request = urllib.request.Request(add_url, data=data, headers={"Referer": add_url})
        opener.open(request).read()
        story = Story.objects.filter(headline=publication.headline, live=True).first()
        if story is None:
            raise BenchError(f"Publishing {publication.headline!r} through the admin failed.")
        page_url = base_url + urllib.parse.urlsplit(story.url).path  # this process's BASE_URL
        deadline = publication.started + 10
        while time.perf_counter() < deadline and None in (
            publication.page_s,
            publication.all_news_s,
            publication.live_s,
        ):
            now = time.perf_counter() - publication.started
            if publication.page_s is None and _visible(reader, page_url, None):
                publication.page_s = now
            if publication.all_news_s is None and _visible(
                reader, base_url + "/en/news/", publication.headline
            ):
                publication.all_news_s = now
            if publication.live_s is None and story.pk in follower.arrived:
                publication.live_s = follower.arrived[story.pk] - publication.started
            time.sleep(POLL_S)
        done.append(publication)
    return done


# -- the translation desk -------------------------------------------------------------------------


def desk_time(database: Database, desk_stories: int, requests: int) -> dict[str, list[float]]:
    from django.contrib.auth import get_user_model

    from dateline.editions.factories import EditionFactory
    from dateline.newsroom.desk import DESK_PAGE

    log = database.data_dir / "bulk.log"
    started = time.perf_counter()
    dateline_run("bulk-load", "--stories", str(desk_stories), "--no-index", log=log)
    print(f"Loaded {desk_stories:,} stories in {time.perf_counter() - started:.0f} s")
    target = EditionFactory(language=DESK_EDITION, name="Deutsch", time_zone="Europe/Berlin")
    client = test_client()
    client.force_login(get_user_model().objects.get(username=CHIEF[0]))
    first_url = f"/admin/newsroom/desk/{target.slug}/"
    deep_url = first_url
    for _ in range(20):
        page = client.get(deep_url).content.decode()
        older = re.search(r'href="(\?before=[^"]+)"', page)
        if older is None:
            raise BenchError(f"The desk has fewer than 20 pages of {DESK_PAGE}.")
        deep_url = first_url + older[1]
    times: dict[str, list[float]] = {"first page": [], "20 pages deep": []}
    for _ in range(requests):
        for name, url in (("first page", first_url), ("20 pages deep", deep_url)):
            started = time.perf_counter()
            response = client.get(url)
            times[name].append(time.perf_counter() - started)
            if response.status_code != 200:
                raise BenchError(f"GET {url} answered {response.status_code}.")
    return times


def untranslated_count() -> int:
    from dateline.editions.models import Edition
    from dateline.stories.models import Story

    target = Edition.objects.get(locale__language_code=DESK_EDITION)
    return (
        Story.objects.filter(live=True, translation_of__isnull=True)
        .exclude(locale_id=target.locale_id)
        .count()
    )


# -- the report ---------------------------------------------------------------------------------


def _figures(values: list[float]) -> str:
    return f"median {statistics.median(values) * 1000:7.1f} ms, p95 {p95(values) * 1000:7.1f} ms"


def report(
    label: str, publications: list[Publication], desk: dict[str, list[float]], waiting: int
) -> bool:
    ok = True
    print(f"\n== Publish to readers: {label}, {len(publications)} stories, from the admin POST ==")
    for name in ("page_s", "all_news_s", "live_s"):
        values = [getattr(p, name) for p in publications]
        seen = [v for v in values if v is not None]
        missed = len(values) - len(seen)
        passed = not missed and p95(seen) < PUBLISH_TARGET_S
        ok &= passed
        print(
            f"{name[:-2]:10} {_figures(seen)}, missed {missed}  "
            f"target p95 < {PUBLISH_TARGET_S:.0f} s: {verdict(passed)}"
        )
    print(f"\n== Translation desk: {label}, {waiting:,} originals waiting for '{DESK_EDITION}' ==")
    for name, values in desk.items():
        passed = p95(values) * 1000 < DESK_TARGET_MS
        ok &= passed
        print(
            f"{name:14} {_figures(values)}  target p95 < {DESK_TARGET_MS:.0f} ms: {verdict(passed)}"
        )
    return ok


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=50, help="stories to publish (50)")
    parser.add_argument(
        "--desk-stories", type=int, default=150_000, help="stories to load for the desk (150000)"
    )
    parser.add_argument("--requests", type=int, default=50, help="desk requests per page (50)")
    parser.add_argument("--database-url", default="", help="PostgreSQL: a database to create")
    parser.add_argument("--keep-data", action="store_true", help="keep the temporary DATA_DIR")
    parser.set_defaults(data_dir=None)
    return parser.parse_args()


def main() -> int:
    args = arguments()
    print(f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, CPU pressure {cpu_pressure()}")
    try:
        with bench_database(args, demo_build) as database:
            test_client()  # Django set up in this process, on the same database
            chief_editor_create()
            with asgi_server(database.data_dir / "server.log", "/en/") as (base_url, _session):
                publications = publications_time(base_url, args.stories)
            desk = desk_time(database, args.desk_stories, args.requests)
            ok = report(database.label, publications, desk, untranslated_count())
    except BenchError as error:
        print(f"newsroom.py: {error}", file=sys.stderr)
        return 1
    print(f"\nAll targets: {verdict(ok)}; CPU pressure at the end {cpu_pressure()}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
