import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dateline.editions.registry import edition_for_slug
from dateline.interchange.exporter import stories_export


class Command(BaseCommand):
    help = (
        "Writes every published story as JSON Lines (docs/import-format.md), the format "
        "`import` reads. Lead photos are copied into <name>-photos/ next to the file."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "file",
            nargs="?",
            default="-",
            help="The .jsonl file to write; “-” (the default) "
            "writes to standard output and copies photos into ./stories-photos/.",
        )
        parser.add_argument(
            "--edition",
            action="append",
            dest="editions",
            default=[],
            metavar="SLUG",
            help="Only this edition's stories (may be given more than once).",
        )

    def handle(self, *args, file: str, editions: list[str], **options) -> None:
        if unknown := [slug for slug in editions if edition_for_slug(slug) is None]:
            raise CommandError(f"Unknown edition: {', '.join(unknown)}")
        if file == "-":
            base_dir = Path.cwd()
            report = stories_export(
                output=sys.stdout,
                base_dir=base_dir,
                photos_dir=base_dir / "stories-photos",
                edition_slugs=editions,
            )
            # The lines went to standard output; what is said about them goes elsewhere.
            say = self.stderr.write
        else:
            path = Path(file).resolve()
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("w", encoding="utf-8", newline="\n") as output:
                report = stories_export(
                    output=output,
                    base_dir=path.parent,
                    photos_dir=path.parent / f"{path.stem}-photos",
                    edition_slugs=editions,
                )
            say = self.stdout.write
        say(f"{report.stories} stories exported, {report.photos} photos copied.")
        if report.stories_with_unexported_blocks:
            say(
                f"{report.stories_with_unexported_blocks} stories have inline photos, galleries or "
                "see-also links in their body; the format leaves those blocks out."
            )
        for name in report.missing_photo_files:
            self.stderr.write(f"Photo file missing from media storage, not copied: {name}")
