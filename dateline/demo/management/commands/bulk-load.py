from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from dateline.demo.bulk import MENTION_SHARE, VARIED_MIN_CHARS, YEARS, BulkLoad, stories_bulk_load

PROGRESS_EVERY = 50_000


class Command(BaseCommand):
    help = (
        f"Adds N synthetic published stories spread over the last {YEARS} years to the existing "
        "editions (to the demo's editions, sections and authors on an empty database), a third "
        "of them translations, in batched inserts. Each gets a revision, a publish entry in its "
        "history, Wagtail's reference index rows and (unless --no-index) its search index "
        "entry, so the admin, reader pages and search treat it like a story made by hand. No "
        "live events are sent for these back-dated stories; their labels come from a pass of "
        "each label rule, which `dateline worker` runs."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--stories", type=int, required=True, help="How many stories.")
        parser.add_argument(
            "--seed", type=int, default=2021, help="The same seed writes the same stories."
        )
        parser.add_argument(
            "--no-index",
            dest="index",
            action="store_false",
            help="Leave the stories out of the search indexes (faster); "
            "`dateline update_index` and `dateline reindex` add them later.",
        )
        parser.add_argument(
            "--varied-text",
            action="store_true",
            help=f"Give every story a headline, lead and body of its own (at least "
            f"{VARIED_MIN_CHARS:,} characters, in its edition's language) instead of sampling "
            "them from the demo's few hundred; for benchmarks of text processing. Slower.",
        )
        parser.add_argument(
            "--mention",
            action="append",
            default=[],
            metavar="NAME",
            help="Plant a sentence naming NAME (as written) in --mention-share of the stories; "
            "repeatable, each name in its own share of the stories, chosen independently (so a "
            "few stories name two). The counts are printed at the end.",
        )
        parser.add_argument(
            "--mention-share",
            type=float,
            default=None,
            metavar="SHARE",
            help=f"The share of the stories that name each --mention ({MENTION_SHARE}).",
        )

    def handle(
        self,
        *args,
        stories: int,
        seed: int,
        index: bool,
        varied_text: bool,
        mention: list[str],
        mention_share: float | None,
        **options,
    ) -> None:
        if stories < 1:
            raise CommandError("--stories must be at least 1.")
        if mention_share is not None and not mention:
            raise CommandError("--mention-share needs at least one --mention NAME.")
        if mention_share is None:
            mention_share = MENTION_SHARE
        if not 0 <= mention_share <= 1:
            raise CommandError("--mention-share must be between 0 and 1.")
        if any(not name.strip() for name in mention):
            raise CommandError("--mention needs a name.")
        self.next_report = PROGRESS_EVERY
        result = stories_bulk_load(
            stories=stories,
            seed=seed,
            index=index,
            varied_text=varied_text,
            mentions=mention,
            mention_share=mention_share,
            progress=self._progress,
        )
        index_note = (
            f"search indexing {result.index_seconds:.1f} s of it"
            if result.indexed
            else "not indexed for search"
        )
        self.stdout.write(
            f"{result.stories} stories in {result.seconds:.1f} s "
            f"({result.stories_per_second:.0f} stories/s), "
            f"database size {_database_megabytes():.0f} MB "
            f"({result.translations} translations; {index_note})"
        )
        for name, count in result.mentions.items():
            line = f"{name!r} is named in {count} stories"
            if elsewhere := result.unplanted_mentions.get(name):
                line += f" (and its text is found in {elsewhere} more)"
            self.stdout.write(line)

    def _progress(self, result: BulkLoad) -> None:
        if result.stories >= self.next_report:
            self.stdout.write(
                f"  {result.stories} stories, {result.stories_per_second:.0f} stories/s"
            )
            while self.next_report <= result.stories:
                self.next_report += PROGRESS_EVERY


def _database_megabytes() -> float:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            return cursor.fetchone()[0] / 1e6
    if connection.vendor == "sqlite":
        path = Path(connection.settings_dict["NAME"])
        # With WAL, recent writes sit in the -wal file until a checkpoint.
        files = [path, path.with_name(path.name + "-wal")]
        return sum(f.stat().st_size for f in files if f.exists()) / 1e6
    return float("nan")
