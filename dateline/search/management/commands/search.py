import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dateline.editions.registry import all_editions
from dateline.search.query import LIMIT, story_search


class Command(BaseCommand):
    help = (
        "Searches an edition as its readers do (published stories only, the same ranking) and "
        "prints the top results as JSON lines: story id, headline, score."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("query")
        parser.add_argument("--edition", required=True, help="the edition's language code")
        parser.add_argument("--limit", type=int, default=LIMIT)

    def handle(self, *args: str, query: str, edition: str, limit: int, **options: object) -> None:
        found = next((e for e in all_editions() if e.language == edition), None)
        if found is None:
            known = ", ".join(e.language for e in all_editions()) or "none"
            raise CommandError(f"No edition {edition!r} (editions: {known}).")
        if not 1 <= limit <= 1000:
            raise CommandError("--limit must be between 1 and 1000.")
        for hit in story_search(query, found, limit=limit):
            line = {"id": hit.story_id, "headline": hit.headline, "score": round(hit.score, 6)}
            self.stdout.write(json.dumps(line, ensure_ascii=False))
