"""Benchmark of relabelling (the third part of the label benchmarks, next to bench/labels.py):
how long after one registry change every past story that names the new entry carries its
label, on an archive of distinct text, and whether publishing goes on meanwhile.

Not a test: it prints figures for bench/RESULTS.md. It needs an archive loaded beforehand, with
distinct bodies and the name planted in a known number of stories, e.g.

    DATA_DIR=/tmp/relab .venv/bin/dateline migrate
    DATA_DIR=/tmp/relab .venv/bin/dateline bulk-load --stories 1000000 --seed 1 --no-index \\
        --varied-text --mention Мемориал --mention Memorial --mention-share 0.005
    .venv/bin/python bench/labels_relabel.py --data-dir /tmp/relab --name Мемориал \\
        --alias Memorial

It starts `dateline worker`, the production background runner, and

1. lets it finish the relabellings already queued (a bulk load leaves one per label rule: the
   rule passes that give the archive its labels) and times them;
2. publishes --probes stories one after another (create, revise, publish, as the admin does),
   timing each, with the worker idle;
3. adds the registry entry (a foreign agent named --name, with --alias) and, until the worker
   reports the relabelling finished, publishes a story every second, timing each the same way.

It prints the relabelling's wall time (target: under 10 minutes for 1,000,000 stories), stories
looked at per second, stories labelled and stories flagged for an editor's decision (a name
that is also a common word, unquoted), whether together they are every story that holds one of
the names as written (the whole archive read again afterwards), and the publish times
before and during (p50, p95, max): publishing is not blocked if they stay of the same order.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from harness import (
    DATELINE,
    PROJECT_DIR,
    BenchError,
    bench_database,
    cpu_pressure,
    log_tail,
    machine_line,
    p95,
)

TARGET_SECONDS = 600
POLL_SECONDS = 1.0


def _no_build(data_dir: Path, label: str) -> None:
    raise BenchError("Give --data-dir: the archive to relabel must be loaded beforehand.")


def _publish_timed(number: int) -> float:
    from dateline.editions.registry import all_editions
    from dateline.stories.services import story_create, story_publish

    edition = next(e for e in all_editions() if e.language == "ru")
    started = time.perf_counter()
    story = story_create(
        locale=edition.locale,
        headline=f"Пробная заметка {number}: публикация во время переразметки",
        lead="Редакция публикует новость, пока архив размечается заново.",
        body=[{"type": "paragraph", "value": "<p>Текст пробной заметки.</p>"}],
    )
    story_publish(story=story)
    return (time.perf_counter() - started) * 1000


def _figures(label: str, timings: list[float]) -> str:
    if not timings:
        return f"{label}: none"
    tail = f"p95 {p95(timings):.0f}" if len(timings) >= 2 else ""
    return (
        f"{label}: {len(timings)} publications, p50 {statistics.median(timings):.0f} ms, "
        f"{tail} ms, max {max(timings):.0f} ms"
    )


def _unfinished():
    from dateline.labels.models import Relabelling

    return Relabelling.objects.filter(finished_at__isnull=True)


def _wait_for_queued(log: Path, worker: subprocess.Popen) -> None:
    from dateline.labels.models import Relabelling

    queued = list(_unfinished())
    if not queued:
        print("queued relabellings: none")
        return
    started = time.perf_counter()
    while _unfinished().exists():
        if worker.poll() is not None:
            raise BenchError(f"`dateline worker` exited:\n{log_tail(log)}")
        time.sleep(POLL_SECONDS)
    seconds = time.perf_counter() - started
    for done in Relabelling.objects.filter(pk__in=[r.pk for r in queued]):
        taken = (done.finished_at - done.started_at).total_seconds()
        print(
            f"queued relabelling “{done.reason}” ({done.scope}): {done.scanned:,} looked at, "
            f"{done.changed:,} changed; finished {taken:.0f} s after it was queued"
        )
    print(f"queued relabellings done in {seconds:.0f} s of this run")


def _holding(names: list[str]) -> set[int]:
    """The live stories whose text holds one of `names` as written, read in full."""
    from django.db.models import TextField
    from django.db.models.functions import Cast

    from dateline.labels.relabelling import _body_text
    from dateline.stories.models import Story

    holding, last = set(), 0
    while True:
        rows = list(
            Story.objects.filter(live=True, pk__gt=last)
            .order_by("pk")
            .values_list("pk", "headline", "lead", "lead_photo_caption", Cast("body", TextField()))[
                :5000
            ]
        )
        if not rows:
            return holding
        last = rows[-1][0]
        for pk, headline, lead, caption, body in rows:
            text = f"{headline} {lead} {caption} {_body_text(body)}"
            if any(name in text for name in names):
                holding.add(pk)


def _relabel(args: argparse.Namespace, log: Path, worker: subprocess.Popen) -> None:
    from dateline.labels.models import EntityKind, RegistryEntity, Relabelling, StoryLabel

    before = [_publish_timed(n) for n in range(args.probes)]
    print(_figures("publishing with the worker idle", before))

    started = time.perf_counter()
    entity = RegistryEntity.objects.create(
        external_id=f"bench-{time.time_ns()}",
        name=args.name,
        aliases=args.alias,
        kind=EntityKind.objects.get(slug="foreign_agent"),
        designated_on=date(2000, 1, 1),
    )
    relabelling = Relabelling.objects.get(entity=entity, finished_at__isnull=True)
    during, number, last_report = [], args.probes, started
    while True:
        relabelling.refresh_from_db()
        if relabelling.finished_at is not None:
            break
        if worker.poll() is not None:
            raise BenchError(f"`dateline worker` exited:\n{log_tail(log)}")
        tick = time.perf_counter()
        during.append(_publish_timed(number))
        number += 1
        if tick - last_report >= 60:
            print(f"  {tick - started:4.0f} s: {relabelling.scanned:,} of {relabelling.total:,}")
            last_report = tick
        time.sleep(max(0.0, POLL_SECONDS - (time.perf_counter() - tick)))
    wall = time.perf_counter() - started
    taken = (relabelling.finished_at - relabelling.started_at).total_seconds()
    labelled = set(StoryLabel.objects.filter(entity=entity).values_list("story_id", flat=True))
    holding = _holding([args.name, *args.alias])
    every = labelled <= holding and len(holding) == len(labelled) + relabelling.flagged
    print(
        f"relabelling after adding “{args.name}” ({', '.join(args.alias) or 'no aliases'}): "
        f"{relabelling.scanned:,} stories looked at, {relabelling.changed:,} changed; "
        f"{len(labelled):,} carry the entry's label, {relabelling.flagged:,} flagged for an "
        f"editor's decision; {len(holding):,} hold one of its names as written (read after "
        f"the pass): each labelled or flagged: {'yes' if every else 'NO'}"
    )
    print(
        f"time: {taken:.1f} s from the entry's save to the last batch "
        f"({relabelling.scanned / taken:,.0f} stories/s), {wall:.1f} s until this run saw it; "
        f"target {TARGET_SECONDS} s: {'PASS' if taken < TARGET_SECONDS else 'FAIL'}"
    )
    print(_figures("publishing during the relabelling", during))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--name", required=True, help="the new registry entry's name")
    parser.add_argument("--alias", action="append", default=[], help="repeatable")
    parser.add_argument("--probes", type=int, default=10, help="publications before")
    parser.add_argument("--keep-data", action="store_true")
    args = parser.parse_args()
    print(machine_line())
    with bench_database(args, _no_build):
        import django

        django.setup()
        from dateline.stories.models import Story

        print(f"archive: {Story.objects.filter(live=True).count():,} live stories")
        log = args.data_dir / "bench-relabel-worker.log"
        with log.open("a") as out:
            worker = subprocess.Popen(
                [DATELINE, "worker"], stdout=out, stderr=subprocess.STDOUT, cwd=PROJECT_DIR
            )
        try:
            _wait_for_queued(log, worker)
            _relabel(args, log, worker)
        finally:
            worker.terminate()
            worker.wait(timeout=60)
    print(f"CPU pressure at the end: {cpu_pressure()}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as error:
        print(error, file=sys.stderr)
        sys.exit(1)
