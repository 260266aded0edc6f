"""The sender: posts pending deliveries, signed, from a pool of threads with short timeouts, and
records how each went: a 2xx answer delivers it; anything else (another status, a refused or
timed-out connection, an address that may not be called) is tried again after 10 s, 30 s,
2 min, 10 min, 1 h, 3 h and 6 h, then the delivery has failed.

It runs beside the story scheduler in `dateline worker` (so also in `dateline serve` with the
in-process task backend), never in the request that publishes nor in the scheduler's thread:
publishing only writes delivery rows (`events`), and the sender finds them within a fraction of
a second, at once when the rows were written in its own process. Several senders (one per
worker) share the work: each claims the rows it sends for a while.

A slow or dead endpoint costs the others little: each attempt has its own thread, at most
`TIMEOUT_SECONDS` per connection step and `DEADLINE_SECONDS` in all (well within its claim, so
no other sender takes it meanwhile), an endpoint has at most `PER_ENDPOINT` attempts in flight,
and an endpoint that fails is left alone until its retry is due, its other pending deliveries
waiting with it."""

import http.client
import logging
import queue
import socket
import ssl
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import close_old_connections, connection, transaction
from django.db.models import F
from django.utils import timezone

from dateline.syndication.models import WebhookDelivery

from .addresses import AddressRefused, Target, target_resolve
from .signing import DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, body_encode, signature

log = logging.getLogger(__name__)
Status = WebhookDelivery.Status

TIMEOUT_SECONDS = 5.0  # to connect, and to wait for each part of the answer
DEADLINE_SECONDS = 20.0  # for a whole attempt: an answer may not come a byte at a time
# The waits after each failed attempt; one attempt more than there are waits.
BACKOFF = (
    timedelta(seconds=10),
    timedelta(seconds=30),
    timedelta(minutes=2),
    timedelta(minutes=10),
    timedelta(hours=1),
    timedelta(hours=3),
    timedelta(hours=6),
)
ATTEMPTS = len(BACKOFF) + 1
WORKERS = 32
PER_ENDPOINT = 4  # attempts in flight to one endpoint
WINDOW = 500  # due deliveries looked at per claim
# A claimed delivery is someone's for this long: if its sender dies, another tries it then.
CLAIM = timedelta(minutes=1)
POLL_SECONDS = 0.25
KEEP = timedelta(days=30)  # delivered and failed deliveries in the log
PRUNE_SECONDS = 3600.0
ANSWER_BYTES = 4096  # read of an answer, to finish the exchange; its content is not used
ERROR_CHARS = 500
USER_AGENT = "Dateline-Webhooks/1"

# The senders running in this process, woken when the outbox's reaction has written rows here.
_wakes: set[threading.Event] = set()


def senders_wake() -> None:
    for wake in list(_wakes):
        wake.set()


@dataclass(frozen=True)
class Attempt:
    """A claimed delivery, with what sending it needs."""

    delivery_id: int
    endpoint_id: int
    url: str
    secret: str
    event: str
    payload: dict[str, Any]
    attempts: int  # made before this one


