import time

from django.core.management.base import BaseCommand, CommandParser

from dateline.search.index import reindex_step, reindexing_resumed

REPORT_SECONDS = 2.0


class Command(BaseCommand):
    help = (
        "Rebuilds the search index of every live story, in batches while the site keeps "
        "serving, with its progress; a rebuild that was stopped resumes where it stopped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--restart", action="store_true", help="Start over rather than resume.")

    def handle(self, *args: str, restart: bool, **options: object) -> None:
        reindexing = reindexing_resumed(restart=restart)
        if reindexing.done:
            self.stdout.write(f"Resuming after {reindexing.done:,} of {reindexing.total:,}.")
        started, reported, at_start = time.monotonic(), 0.0, reindexing.done
        while reindex_step(reindexing):
            now = time.monotonic()
            if now - reported >= REPORT_SECONDS:
                self._progress(
                    reindexing.done, reindexing.total, reindexing.done - at_start, now - started
                )
                reported = now
        seconds = time.monotonic() - started
        self._progress(reindexing.done, reindexing.total, reindexing.done - at_start, seconds)
        self.stdout.write(f"Indexed {reindexing.done:,} stories in {seconds:.1f} s.")

    def _progress(self, done: int, total: int, this_run: int, seconds: float) -> None:
        share = done / total if total else 1.0
        bar = "#" * int(share * 30)
        rate = this_run / seconds if seconds > 0 else 0.0
        self.stdout.write(f"[{bar:<30}] {min(share, 1.0):4.0%} {done:,}/{total:,} ({rate:,.0f}/s)")
