from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from dateline.editions.registry import edition_for_slug
from dateline.syndication.keys import PREFIX_LENGTH, api_key_create, api_key_revoke
from dateline.syndication.models import ApiKey


class Command(BaseCommand):
    help = (
        "Subscribers' API keys (docs/api.md): `create` prints a new key once (only its hash is "
        "kept), `revoke` stops one at once, `list` shows them all."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="Make a key and print it, once.")
        create.add_argument("--name", required=True, help="Who uses it, e.g. “Report.az”.")
        create.add_argument(
            "--editions",
            required=True,
            metavar="SLUGS",
            help="The editions it reads, comma-separated, e.g. en,ru.",
        )
        create.add_argument(
            "--embargo",
            action="store_true",
            help="It also gets stories under embargo before it ends.",
        )
        create.add_argument(
            "--requests-per-minute", type=int, default=None, help="Its rate (600 by default)."
        )
        revoke = actions.add_parser("revoke", help="Stop a key, by its name or its prefix.")
        which = revoke.add_mutually_exclusive_group(required=True)
        which.add_argument("--name", help="The key's name (one key only must have it).")
        which.add_argument("--prefix", help="The key's first characters, as `list` shows them.")
        actions.add_parser("list", help="Every key: prefix, name, editions, scope, use.")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        getattr(self, f"_{action}")(**options)

    def _create(
        self, *, name: str, editions: str, embargo: bool, requests_per_minute: int | None, **_: Any
    ) -> None:
        slugs = [slug.strip() for slug in editions.split(",") if slug.strip()]
        if not slugs:
            raise CommandError("Name at least one edition: --editions en,ru")
        if unknown := [slug for slug in slugs if edition_for_slug(slug) is None]:
            raise CommandError(f"Unknown edition: {', '.join(unknown)}")
        if requests_per_minute is not None and requests_per_minute < 1:
            raise CommandError("--requests-per-minute must be at least 1.")
        key, raw = api_key_create(
            name=name,
            editions=[edition_for_slug(slug) for slug in slugs],  # type: ignore[misc]
            embargo_access=embargo,
            requests_per_minute=requests_per_minute,
        )
        self.stderr.write(
            f"API key “{key.name}” for {', '.join(slugs)}"
            f"{' with embargoed stories' if embargo else ''}, shown only now:"
        )
        self.stdout.write(raw)  # alone on standard output, for a script to take

    def _revoke(self, *, name: str | None, prefix: str | None, **_: Any) -> None:
        keys = ApiKey.objects.filter(revoked_at=None)
        if name is not None:
            keys = keys.filter(name=name)
        else:
            keys = keys.filter(prefix=(prefix or "")[:PREFIX_LENGTH])
        found = list(keys[:2])
        if not found:
            raise CommandError("No working key has that name or prefix.")
        if len(found) > 1:
            raise CommandError("Several working keys have that name: revoke one by --prefix.")
        api_key_revoke(key=found[0])
        self.stdout.write(f"Revoked “{found[0].name}” ({found[0].prefix}…).")

    def _list(self, **_: Any) -> None:
        for key in ApiKey.objects.prefetch_related("editions").order_by("created_at"):
            editions = ",".join(edition.slug for edition in key.editions.all())
            state = f"revoked {key.revoked_at:%Y-%m-%d}" if key.revoked_at else "working"
            used = f"{key.last_used_at:%Y-%m-%d %H:%M}" if key.last_used_at else "never"
            scope = "embargo" if key.embargo_access else "public"
            self.stdout.write(
                f"{key.prefix}…  {key.name}  [{editions}]  {scope}  "
                f"{key.requests_per_minute}/min  last used {used}  {state}"
            )