@dataclass(frozen=True)
class Outcome:
    attempt: Attempt
    status_code: int | None
    error: str

    @property
    def is_delivered(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the address that was checked, whatever the host name resolves to now."""

    def __init__(self, target: Target, timeout: float) -> None:
        super().__init__(target.host, target.port, timeout=timeout)
        self.ip = target.ip

    def connect(self) -> None:
        self.sock = socket.create_connection((self.ip, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """As above, over TLS, the certificate checked against the host name."""

    def __init__(self, target: Target, timeout: float) -> None:
        self.tls = ssl.create_default_context()
        super().__init__(target.host, target.port, timeout=timeout, context=self.tls)
        self.ip = target.ip

    def connect(self) -> None:
        sock = socket.create_connection((self.ip, self.port), self.timeout)
        self.sock = self.tls.wrap_socket(sock, server_hostname=self.host)


class _Deadline:
    """Ends a connection's exchange at a time, whatever step it is in: a blocked read returns
    once the socket is shut down from this timer's thread."""

    def __init__(self, link: http.client.HTTPConnection, seconds: float) -> None:
        self.link = link
        self.passed = threading.Event()
        self.timer = threading.Timer(seconds, self._cut)
        self.timer.daemon = True

    def _cut(self) -> None:
        self.passed.set()
        if self.link.sock is not None:
            try:
                self.link.sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass  # closed already


def delivery_post(
    attempt: Attempt, *, timeout: float | None = None, deadline: float | None = None
) -> Outcome:
    """One attempt: the payload posted, signed, to the endpoint, given up after `timeout`
    seconds at any step or `deadline` seconds in all. Makes no database query (it runs in the
    pool's threads)."""
    body = body_encode(attempt.payload)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        EVENT_HEADER: attempt.event,
        DELIVERY_HEADER: str(attempt.payload["id"]),
        SIGNATURE_HEADER: signature(attempt.secret, int(time.time()), body),
    }
    seconds = TIMEOUT_SECONDS if timeout is None else timeout
    whole = DEADLINE_SECONDS if deadline is None else deadline
    ends: _Deadline | None = None
    try:
        target = target_resolve(attempt.url)
        pinned = _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
        link = pinned(target, seconds)
        ends = _Deadline(link, whole)
        ends.timer.start()
        try:
            link.request("POST", target.path, body=body, headers=headers)
            answer = link.getresponse()
            answer.read(ANSWER_BYTES)
        finally:
            ends.timer.cancel()
            link.close()
    except AddressRefused as refused:
        return Outcome(attempt, None, str(refused))
    except TimeoutError:
        return Outcome(attempt, None, f"no answer within {seconds:g} s")
    except (OSError, http.client.HTTPException) as failure:
        if ends is not None and ends.passed.is_set():
            return Outcome(attempt, None, f"no whole answer within {whole:g} s")
        return Outcome(attempt, None, f"{type(failure).__name__}: {failure}"[:ERROR_CHARS])
    if 300 <= answer.status < 400:
        where = answer.getheader("Location", "")
        return Outcome(attempt, answer.status, f"redirected to {where}; not followed"[:ERROR_CHARS])
    refusal = "" if 200 <= answer.status < 300 else f"answered {answer.status} {answer.reason}"
    return Outcome(attempt, answer.status, refusal[:ERROR_CHARS])


def deliveries_claim(
    *, limit: int, busy: Counter[int] | None = None, now: datetime | None = None
) -> list[Attempt]:
    """Up to `limit` due deliveries, oldest due first, at most PER_ENDPOINT to an endpoint
    counting the `busy` ones, made this sender's for CLAIM."""
    now = now or timezone.now()
    busy = Counter(busy or {})
    due = WebhookDelivery.objects.filter(status=Status.PENDING, next_attempt_at__lte=now)
    # A cheap look first: an idle sender takes no write lock (SQLite's IMMEDIATE transactions).
    if limit <= 0 or not due.exists():
        return []
    with transaction.atomic():
        rows = (
            due.select_for_update(skip_locked=True, of=("self",))
            .select_related("endpoint")
            .only(
                "pk",
                "event",
                "payload",
                "attempts",
                "endpoint",
                "endpoint__url",
                "endpoint__secret",
            )
            .order_by("next_attempt_at")[:WINDOW]
        )
        claimed = []
        for row in rows:
            if busy[row.endpoint_id] >= PER_ENDPOINT:
                continue
            busy[row.endpoint_id] += 1
            claimed.append(
                Attempt(
                    delivery_id=row.pk,
                    endpoint_id=row.endpoint_id,
                    url=row.endpoint.url,
                    secret=row.endpoint.secret,
                    event=row.event,
                    payload=row.payload,
                    attempts=row.attempts,
                )
            )
            if len(claimed) == limit:
                break
        WebhookDelivery.objects.filter(pk__in=[a.delivery_id for a in claimed]).update(
            next_attempt_at=now + CLAIM
        )
    return claimed


