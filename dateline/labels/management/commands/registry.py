from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from dateline.labels.registry_import import RegistryFileError, registry_import


class Command(BaseCommand):
    help = (
        "Registries of entities whose mentions take a label: `import FILE` reads a CSV "
        "(id,name,aliases,kind,designated_on,removed_on,source) or a JSON list, reports each "
        "bad row by its line and imports the rest."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        load = actions.add_parser("import", help="Import or update entries from a file.")
        load.add_argument("file", type=Path)

    def handle(self, *args: Any, action: str, file: Path, **options: Any) -> None:
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        try:
            result = registry_import(file)
        except RegistryFileError as error:
            raise CommandError(str(error)) from None
        for number, why in result.failed:
            self.stderr.write(f"line {number}: {why}")
        self.stdout.write(str(result))
        if result.failed:
            raise CommandError(f"{len(result.failed)} rows were not imported.")
