"""Stopping `dateline serve` as a deploy does (SIGTERM) while readers have the live stream open:
the server is gone within 5 s, and each stream ends as a whole HTTP response after whole
events, so the page's EventSource reconnects (after `retry:`) instead of reporting an error."""

import socket
import time

from dateline.stories.tests.processes import HOST, free_port, installation, page, stop, wait_for

READ_SECONDS = 10


def _open_stream(port: int) -> tuple[socket.socket, bytes]:
    """A reader's live stream, as EventSource opens it; the socket, and what came so far (the
    headers and the first event)."""
    reader = socket.create_connection((HOST, port), timeout=READ_SECONDS)
    reader.sendall(
        b"GET /en/news/events/ HTTP/1.1\r\n"
        b"Host: 127.0.0.1\r\n"
        b"Accept: text/event-stream\r\n"
        b"Cache-Control: no-cache\r\n\r\n"
    )
    received = b""
    while b"retry:" not in received:
        chunk = reader.recv(65536)
        assert chunk, f"the stream closed at once: {received!r}"
        received += chunk
    return reader, received


def _rest(reader: socket.socket) -> bytes:
    """Everything until the server closes the connection (a reset fails the test)."""
    received = b""
    while chunk := reader.recv(65536):
        received += chunk
    reader.close()
    return received


def _chunked_body(message: bytes) -> str:
    """The body of a complete HTTP/1.1 chunked response; fails on a cut one."""
    head, separator, rest = message.partition(b"\r\n\r\n")
    assert separator, "no end of headers"
    assert head.startswith(b"HTTP/1.1 200"), head
    assert b"transfer-encoding: chunked" in head.lower(), head
    body = b""
    while True:
        size_line, separator, rest = rest.partition(b"\r\n")
        assert separator, f"cut inside a chunk header: {rest[-200:]!r}"
        size = int(size_line.split(b";")[0], 16)
        if size == 0:
            assert rest == b"\r\n", f"bytes after the last chunk: {rest!r}"
            return body.decode()
        assert len(rest) >= size + 2 and rest[size : size + 2] == b"\r\n", "a chunk was cut"
        body, rest = body + rest[:size], rest[size + 2 :]


def test_sigterm_stops_the_server_within_5_s_and_ends_open_live_streams_cleanly(tmp_path):
    with installation(tmp_path) as site:
        for workers in (2, 1):
            port = free_port()
            name = f"server-{workers}"
            server = site.start(
                *("serve", "--host", HOST, "--port", str(port), "--workers", str(workers)),
                name=name,
            )
            try:
                wait_for(
                    lambda: server.poll() is not None or page(port) == 200,  # noqa: B023
                    timeout=60,
                    every=0.1,
                    what="the server answering",
                )
                assert server.poll() is None, site.log(name)
                streams = [_open_stream(port) for _ in range(2)]
                time.sleep(0.2)  # both are waiting for news

                seconds = stop(server, within=10)
            finally:
                if server.poll() is None:
                    server.kill()
                    server.wait()

            assert seconds < 5, site.log(name)
            assert server.returncode == 0, site.log(name)
            for reader, beginning in streams:
                body = _chunked_body(beginning + _rest(reader))
                assert body.startswith("retry: 3000\n\n")
                assert body.endswith("\n\n")  # whole events only
            assert "Error" not in site.log(name) and "Traceback" not in site.log(name)
            print(f"serve --workers {workers}: gone {seconds:.2f} s after SIGTERM")
