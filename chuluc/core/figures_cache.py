"""Figures computed from many records (the dashboard, the annual report) kept in Django's
cache until the data they come from changes.

Every write goes through a service that leaves an audit row in the same transaction
(``core.audit``), so the id of the newest audit row is a generation number of the whole
database: the key of a stored figure holds it, and the first write after the figure was
computed makes it stale everywhere, on every server (the number is read from the database,
one indexed query). ``FIGURES_CACHE_SECONDS`` bounds how long a figure is kept at all (0
turns the cache off): it also covers the one case the generation cannot see on PostgreSQL,
a transaction that wrote an older audit row and committed after a newer one."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache

from chuluc.core.models import AuditEntry

T = TypeVar("T")


def data_generation() -> int:
    """The id of the newest audit row (0 on an empty database)."""
    return AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


def cached_figures(name: str, compute: Callable[[], T]) -> T:
    """``compute()``, or its stored result when nothing was written since it was stored.
    ``name`` says what is computed and for which arguments (``dashboard:2025``); the result
    must be plain data (it is pickled), never a query that would run when unpickled."""
    seconds = settings.FIGURES_CACHE_SECONDS
    if seconds <= 0:
        return compute()
    key = f"figures:{name}:{data_generation()}"
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, timeout=seconds)
    return found
