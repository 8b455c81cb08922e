"""The audit trail: every service write leaves one row in the same transaction
(pretalx ActivityLog, Zulip RealmAuditLog)."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from chuluc.core.models import AuditEntry


def _jsonable(value: Any) -> Any:  # noqa: PLR0911 - one return per type is the clearest form
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or None
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return value


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The values of ``fields`` on ``obj`` as JSON-ready data (foreign keys by id)."""
    result = {}
    for name in fields:
        field = obj._meta.get_field(name)
        attname = getattr(field, "attname", name)
        result[name] = _jsonable(getattr(obj, attname))
    return result


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` for every field whose value changed."""
    keys = list(dict.fromkeys([*before, *after]))
    return {k: [before.get(k), after.get(k)] for k in keys if before.get(k) != after.get(k)}


def _actor_label(actor: Any) -> str:
    if actor is None:
        return "hệ thống"
    return actor.get_username() if hasattr(actor, "get_username") else str(actor)


def _entry(
    *, actor: Any, action: str, obj: models.Model | None, changes: Mapping, at
) -> AuditEntry:
    return AuditEntry(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=_actor_label(actor),
        action=action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        diff=_jsonable(dict(changes)),
        at=at,
    )


def audit_record(
    *, actor: Any, action: str, obj: models.Model | None, changes: Mapping[str, Any] | None = None
) -> AuditEntry:
    """Write one audit row. Must run inside the service's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must run inside the service's transaction")
    entry = _entry(actor=actor, action=action, obj=obj, changes=changes or {}, at=timezone.now())
    entry.save()
    return entry


def audit_record_many(
    *, actor: Any, action: str, items: Iterable[tuple[models.Model, Mapping[str, Any]]]
) -> int:
    """One audit row per object written by a bulk service (an import), in one statement."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record_many must run inside the service's transaction")
    now = timezone.now()
    rows = [_entry(actor=actor, action=action, obj=o, changes=c, at=now) for o, c in items]
    AuditEntry.objects.bulk_create(rows, batch_size=1000)
    return len(rows)
