import logging
import os
import signal
import socket
import threading
from datetime import timedelta
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone

from dateline.stories.background import background_join, background_start
from dateline.stories.schedule import Scheduler

log = logging.getLogger(__name__)

BACKEND = "newsroom"  # settings.TASKS
# How long the worker waits before it looks at an empty queue again: a scheduled story goes
# out within this of the scheduler enqueueing it.
QUEUE_POLL_SECONDS = 0.2
PRUNE_SECONDS = 3600
KEEP_RESULTS = timedelta(days=7)


class Command(BaseCommand):
    help = (
        "Dateline's background work: the story scheduler (scheduled publications and expiries "
        "within a second of their time, from one process however many run) and, with "
        "TASK_BACKEND=database, the tasks queued in the database (scheduled publications, "
        "reactions to story changes); beside them the loops other parts register (the webhook "
        "sender). Stops cleanly on SIGTERM or Ctrl-C."
    )
    # `dateline serve` runs this in a thread of its own and stops it through an Event.
    stealth_options = ("stop",)

    def handle(self, *args: Any, stop: threading.Event | None = None, **options: Any) -> None:
        if stop is None:
            stop = threading.Event()
            self._stop_on_signals(stop)
        scheduler = Scheduler()
        loops = background_start(stop)
        try:
            if settings.TASK_BACKEND != "database":
                # Tasks run where they are enqueued: in the scheduler's own loop, here.
                scheduler.run(stop)
                return
            thread = threading.Thread(target=scheduler.run, args=(stop,), name="scheduler")
            thread.start()
            try:
                _run_queue(stop)
            finally:
                stop.set()
                thread.join()
        finally:
            if stop.is_set():  # else `dateline serve` starts this again; the loops go on
                background_join(loops)

    def _stop_on_signals(self, stop: threading.Event) -> None:
        def on_signal(signum: int, frame: FrameType | None) -> None:
            self.stderr.write(f"{signal.strsignal(signum)}: stopping after the current task")
            stop.set()

        signal.signal(signal.SIGTERM, on_signal)
        signal.signal(signal.SIGINT, on_signal)


def _run_queue(stop: threading.Event) -> None:
    """django-tasks-db's worker (`db_worker --backend newsroom`) in this thread, until `stop` is
    set; finished results older than a week are pruned every hour meanwhile."""
    from django_tasks_db.management.commands.db_worker import Worker

    worker = Worker(
        queue_names=["*"],
        interval=QUEUE_POLL_SECONDS,
        batch=False,
        backend_name=BACKEND,
        startup_delay=False,
        max_tasks=None,
        worker_id=f"{socket.gethostname()}:{os.getpid()}"[-64:],
        excluded_queue_names=[],
    )

    def keep_tidy() -> None:
        while not stop.wait(PRUNE_SECONDS):
            try:
                _results_prune()
            except Exception:
                log.exception("Old task results could not be pruned; next hour, then")
            finally:
                close_old_connections()
        worker.running = False  # it finishes the task it is running, if any, then returns

    threading.Thread(target=keep_tidy, daemon=True, name="task-results-pruner").start()
    worker.run()


def _results_prune() -> None:
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(backend_name=BACKEND).finished().filter(
        finished_at__lt=timezone.now() - KEEP_RESULTS
    ).delete()
