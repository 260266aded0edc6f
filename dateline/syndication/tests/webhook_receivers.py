"""Subscribers' endpoints for the webhook tests: real HTTP servers on 127.0.0.1, each in a thread,
that record what they are sent and answer with the statuses they are given, slowly if asked."""

import json
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from dateline.syndication.models import WebhookEndpoint
from dateline.syndication.webhooks.sending import (
    WORKERS,
    Outcome,
    deliveries_claim,
    delivery_post,
    outcomes_record,
)

EVENTS = ["published", "updated", "withdrawn"]


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    at: float  # time.time() when it arrived

    @property
    def payload(self) -> dict:
        return json.loads(self.body)


@dataclass
class Receiver:
    """An endpoint: answers each request with the next of `statuses` (the last one ever after),
    after `delay` seconds."""

    statuses: list[int] = field(default_factory=lambda: [204])
    delay: float = 0.0
    received: list[Received] = field(default_factory=list)
    arrived: threading.Condition = field(default_factory=threading.Condition)

    def url(self, server: ThreadingHTTPServer) -> str:
        return f"http://127.0.0.1:{server.server_address[1]}/hooks/dateline"

    def wait_for(self, count: int, timeout: float) -> bool:
        """Whether `count` requests have arrived within `timeout` seconds."""
        with self.arrived:
            return self.arrived.wait_for(lambda: len(self.received) >= count, timeout)

    @property
    def payloads(self) -> list[dict]:
        return [request.payload for request in self.received]

    def handler(self) -> type[BaseHTTPRequestHandler]:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with receiver.arrived:
                    receiver.received.append(
                        Received(self.path, dict(self.headers), body, time.time())
                    )
                    number = len(receiver.received)
                    receiver.arrived.notify_all()
                time.sleep(receiver.delay)
                status = receiver.statuses[min(number, len(receiver.statuses)) - 1]
                try:
                    self.send_response(status)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                except OSError:
                    pass  # the sender gave up waiting

            def log_message(self, format: str, *args: object) -> None:
                pass

        return Handler


class _Server(ThreadingHTTPServer):
    request_queue_size = 128  # the sender opens up to 32 connections at once
    daemon_threads = True


@contextmanager
def serving(receiver: Receiver) -> Iterator[str]:
    """Runs `receiver` on 127.0.0.1; its URL."""
    server = _Server(("127.0.0.1", 0), receiver.handler())
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield receiver.url(server)
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def trickling() -> Iterator[str]:
    """An endpoint on 127.0.0.1 that reads the request, then answers a byte every 0.1 s for
    six seconds and hangs up before its headers end; its URL."""
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def answer(peer: socket.socket) -> None:
        with peer:
            peer.recv(65536)
            for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 40:
                if stop.wait(0.1):
                    return
                try:
                    peer.sendall(bytes([byte]))
                except OSError:
                    return  # the sender gave up

    def accept() -> None:
        while not stop.is_set():
            try:
                peer, _address = listener.accept()
            except OSError:
                return
            threading.Thread(target=answer, args=(peer,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/hooks/dateline"
    finally:
        stop.set()
        listener.close()


def dead_url() -> str:
    """An address on 127.0.0.1 where nothing listens: connections are refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/hooks/dateline"


def endpoint_add(url: str, *editions, events=EVENTS, api_key=None, name="") -> WebhookEndpoint:
    endpoint = WebhookEndpoint.objects.create(
        name=name or url, url=url, events=list(events), api_key=api_key
    )
    endpoint.editions.set(editions)
    return endpoint


def send_due(*, timeout: float | None = None, deadline: float | None = None) -> list[Outcome]:
    """What the sender does for deliveries due now, in the test's thread: claims them, posts
    them concurrently, records the outcomes."""
    outcomes: list[Outcome] = []
    with ThreadPoolExecutor(WORKERS) as pool:
        while attempts := deliveries_claim(limit=WORKERS):
            done = list(
                pool.map(lambda a: delivery_post(a, timeout=timeout, deadline=deadline), attempts)
            )
            outcomes_record(done)
            outcomes += done
    return outcomes