def outcomes_record(outcomes: list[Outcome], *, now: datetime | None = None) -> None:
    """Each attempt's result on its delivery: delivered, due again after its backoff (the
    endpoint's other waiting deliveries with it), or failed after the last attempt. A failure
    whose delivery another attempt has been recorded on since (its claim lapsed) is dropped;
    a success counts whenever it comes, while the delivery is pending."""
    now = now or timezone.now()
    with transaction.atomic():
        for outcome in outcomes:
            attempts = outcome.attempt.attempts + 1
            fields: dict[str, Any] = {
                "attempts": F("attempts") + 1,
                "last_status_code": outcome.status_code,
                "last_error": outcome.error,
            }
            mine = WebhookDelivery.objects.filter(
                pk=outcome.attempt.delivery_id, status=Status.PENDING
            )
            if not outcome.is_delivered:
                mine = mine.filter(attempts=outcome.attempt.attempts)
                if not mine.exists():
                    continue
            if outcome.is_delivered:
                fields |= {"status": Status.DELIVERED, "delivered_at": now, "next_attempt_at": None}
            elif attempts >= ATTEMPTS:
                fields |= {"status": Status.FAILED, "next_attempt_at": None}
            else:
                retry_at = now + BACKOFF[attempts - 1]
                fields["next_attempt_at"] = retry_at
                WebhookDelivery.objects.filter(
                    endpoint_id=outcome.attempt.endpoint_id,
                    status=Status.PENDING,
                    next_attempt_at__lt=retry_at,
                ).exclude(pk=outcome.attempt.delivery_id).update(next_attempt_at=retry_at)
            mine.update(**fields)


def deliveries_prune(*, now: datetime | None = None) -> int:
    """Deletes delivered and failed deliveries older than KEEP; how many."""
    cutoff = (now or timezone.now()) - KEEP
    old = WebhookDelivery.objects.filter(created_at__lt=cutoff).exclude(status=Status.PENDING)
    deleted, _by_model = old.delete()
    return deleted


class Sender:
    """One process's sender: `run` loops until `stop` is set, each round recording the
    attempts that have finished and handing due deliveries to the posting threads that are
    free. Those threads are daemons and make no query: when the process stops, an attempt in
    flight is dropped (its delivery is tried again once its claim lapses) instead of holding
    up the exit."""

    def __init__(self, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.wake = threading.Event()
        self.to_post: queue.SimpleQueue[Attempt | None] = queue.SimpleQueue()
        self.posted: queue.SimpleQueue[Outcome] = queue.SimpleQueue()
        self.in_flight: Counter[int] = Counter()  # attempts by endpoint
        self.unrecorded: list[Outcome] = []
        self._pruned_at = clock()

    def run(self, stop: threading.Event) -> None:
        posters = [
            threading.Thread(target=self._post_forever, daemon=True, name=f"webhook-{n}")
            for n in range(WORKERS)
        ]
        for poster in posters:
            poster.start()
        _wakes.add(self.wake)
        try:
            while not stop.is_set():
                self.wake.clear()
                try:
                    self.round()
                except Exception:
                    log.exception("A round of the webhook sender failed; it goes on")
                    close_old_connections()
                self.wake.wait(POLL_SECONDS)
        finally:
            _wakes.discard(self.wake)
            for _poster in posters:
                self.to_post.put(None)  # each ends after its attempt in flight, if any
            try:
                self._posted_record()
            finally:
                connection.close()

    def round(self) -> None:
        self._posted_record()
        room = WORKERS - self.in_flight.total()
        for attempt in deliveries_claim(limit=room, busy=self.in_flight):
            self.in_flight[attempt.endpoint_id] += 1
            self.to_post.put(attempt)
        if self.clock() - self._pruned_at >= PRUNE_SECONDS:
            self._pruned_at = self.clock()
            deliveries_prune()

    def _post_forever(self) -> None:
        while (attempt := self.to_post.get()) is not None:
            try:
                outcome = delivery_post(attempt)
            except Exception as error:  # a fault in the attempt itself: counted as a failure
                log.exception("Posting webhook delivery %s failed", attempt.delivery_id)
                outcome = Outcome(attempt, None, f"{type(error).__name__}: {error}")
            self.posted.put(outcome)
            self.wake.set()

    def _posted_record(self) -> None:
        while True:
            try:
                outcome = self.posted.get_nowait()
            except queue.Empty:
                break
            self.in_flight[outcome.attempt.endpoint_id] -= 1
            self.unrecorded.append(outcome)
        self.in_flight = +self.in_flight  # endpoints with nothing in flight are forgotten
        if self.unrecorded:
            outcomes_record(self.unrecorded)  # if this fails, the next round records them
            self.unrecorded = []


def sender_run(stop: threading.Event) -> None:
    """The sender's loop in this process (registered with the worker's background loops)."""
    Sender().run(stop)
