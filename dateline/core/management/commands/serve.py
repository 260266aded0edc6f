import os
import threading

import uvicorn
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections

SCHEDULE_SECONDS = 60


def _publish_scheduled_forever(stop: threading.Event) -> None:
    """Wagtail's scheduled publishing and expiry, so embargoes lift on time with no cron, and the
    reactions to story changes, which resume here after a crash cut them short."""
    while True:
        try:
            call_command("react")
            if stop.wait(SCHEDULE_SECONDS):
                return
            call_command("publish_scheduled", verbosity=0)
        finally:
            close_old_connections()


class Command(BaseCommand):
    help = (
        "Serves Dateline over ASGI (uvicorn): reader pages, admin, static files and media; "
        "publishes scheduled stories every minute."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("WEB_CONCURRENCY", os.cpu_count() or 1)),
            help="Server processes (default: one per CPU core).",
        )
        parser.add_argument(
            "--no-scheduler",
            action="store_true",
            help="Leave scheduled publishing to another process (e.g. a cron job).",
        )

    def handle(self, *args, host: str, port: int, workers: int, no_scheduler: bool, **options):
        stop = threading.Event()
        if not no_scheduler:
            threading.Thread(
                target=_publish_scheduled_forever, args=(stop,), daemon=True, name="scheduler"
            ).start()
        self.stdout.write(self.style.SUCCESS(f"Dateline is serving on http://{host}:{port}/"))
        self.stdout.flush()
        try:
            uvicorn.run(
                "dateline.asgi:application",
                host=host,
                port=port,
                workers=workers,
                access_log=False,
                log_level="warning",
                lifespan="off",
            )
        finally:
            stop.set()
