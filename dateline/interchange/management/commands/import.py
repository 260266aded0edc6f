import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dateline.core.planner import planner_statistics_refresh
from dateline.interchange.importer import LineOutcome, LineStatus, stories_import


class Command(BaseCommand):
    help = (
        "Imports stories from a JSON Lines file, one story a line (docs/import-format.md). "
        "Lines already imported are updated when they changed and left alone otherwise."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "file", type=Path, help="The .jsonl file; photo paths are relative to it."
        )

    def handle(self, *args, file: Path, verbosity: int, **options) -> None:
        if not file.is_file():
            raise CommandError(f"No such file: {file}")

        def report(outcome: LineOutcome) -> None:
            if outcome.status == LineStatus.FAILED:
                self.stderr.write(f"line {outcome.number}: failed: {outcome.detail}")
            elif verbosity >= 1:
                self.stdout.write(
                    f"line {outcome.number}: {outcome.status} {outcome.external_id} "
                    f"({outcome.detail})"
                )

        started = time.monotonic()
        counts = stories_import(path=file, on_line=report)
        planner_statistics_refresh()  # an archive imported is many rows more
        seconds = time.monotonic() - started
        if counts.failed:
            raise CommandError(str(counts))
        self.stdout.write(
            f"{counts} ({counts.lines} lines in {seconds:.1f} s, "
            f"{counts.lines / max(seconds, 0.001):.0f} lines/s)"
        )
