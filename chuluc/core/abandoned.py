"""Requests whose client has gone are not answered (WSGI middleware, ``config/wsgi.py``).

gunicorn's workers take connections from the listen queue in order. After a burst a
request can wait there longer than its client (or the proxy in front) waits for the
answer; rendering it anyway spends a worker on a page nobody will read, while the requests
behind it wait longer still, until every answer comes too late and the server cannot catch
up even once the burst is over (docs/reliability.md, "Load"). So a
GET or HEAD whose client has closed the connection by the time a worker takes it up is
dropped at once, logged as 499 (nginx's "client closed request"), before Django sees it.

Only a read is dropped: a write whose client has gone is still carried out, as it would
have been had the client waited. Without gunicorn (``runserver``, the test client) there
is no socket to look at and nothing changes.
"""

from __future__ import annotations

import select
import socket

SAFE_METHODS = frozenset({"GET", "HEAD"})
STATUS = "499 Client Closed Request"


def client_gone(sock: socket.socket | None) -> bool:
    """Whether the peer of ``sock`` has closed the connection (or reset it). A socket with
    nothing to read is open; one that is readable but has bytes waiting (a pipelined
    request) is open too; readable with nothing to read is the end of the stream."""
    if sock is None:
        return False
    try:
        readable, _w, _x = select.select([sock], [], [], 0)
        if not readable:
            return False
        return sock.recv(1, socket.MSG_PEEK) == b""
    except (OSError, ValueError):  # reset by the peer, or already closed here
        return True


class SkipAbandoned:
    """Wraps a WSGI application; see the module."""

    def __init__(self, app) -> None:
        self.app = app

    def __call__(self, environ, start_response):
        if environ.get("REQUEST_METHOD") in SAFE_METHODS and client_gone(
            environ.get("gunicorn.socket")
        ):
            start_response(STATUS, [("Content-Length", "0"), ("Connection", "close")])
            return [b""]
        return self.app(environ, start_response)
