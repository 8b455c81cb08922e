"""Reads of who scored each dossier in the council's last closed round: the members whose
scores count, those who did not score it because of a conflict of interest (recusals), and
the members the criteria were assigned to. The results page and the minutes show them
beside each dossier's disagreement flags, so a dossier judged by fewer members is seen."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field

from chuluc.council.enums import ConflictSource, RoundStatus
from chuluc.council.models import Conflict, Council, CriterionAssignment, Result, Score


@dataclass
class Recusal:
    member: int
    name: str
    reason: str
    detected: bool


@dataclass
class Scorers:
    """One dossier: ``count`` members' scores count, of the ``assigned`` members who score
    the council's criteria; ``recused`` did not score it (conflict of interest)."""

    count: int = 0
    assigned: int = 0
    recused: list[Recusal] = field(default_factory=list)

    @property
    def fewer(self) -> bool:
        """Fewer scorers than the members assigned to the criteria (recusals, missing)."""
        return self.count < self.assigned


def scorers_by_dossier(
    *, council: Council, dossiers: Collection[int] | None = None
) -> dict[int, Scorers]:
    """Per dossier of the council's results, or of ``dossiers`` (a page of them): four
    queries whatever their number."""
    if dossiers is None:
        dossiers = list(Result.objects.filter(council=council).values_list("dossier_id", flat=True))
    wanted = list(dossiers)
    closed = council.rounds.filter(status=RoundStatus.CLOSED).order_by("-number").first()
    assigned = set(
        CriterionAssignment.objects.filter(council=council).values_list("member_id", flat=True)
    )
    facts: dict[int, Scorers] = defaultdict(lambda: Scorers(assigned=len(assigned)))
    recused: dict[int, set[int]] = defaultdict(set)
    conflicts = (
        Conflict.objects.filter(member__council=council, dossier_id__in=wanted)
        .select_related("member__user")
        .order_by("dossier_id", "member__role", "member_id")
    )
    for c in conflicts:
        recused[c.dossier_id].add(c.member_id)
        facts[c.dossier_id].recused.append(
            Recusal(
                member=c.member_id,
                name=str(c.member.user),
                reason=c.reason,
                detected=c.source == ConflictSource.DETECTED,
            )
        )
    if closed is not None:
        pairs = (
            Score.objects.filter(round=closed, dossier_id__in=wanted)
            .values_list("dossier_id", "member_id")
            .distinct()
            .order_by()
        )
        for dossier, member in pairs:
            if member not in recused[dossier]:
                facts[dossier].count += 1
    return {d: facts[d] for d in wanted}
