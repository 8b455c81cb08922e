"""Reads of a member's conflicts of interest, each with how many dossiers of the same
enterprise the member still scores: the scoring page then asks whether the conflict is
with the whole enterprise (issue 17: a member conflicted with one firm's dossier scored the
firm's other dossier without a prompt)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from chuluc.campaigns.models import Dossier
from chuluc.council.enums import SCORABLE_STATUSES
from chuluc.council.models import Conflict, Member


@dataclass(frozen=True)
class ConflictRow:
    conflict: Conflict
    #: dossiers of the same enterprise in the campaign the member still scores
    others: int
    #: one of them: the prompt to extend the conflict to the enterprise is posted on it
    other: int | None


def member_conflicts(*, member: Member) -> list[ConflictRow]:
    """The member's conflicts, by enterprise (two queries)."""
    conflicts = list(
        member.conflicts.select_related(
            "dossier__product", "dossier__enterprise", "enterprise"
        ).order_by("dossier__enterprise__name", "dossier_id")
    )
    remaining: dict[int, list[int]] = defaultdict(list)
    for pk, enterprise in (
        Dossier.objects.filter(
            campaign_id=member.council.campaign_id,
            enterprise_id__in={c.dossier.enterprise_id for c in conflicts},
            status__in=SCORABLE_STATUSES,
        )
        .exclude(pk__in=[c.dossier_id for c in conflicts])
        .order_by("pk")
        .values_list("pk", "enterprise_id")
    ):
        remaining[enterprise].append(pk)
    return [
        ConflictRow(
            c,
            others=len(remaining[c.dossier.enterprise_id]),
            other=next(iter(remaining[c.dossier.enterprise_id]), None),
        )
        for c in conflicts
    ]
