"""Lighthouse 12 on the reader's pages: performance, accessibility, best practices and SEO.

Not a test: it prints figures for bench/RESULTS.md. It builds the demo agency (`dateline
migrate`, `dateline demo`) in a temporary DATA_DIR, or uses the one given with --data-dir, serves
it with `dateline serve` on 127.0.0.1, finds a front page in each edition, a story with a lead
photo and an author, All news, an archive day and that author's page by following the site's own
links, and runs Lighthouse (mobile, its default: a mid-range phone on a slow 4G link, simulated,
since no page here goes further than 127.0.0.1) --runs times on each with Debian's Chromium.
Target: a median of at least 95 in each category on every page.

    make lighthouse [LIGHTHOUSE_ARGS="--runs 5"]     # installs Lighthouse, then runs this
    .venv/bin/python bench/lighthouse.py [--runs 3] [--keep-data] [--data-dir DIR]

Every report is kept in bench/out/lighthouse/ (git-ignored) for its details.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from harness import PROJECT_DIR, BenchError, asgi_server, cpu_pressure, verdict
from pages import demo_database

LIGHTHOUSE = PROJECT_DIR / "checks" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = "--headless --no-sandbox --disable-gpu --disable-background-networking"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGET = 95
REPORTS_DIR = PROJECT_DIR / "bench" / "out" / "lighthouse"
RUN_TIMEOUT_S = 300


def page_text(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode()
    except urllib.error.HTTPError as error:
        raise BenchError(f"GET {url} answered {error.code}.") from None


def links(url: str, pattern: str) -> list[str]:
    """The addresses `url` links to whose path matches `pattern`, in page order."""
    found = (
        urljoin(url, href) for href in re.findall(r'<a\b[^>]*\bhref="([^"]+)"', page_text(url))
    )
    return list(dict.fromkeys(h for h in found if re.search(pattern, urlsplit(h).path)))


def first_link(url: str, pattern: str, what: str) -> str:
    found = links(url, pattern)
    if not found:
        raise BenchError(f"{url} links to no {what}.")
    return found[0]


def story_and_author(base_url: str) -> tuple[str, str]:
    """The newest English story with a lead photo and a link to its author's page."""
    for story_url in links(f"{base_url}/en/news/", r"/news/\d+/[^/]+/$")[:40]:
        text = page_text(story_url)
        author = re.search(r'<a\b[^>]*\bhref="([^"]*/authors/[^"]+)"', text)
        if 'class="lead-photo' in text and author:
            return story_url, urljoin(story_url, author.group(1))
    raise BenchError(f"No story with a lead photo and an author link on {base_url}/en/news/.")


def reader_pages(base_url: str) -> dict[str, str]:
    story, author = story_and_author(base_url)
    ru_story = first_link(story, r"^/ru/news/\d+/[^/]+/$", "Russian version")
    year = first_link(f"{base_url}/en/archive/", r"/archive/\d{4}/$", "archive year")
    month = first_link(year, r"/archive/\d{4}/\d{1,2}/$", "archive month")
    day = first_link(month, r"/archive/\d{4}/\d{1,2}/\d{1,2}/$", "archive day")
    return {
        "front-en": f"{base_url}/en/",
        "front-ru": f"{base_url}/ru/",
        "story-en": story,
        "story-ru": ru_story,
        "all-news-en": f"{base_url}/en/news/",
        "archive-day-en": day,
        "author-en": author,
    }


