"""Dossiers moved by the council's outcome (passed / failed), set-based: the council's
ranking calls this inside its own service, whose audit row covers it."""

from __future__ import annotations

from django.utils import timezone

from chuluc.campaigns.enums import DOSSIER_TRANSITIONS, DossierStatus
from chuluc.campaigns.models import Dossier, DossierEvent
from chuluc.core.bulk import bulk_insert


def dossiers_record_results(*, actor, passed: set[int], failed: set[int], campaign_id: int) -> int:
    """Move scored dossiers to passed / failed after the council's results (called inside the
    council's service, whose audit row covers it). Set-based: one read of the campaign's
    dossiers, then one event insert and one update per target status, however many dossiers
    move. Returns the number of dossiers moved."""
    now = timezone.now()
    events: list[tuple] = []
    moves: dict[str, list[int]] = {}
    rows = (
        Dossier.objects.select_for_update()
        .filter(campaign_id=campaign_id)
        .order_by("pk")
        .values_list("pk", "status")
    )
    for pk, status in rows:
        target = (
            DossierStatus.PASSED if pk in passed else DossierStatus.FAILED if pk in failed else None
        )
        if target is None or status == target:
            continue
        path = [DossierStatus.SCORED, target] if status == DossierStatus.ELIGIBLE else [target]
        current = status
        for step in path:
            if step not in DOSSIER_TRANSITIONS[current]:
                break
            events.append((pk, current, step, "", getattr(actor, "pk", None), now))
            current = step
        if current != status:
            moves.setdefault(current, []).append(pk)
    bulk_insert(
        DossierEvent,
        ("dossier_id", "from_status", "to_status", "comment", "actor_id", "at"),
        events,
    )
    for status, pks in moves.items():
        for start in range(0, len(pks), 500):
            Dossier.objects.filter(pk__in=pks[start : start + 500]).update(
                status=status, updated_at=now
            )
    return sum(len(pks) for pks in moves.values())
