"""Reads of the audit trail."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Q, QuerySet

from chuluc.core.models import AuditEntry


def audit_for(*objects: Model) -> QuerySet[AuditEntry]:
    """The history of one or more objects, newest first."""
    condition = Q(pk__in=[])
    for obj in objects:
        condition |= Q(content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk))
    return (
        AuditEntry.objects.filter(condition)
        .select_related("actor", "content_type")
        .order_by("-at", "-id")
    )


def audit_list(*, action: str = "") -> QuerySet[AuditEntry]:
    qs = AuditEntry.objects.select_related("actor", "content_type").order_by("-at", "-id")
    if action:
        qs = qs.filter(action__startswith=action)
    return qs
