"""Loops other rooms run beside the story scheduler: each once per process, started again when
it fails, stopped with the worker."""

import threading

from dateline.stories import background


def test_a_loop_runs_once_per_process_survives_its_failures_and_stops_with_the_worker(
    monkeypatch,
):
    monkeypatch.setattr(background, "_loops", {})
    monkeypatch.setattr(background, "_running", {})
    monkeypatch.setattr(background, "RESTART_SECONDS", 0.01)
    runs: list[int] = []
    running = threading.Event()

    def flaky(stop: threading.Event) -> None:
        runs.append(1)
        if len(runs) == 1:
            raise RuntimeError("the endpoint's host vanished")
        running.set()
        stop.wait()

    background.background_register("test-flaky", flaky)
    stop = threading.Event()
    threads = background.background_start(stop)
    assert running.wait(timeout=5)
    assert background.background_start(stop) == []  # a second worker start adds none

    stop.set()
    background.background_join(threads)
    assert len(runs) == 2
    assert not any(thread.is_alive() for thread in threads)


def test_a_loop_with_nothing_to_do_in_this_process_returns_and_is_not_run_again(monkeypatch):
    monkeypatch.setattr(background, "_loops", {})
    monkeypatch.setattr(background, "_running", {})
    runs: list[int] = []

    def idle(stop: threading.Event) -> None:
        runs.append(1)  # e.g. SQLite's statistics on PostgreSQL: nothing to keep

    background.background_register("test-idle", idle)
    stop = threading.Event()
    (thread,) = background.background_start(stop)
    thread.join(timeout=5)

    assert not thread.is_alive()  # it ended without being told to stop
    assert runs == [1]
    stop.set()


def test_a_periodic_job_runs_at_once_then_every_interval_until_stopped():
    ran = threading.Semaphore(0)
    loop = background.periodic(ran.release, 0.05)
    stop = threading.Event()
    thread = threading.Thread(target=loop, args=(stop,))
    thread.start()

    assert all(ran.acquire(timeout=5) for _ in range(3))  # at once, then again and again
    stop.set()
    thread.join(timeout=5)
    assert not thread.is_alive()
