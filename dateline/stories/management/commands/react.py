from typing import Any

from django.core.management.base import BaseCommand

from dateline.stories.outbox import reactions_run


class Command(BaseCommand):
    help = (
        "Lets every reaction to story changes (the live stream's Redis ring, and later cache "
        "purges, the search index, webhooks) catch up with the outbox from where it stopped."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        reactions_run()