def lighthouse_run(url: str, report: Path) -> dict:
    """One Lighthouse run with its default (mobile) settings; the report is kept in `report`."""
    result = subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={CHROMIUM_FLAGS}",
        ],
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_S,
    )
    if result.returncode != 0 or not report.exists():
        raise BenchError(f"Lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    return json.loads(report.read_text())


def scores(report: dict) -> dict[str, float]:
    return {
        category: round(100 * (report["categories"][category]["score"] or 0))
        for category in CATEGORIES
    }


def shortfalls(report: dict) -> list[str]:
    """The audits of a report that cost its categories points, worst first."""
    audits = report["audits"]
    lost = []
    for category in CATEGORIES:
        for ref in report["categories"][category]["auditRefs"]:
            audit = audits[ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                value = audit.get("displayValue", "")
                lost.append(
                    (
                        ref["weight"] * (1 - audit["score"]),
                        f"{category}: {ref['id']} {audit['score']:.2f}"
                        + (f" ({value})" if value else ""),
                    )
                )
    return [text for _, text in sorted(lost, reverse=True)]


def report_print(medians: dict[str, dict[str, float]], lost: dict[str, list[str]]) -> None:
    width = max(map(len, medians))
    print(f"\nMedian of the runs per category (target: at least {TARGET} in each):")
    print(f"  {'page':<{width}}  " + "  ".join(f"{c:>14}" for c in CATEGORIES) + "  verdict")
    for name, median in medians.items():
        cells = "  ".join(f"{median[c]:>14.0f}" for c in CATEGORIES)
        print(f"  {name:<{width}}  {cells}  {verdict(min(median.values()) >= TARGET)}")
    print("\nWhere the points went (the run with the median performance score):")
    for name, items in lost.items():
        print(f"  {name}: " + ("; ".join(items[:8]) if items else "nothing"))
    passed = all(min(median.values()) >= TARGET for median in medians.values())
    print(f"\nEvery page at least {TARGET} in every category: {verdict(passed)}")


def measure(base_url: str, runs: int) -> None:
    try:
        with urllib.request.urlopen(f"{base_url}/robots.txt", timeout=30) as response:
            print(f"/robots.txt: {response.status}")
    except urllib.error.HTTPError as error:
        print(f"/robots.txt: {error.code} (Lighthouse's SEO audit looks for one)")
    pages = reader_pages(base_url)
    REPORTS_DIR.mkdir(parents=True, exist_ok=True)
    medians: dict[str, dict[str, float]] = {}
    lost: dict[str, list[str]] = {}
    for name, url in pages.items():
        page_text(url)  # renditions are made on a page's first view, not during a run
        reports = [
            lighthouse_run(url, REPORTS_DIR / f"{name}-{run + 1}.json") for run in range(runs)
        ]
        runs_scores = [scores(report) for report in reports]
        medians[name] = {c: statistics.median(s[c] for s in runs_scores) for c in CATEGORIES}
        by_performance = sorted(
            zip(runs_scores, reports, strict=True), key=lambda r: r[0]["performance"]
        )
        lost[name] = shortfalls(by_performance[len(by_performance) // 2][1])
        print(
            f"{name}: {url}\n  runs: "
            + "; ".join(" ".join(f"{s[c]:.0f}" for c in CATEGORIES) for s in runs_scores)
            + f"  (CPU pressure {cpu_pressure()})"
        )
    report_print(medians, lost)


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page (3)")
    parser.add_argument(
        "--database-url",
        default="",
        help="e.g. postgres://postgres@127.0.0.1:5432/bench_lighthouse: a database this run "
        "creates and drops (without --data-dir); default: SQLite in DATA_DIR",
    )
    parser.add_argument(
        "--data-dir", type=Path, help="use this DATA_DIR (and its database) as it is: no demo build"
    )
    parser.add_argument("--keep-data", action="store_true", help="keep the temporary DATA_DIR")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    return args


def main() -> int:
    args = arguments()
    if not LIGHTHOUSE.exists():
        print(f"lighthouse.py: {LIGHTHOUSE} is missing: run `make lighthouse`.", file=sys.stderr)
        return 2
    version = subprocess.run(
        [str(LIGHTHOUSE), "--version"], capture_output=True, text=True, check=True
    ).stdout.strip()
    print(
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, {platform.platform()}, Lighthouse {version}, "
        f"CPU pressure {cpu_pressure()}"
    )
    try:
        with demo_database(args) as database:
            log = database.data_dir / "serve.log"
            with asgi_server(log, "/en/") as (base_url, _session):
                measure(base_url, args.runs)
    except (BenchError, subprocess.SubprocessError) as error:
        print(f"lighthouse.py: {error}", file=sys.stderr)
        return 2
    print(f"CPU pressure at the end: {cpu_pressure()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
