"""The generation of the public list: the portal's cached pages (``portal.caching``) carry
it in their keys, and what changes the list (a decision, a revocation) raises it, so every
stored public page is stale at once, on every server.

The number lives in the database, not in the cache: with the default cache (each worker
process's own memory) a number kept in the cache would be raised only in the process that
took the decision, and the other workers would go on showing a revoked certificate as valid
until their stored page expired. Reading it costs one primary-key lookup per cached page.
Raising it is part of the decision's transaction, so the pages go stale exactly when the
decision is committed. Kept here so that the decisions part never imports the portal that
sits on top of it."""

from __future__ import annotations

from django.db import connection
from django.db.models import F

from chuluc.decisions.models import PublicListVersion

ROW = 1
_READ = f"SELECT number FROM {PublicListVersion._meta.db_table} WHERE id = %s"  # noqa: S608 - a model's own table name


def public_generation() -> int:
    # Read on every cached page: one statement without the ORM's query building, which
    # would cost more than the rest of serving a stored page (docs/performance.md).
    with connection.cursor() as cursor:
        cursor.execute(_READ, [ROW])
        row = cursor.fetchone()
    return row[0] if row else 0


def public_pages_changed() -> None:
    """Every cached public page is stale from now on (from the commit, inside a transaction)."""
    if PublicListVersion.objects.filter(pk=ROW).update(number=F("number") + 1):
        return
    _, created = PublicListVersion.objects.get_or_create(pk=ROW, defaults={"number": 1})
    if not created:  # another process created it meanwhile
        PublicListVersion.objects.filter(pk=ROW).update(number=F("number") + 1)
