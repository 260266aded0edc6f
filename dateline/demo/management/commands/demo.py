from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import ngettext

from dateline.demo.builder import ADMIN_USERNAME, admin_login_file, demo_build
from dateline.editions.links import edition_root
from dateline.stories.models import Story


class Command(BaseCommand):
    help = "Builds the demo agency: two editions, sections, photos and three months of stories."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--stories", type=int, default=300)
        parser.add_argument("--days", type=int, default=90)
        parser.add_argument("--seed", type=int, default=2021)
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing (but print the admin login) when the database already has stories.",
        )
        parser.add_argument(
            "--force", action="store_true", help="Build even if the database has stories."
        )

    def handle(self, *args, stories: int, days: int, seed: int, if_empty: bool, force: bool, **kw):
        if Story.objects.exists() and not force:
            if if_empty:
                self._print_login()
                return
            raise CommandError(
                "This database already has stories; the demo would mix with them. "
                "Use --force to build it anyway."
            )
        self.stdout.write(f"Building the demo agency ({stories} stories over {days} days)…")
        agency = demo_build(stories=stories, days=days, seed=seed)
        for counts in agency.editions:
            self.stdout.write(
                f"{counts.edition.name} ({edition_root(counts.edition)}): "
                + ngettext("%(count)d story", "%(count)d stories", counts.stories)
                % {"count": counts.stories}
                + ngettext(
                    ", %(count)d of them a translation",
                    ", %(count)d of them translations",
                    counts.translations,
                )
                % {"count": counts.translations}
                + ngettext(", %(count)d author", ", %(count)d authors", counts.authors)
                % {"count": counts.authors}
            )
        self.stdout.write(
            ngettext("%(count)d photo", "%(count)d photos", agency.photos)
            % {"count": agency.photos}
            + ngettext(
                " by %(count)d photographer", " by %(count)d photographers", agency.photographers
            )
            % {"count": agency.photographers}
        )
        self._print_login()

    def _print_login(self) -> None:
        login_file = admin_login_file()
        if login_file.exists():
            username, password = login_file.read_text().split()
            self.stdout.write(
                self.style.SUCCESS(f"Admin login: {username} / {password}  (at /admin/)")
            )
        else:
            self.stdout.write(f"Log in at /admin/ (demo user “{ADMIN_USERNAME}” not built here).")
