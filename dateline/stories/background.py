"""Loops that run beside the story scheduler in `dateline worker` (and so in `dateline serve`
with the in-process task backend), registered by the rooms that own them, so that the worker
knows nothing of them: the webhook sender (syndication) is one.

A loop is a function that runs until the event it is given is set (or returns at once when it
has nothing to do in this process). Each runs in a thread of its own, once per process, and is
started again after a few seconds if it fails."""

import logging
import threading
from collections.abc import Callable

from django.db import close_old_connections, connection

log = logging.getLogger(__name__)

Loop = Callable[[threading.Event], None]
RESTART_SECONDS = 5.0
JOIN_SECONDS = 5.0

_loops: dict[str, Loop] = {}
_running: dict[str, threading.Thread] = {}
_lock = threading.Lock()


def background_register(name: str, run: Loop) -> None:
    _loops[name] = run


def periodic(job: Callable[[], object], seconds: float) -> Loop:
    """A loop that runs `job` at once and then every `seconds`, on a database connection of its
    own."""

    def run(stop: threading.Event) -> None:
        try:
            while not stop.is_set():
                close_old_connections()
                job()
                stop.wait(seconds)
        finally:
            connection.close()

    return run


def _forever(name: str, run: Loop, stop: threading.Event) -> None:
    """Runs the loop until it returns (it has nothing to do here, or `stop` is set), starting it
    again after a failure."""
    while not stop.is_set():
        try:
            run(stop)
            return
        except Exception:
            log.exception(
                "Background loop %r stopped; it starts again in %s s", name, RESTART_SECONDS
            )
            stop.wait(RESTART_SECONDS)


def background_start(stop: threading.Event) -> list[threading.Thread]:
    """Starts each registered loop not yet running in this process; their threads."""
    started = []
    with _lock:
        for name, run in _loops.items():
            thread = _running.get(name)
            if thread is not None and thread.is_alive():
                continue
            thread = threading.Thread(
                target=_forever, args=(name, run, stop), daemon=True, name=name
            )
            thread.start()
            _running[name] = thread
            started.append(thread)
    return started


def background_join(threads: list[threading.Thread]) -> None:
    """Waits a little for loops told to stop to finish what they are doing."""
    for thread in threads:
        thread.join(timeout=JOIN_SECONDS)
