"""A GET whose client has closed its connection is not rendered (chuluc/core/abandoned.py),
checked on real TCP connections over loopback, as gunicorn hands them to the application."""

from __future__ import annotations

import socket
import time

import pytest

from chuluc.core.abandoned import STATUS, SkipAbandoned, client_gone


@pytest.fixture
def connection():
    """(the server's end, the client's end) of a fresh TCP connection."""
    with socket.create_server(("127.0.0.1", 0)) as listener:
        client = socket.create_connection(listener.getsockname())
        server, _address = listener.accept()
        client.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        assert server.recv(1024).startswith(b"GET /")  # gunicorn has read the request
        yield server, client
        server.close()
        client.close()


def _call(server_end, method="GET"):
    calls, statuses = [], []

    def app(environ, start_response):
        calls.append(environ["PATH_INFO"])
        start_response("200 OK", [])
        return [b"page"]

    environ = {"REQUEST_METHOD": method, "PATH_INFO": "/", "gunicorn.socket": server_end}
    body = SkipAbandoned(app)(environ, lambda status, headers: statuses.append(status))
    return calls, statuses, b"".join(body)


def _wait_closed(server_end) -> None:
    deadline = time.monotonic() + 5
    while not client_gone(server_end) and time.monotonic() < deadline:
        time.sleep(0.01)


def test_a_waiting_client_gets_its_page(connection):
    server_end, _client = connection
    assert not client_gone(server_end)
    assert _call(server_end) == (["/"], ["200 OK"], b"page")


def test_a_client_that_has_gone_is_not_answered(connection):
    server_end, client = connection
    client.close()
    _wait_closed(server_end)
    assert client_gone(server_end)
    assert _call(server_end) == ([], [STATUS], b"")
    assert _call(server_end, method="HEAD")[0] == []


def test_a_reset_connection_counts_as_gone(connection):
    server_end, client = connection
    client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    client.close()  # linger 0: the kernel sends a reset
    _wait_closed(server_end)
    assert _call(server_end)[0] == []


def test_a_write_is_carried_out_even_when_its_client_has_gone(connection):
    server_end, client = connection
    client.close()
    _wait_closed(server_end)
    assert _call(server_end, method="POST")[0] == ["/"]


def test_bytes_waiting_are_a_client_still_there(connection):
    server_end, client = connection
    client.sendall(b"GET /next HTTP/1.1\r\n")  # a pipelined request
    time.sleep(0.05)
    assert not client_gone(server_end)
    assert _call(server_end)[0] == ["/"]


def test_without_a_socket_nothing_changes():
    calls = []

    def app(environ, start_response):
        calls.append(1)
        start_response("200 OK", [])
        return [b""]

    SkipAbandoned(app)({"REQUEST_METHOD": "GET"}, lambda *a: None)
    assert calls == [1]
