import asyncio
import logging
import os
import signal
import threading
from collections.abc import Awaitable, Callable, Mapping
from types import FrameType
from typing import Any

import uvicorn
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

log = logging.getLogger(__name__)

# What a page, a feed or an admin save still gets to finish once SIGTERM has come (live
# streams, which never finish, are ended at once: see _EventStreamsEndOnShutdown).
GRACEFUL_SHUTDOWN_SECONDS = 3
RESTART_SECONDS = 5

Scope = dict[str, Any]
Message = Mapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class _EventStreamsEndOnShutdown:
    """Dateline's ASGI application as served, with what uvicorn leaves out. Told to stop, uvicorn
    waits (up to GRACEFUL_SHUTDOWN_SECONDS) for open responses to finish, and a live stream
    never does; then it exits without letting the stream end its response, and the reader's
    page sees a broken transfer. So when the signal comes, every open event stream (a request
    that accepts text/event-stream, as EventSource's do) is told its reader has left: Django
    ends the view, the stream closes its response whole (live.views), and the page's
    EventSource reconnects after its `retry:`, to a server that is up."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.leaving: set[asyncio.Event] = set()  # one per open event stream
        self.watching = False
        self.closing = False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not any(
            name == b"accept" and b"text/event-stream" in value for name, value in scope["headers"]
        ):
            return await self.app(scope, receive, send)
        self._watch_signals()
        leave = asyncio.Event()
        if self.closing:  # came in while the server was closing its doors
            leave.set()

        async def receive_or_leave() -> Message:
            receiving = asyncio.ensure_future(receive())
            leaving = asyncio.ensure_future(leave.wait())
            try:
                await asyncio.wait((receiving, leaving), return_when=asyncio.FIRST_COMPLETED)
            finally:
                for waiting in (receiving, leaving):
                    if not waiting.done():
                        waiting.cancel()
            if receiving.done() and not receiving.cancelled():
                return receiving.result()
            return {"type": "http.disconnect"}

        self.leaving.add(leave)
        try:
            await self.app(scope, receive_or_leave, send)
        finally:
            self.leaving.discard(leave)

    def _watch_signals(self) -> None:
        """Chains onto uvicorn's own handlers (signals reach the main thread, the event loop's)."""
        if self.watching or threading.current_thread() is not threading.main_thread():
            return
        self.watching = True
        loop = asyncio.get_running_loop()
        for number in (signal.SIGTERM, signal.SIGINT):
            previous = signal.getsignal(number)

            def on_signal(signum: int, frame: FrameType | None, previous: Any = previous) -> None:
                loop.call_soon_threadsafe(self._leave_all)
                if callable(previous):
                    previous(signum, frame)
                elif previous == signal.SIG_DFL:
                    signal.signal(signum, signal.SIG_DFL)
                    signal.raise_signal(signum)

            signal.signal(number, on_signal)

    def _leave_all(self) -> None:
        self.closing = True
        for leave in self.leaving:
            leave.set()


def asgi_application() -> ASGIApp:
    """What `dateline serve` runs in each server process (a factory: Django is set up there)."""
    from dateline.asgi import application

    return _EventStreamsEndOnShutdown(application)


def _scheduler_forever(stop: threading.Event) -> None:
    """The story scheduler (`dateline worker`; with the immediate task backend its tasks run in
    this thread): scheduled publications and expiries within a second, the outbox's reactions
    resumed after a crash, Wagtail's scheduled pages. It survives its own failures; this loop
    survives the command failing to start."""
    while not stop.is_set():
        try:
            call_command("worker", stop=stop)
        except Exception:
            log.exception("The story scheduler stopped; it starts again in %s s", RESTART_SECONDS)
            stop.wait(RESTART_SECONDS)


def _exit(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)


class Command(BaseCommand):
    help = (
        "Serves Dateline over ASGI (uvicorn): reader pages, admin, static files and media; with "
        "TASK_BACKEND=immediate, also runs the story scheduler (see `dateline worker`)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
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
            help="Leave the story scheduler to `dateline worker` or another server.",
        )

    def handle(
        self, *args: Any, host: str, port: int, workers: int, no_scheduler: bool, **options: Any
    ) -> None:
        stop = threading.Event()
        scheduler = None
        if not no_scheduler and settings.TASK_BACKEND == "immediate":
            scheduler = threading.Thread(
                target=_scheduler_forever, args=(stop,), daemon=True, name="scheduler"
            )
            scheduler.start()
        elif not no_scheduler:
            self.stdout.write("Tasks are queued in the database: `dateline worker` runs them.")
        # uvicorn handles SIGTERM while it serves and raises it again once it has stopped: leave
        # through `finally` then, so the scheduler lets go of its lease for another process.
        signal.signal(signal.SIGTERM, _exit)
        self.stdout.write(self.style.SUCCESS(f"Dateline is serving on http://{host}:{port}/"))
        self.stdout.flush()
        try:
            uvicorn.run(
                "dateline.core.management.commands.serve:asgi_application",
                factory=True,
                host=host,
                port=port,
                workers=workers,
                access_log=False,
                log_level="warning",
                lifespan="off",
                timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS,
                # No "server: uvicorn" banner for scanners; Date stays, as HTTP asks of a server.
                server_header=False,
                date_header=True,
            )
        finally:
            stop.set()
            if scheduler is not None:
                scheduler.join(timeout=2)
