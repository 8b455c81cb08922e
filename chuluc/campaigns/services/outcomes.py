"""Dossiers moved by the council's results: scored, then passed or failed, set-based."""

from __future__ import annotations

from django.utils import timezone

from chuluc.campaigns.enums import DossierStatus
from chuluc.campaigns.lifecycles import DOSSIER
from chuluc.campaigns.models import Dossier


def dossiers_record_results(*, actor, passed: set[int], failed: set[int], campaign_id: int) -> int:
    """Move the campaign's dossiers to passed / failed after the council's results (called
    inside the council's service, in its transaction). An eligible dossier is first marked
    scored. Set-based: one locked read of the campaign's dossiers, then per event one
    update per 500 dossiers, one audit row and one timeline row per dossier moved. Returns
    the number of dossiers moved."""
    now = timezone.now()
    status = dict(
        Dossier.objects.select_for_update()
        .filter(campaign_id=campaign_id)
        .order_by("pk")
        .values_list("pk", "status")
    )
    # A dossier in both sets passes, as it always has.
    targets = dict.fromkeys(failed, DossierStatus.FAILED) | dict.fromkeys(
        passed, DossierStatus.PASSED
    )
    moving = sorted(pk for pk, target in targets.items() if pk in status and status[pk] != target)
    before = {pk: status[pk] for pk in moving}
    for pk in DOSSIER.fire_many(
        Dossier,
        [(pk, status[pk]) for pk in moving],
        "score",
        actor=actor,
        at=now,
    ):
        status[pk] = DossierStatus.SCORED
    for event, target in (("pass", DossierStatus.PASSED), ("fail", DossierStatus.FAILED)):
        rows = [(pk, status[pk]) for pk in moving if targets[pk] == target]
        for pk in DOSSIER.fire_many(Dossier, rows, event, actor=actor, at=now):
            status[pk] = target
    return sum(1 for pk in moving if status[pk] != before[pk])
