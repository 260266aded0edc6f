import os

import uvicorn
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serves Dateline over ASGI (uvicorn): reader pages, admin, static files and media."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("WEB_CONCURRENCY", os.cpu_count() or 1)),
            help="Server processes (default: one per CPU core).",
        )

    def handle(self, *args, host: str, port: int, workers: int, **options) -> None:
        self.stdout.write(self.style.SUCCESS(f"Dateline is serving on http://{host}:{port}/"))
        self.stdout.flush()
        uvicorn.run(
            "dateline.asgi:application",
            host=host,
            port=port,
            workers=workers,
            access_log=False,
            log_level="warning",
            lifespan="off",
        )
