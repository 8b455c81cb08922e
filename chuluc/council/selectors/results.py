"""Reads of the council's results: the ranking table, the recorded tie votes, the approved
corrections, and whether the figures are frozen by publication."""

from __future__ import annotations

from django.db.models import Case, QuerySet, When

from chuluc.campaigns.enums import DossierStatus
from chuluc.campaigns.models import Dossier
from chuluc.council.enums import CorrectionStatus
from chuluc.council.models import Correction, Council, Result, TieVote


def results_table(*, council: Council, member=None) -> QuerySet[Result]:
    """The ranking; with ``member``, without the dossiers that member declared a conflict on
    (what an ordinary member sees once scoring is over)."""
    rows = Result.objects.filter(council=council)
    if member is not None:
        rows = rows.exclude(dossier_id__in=member.conflicts.values("dossier_id"))
    return rows.select_related(
        "dossier", "dossier__product", "dossier__enterprise", "dossier__product__industry_group"
    ).order_by("rank", "dossier_id")


def results_frozen(council: Council) -> bool:
    """Once the result is published for comment (or decided), the council's figures stand:
    a correction, a vote or a new round would change a published list."""
    return Dossier.objects.filter(
        campaign_id=council.campaign_id,
        status__in=[DossierStatus.PUBLISHED, DossierStatus.RECOGNISED, DossierStatus.WITHDRAWN],
    ).exists()


def tie_votes(*, council: Council) -> QuerySet[TieVote]:
    """The council's recorded votes on ties, oldest first (the latest on a tie wins)."""
    return (
        TieVote.objects.filter(council=council).select_related("recorded_by").order_by("at", "id")
    )


def corrections_decided(*, council: Council) -> QuerySet[Correction]:
    """The corrections the chair approved or rejected, in the order decided (the minutes)."""
    return (
        Correction.objects.filter(
            score__round__council=council,
            status__in=[CorrectionStatus.APPROVED, CorrectionStatus.REJECTED],
        )
        .select_related(
            "score__criterion",
            "score__member__user",
            "score__dossier__product",
            "score__round",
            "requested_by",
            "decided_by",
        )
        .order_by("decided_at", "id")
    )


def corrections_of(*, council: Council, member=None) -> QuerySet[Correction]:
    """The council's corrections, those waiting for the chair first, then the latest; with
    ``member``, only those of that member's own scores."""
    rows = Correction.objects.filter(score__round__council=council)
    if member is not None:
        rows = rows.filter(score__member=member)
    return rows.select_related(
        "score__criterion",
        "score__member__user",
        "score__dossier__product",
        "score__round__council",  # what the chair's decision is checked against
        "requested_by",
        "decided_by",
    ).order_by(
        Case(When(status=CorrectionStatus.REQUESTED, then=0), default=1), "-requested_at", "-id"
    )


def corrections_waiting(*, council: Council) -> int:
    """How many corrections wait for the chair's decision."""
    return Correction.objects.filter(
        score__round__council=council, status=CorrectionStatus.REQUESTED
    ).count()
