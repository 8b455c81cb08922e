"""A movable clock for the whole-year browser test, and nowhere else.

A program year lasts months: registration, screening, scoring, public comment, decision,
certificates valid three years. The browser test that walks one campaign through its year
runs a real server in another process, so it cannot patch time in its own; instead the
server is started with ``TEST_CLOCK_FILE`` naming a file that holds how many seconds the
application's clock runs ahead of the real one, and the test rewrites that number to move
the date (``travel``). Every part of the application reads the time through
``django.utils.timezone.now`` (dates through ``localdate``, which calls it), so replacing that
one function moves every date the program derives, in the web workers and the background
worker alike.

A production server never sets it: ``check --deploy`` reports it as an error.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from django.utils import timezone

_real_now = timezone.now
_cache: dict[str, tuple[float, float]] = {}


def offset(path: str) -> dt.timedelta:
    """The clock's advance written in ``path`` (0 when the file is missing or empty)."""
    try:
        mtime = os.stat(path).st_mtime_ns
    except FileNotFoundError:
        return dt.timedelta(0)
    cached = _cache.get(path)
    if cached is None or cached[0] != mtime:
        text = Path(path).read_text().strip()
        _cache[path] = cached = (mtime, float(text or 0))
    return dt.timedelta(seconds=cached[1])


def install(path: str) -> None:
    """Make ``timezone.now`` run ``offset(path)`` ahead of the real clock."""

    def now() -> dt.datetime:
        return _real_now() + offset(path)

    timezone.now = now


def travel(path: str | Path, to: dt.datetime) -> None:
    """Move the clock of the servers reading ``path`` to ``to`` (an aware datetime)."""
    seconds = (to - _real_now()).total_seconds()
    tmp = Path(f"{path}.tmp")
    tmp.write_text(f"{seconds:.3f}\n")
    tmp.replace(path)
