"""Reads of a council's composition: its members, who scores which judged criterion, its
rounds."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Prefetch, QuerySet

from chuluc.campaigns.enums import CriterionKind
from chuluc.campaigns.models import Criterion
from chuluc.council.enums import RoundStatus
from chuluc.council.models import Council, CriterionAssignment, Member, Round


def council_detail(*, pk: int) -> Council:
    return (
        Council.objects.select_related("campaign", "campaign__criteria_set", "campaign__program")
        .prefetch_related(
            Prefetch(
                "members",
                queryset=Member.objects.select_related("user", "agency").order_by("role", "id"),
            ),
            "rounds",
        )
        .get(pk=pk)
    )


def judged_criteria(council: Council) -> list[Criterion]:
    return list(
        Criterion.objects.filter(
            group__criteria_set_id=council.campaign.criteria_set_id, kind=CriterionKind.JUDGED
        )
        .select_related("group")
        .order_by("group__position", "position")
    )


def assignments_by_criterion(council: Council) -> dict[int, list[Member]]:
    out: dict[int, list[Member]] = defaultdict(list)
    for a in CriterionAssignment.objects.filter(council=council).select_related("member__user"):
        out[a.criterion_id].append(a.member)
    return out


def council_counts(council: Council) -> dict:
    return Council.objects.filter(pk=council.pk).aggregate(
        members=Count("members", distinct=True),
        conflicts=Count("members__conflicts", distinct=True),
    )


def open_round(council: Council) -> Round | None:
    return council.rounds.filter(status=RoundStatus.OPEN).order_by("-number").first()


def closed_rounds(council: Council) -> QuerySet[Round]:
    return council.rounds.filter(status=RoundStatus.CLOSED).order_by("number")
