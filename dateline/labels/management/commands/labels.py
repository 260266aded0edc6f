import json
import sys
from argparse import ArgumentParser
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone

from dateline.labels.detection import LANGUAGES, Detector, Entity
from dateline.labels.models import RegistryEntity


class Command(BaseCommand):
    help = (
        "Labels from the shell: `detect --lang ru|en` reads a text on standard input (UTF-8) "
        "and prints each mention of a registry entry in force as one JSON object a line: "
        "entity (the registry id), name, start and end (offsets into the text), text, and "
        "review (true for a candidate an editor must decide on, false for a label)."
    )
    stealth_options = ("stdin",)

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        detect = actions.add_parser("detect", help="Print the mentions in the text on stdin.")
        detect.add_argument(
            "--lang", required=True, metavar="ru|en", help="The language of the text."
        )

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        getattr(self, f"_{action}")(**options)

    def _detect(self, *, lang: str, stdin: TextIO | None = None, **_: Any) -> None:
        if lang not in LANGUAGES:
            raise CommandError(f"--lang must be one of {', '.join(LANGUAGES)}; it is {lang!r}.")
        today = timezone.localdate()
        entries = {
            entry.pk: entry
            for entry in RegistryEntity.objects.filter(
                Q(removed_on__isnull=True) | Q(removed_on__gt=today)
            )
        }
        if not entries:
            raise CommandError(
                "The registry has no entries in force: import one first "
                "(dateline registry import FILE)."
            )
        text = _read(stdin or sys.stdin)
        detector = Detector(
            Entity(pk, entry.name, tuple(entry.aliases or ())) for pk, entry in entries.items()
        )
        for mention in detector.mentions(text, lang):
            entry = entries[mention.entity]
            line = {
                "entity": entry.external_id,
                "name": entry.name,
                "start": mention.start,
                "end": mention.end,
                "text": mention.text,
                "review": mention.review,
            }
            self.stdout.write(json.dumps(line, ensure_ascii=False))


def _read(stream: TextIO) -> str:
    """The whole stream as text, read as UTF-8 whatever the locale says."""
    try:
        buffer = getattr(stream, "buffer", None)
        if buffer is not None:
            return str(buffer.read().decode("utf-8"))
        return stream.read()
    except UnicodeDecodeError as error:
        raise CommandError(f"The text on standard input is not UTF-8: {error}") from None
