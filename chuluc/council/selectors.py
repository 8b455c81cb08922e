"""Reads for the council's pages. A member's pages only ever read that member's scores."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Prefetch, QuerySet

from chuluc.campaigns.enums import CriterionKind
from chuluc.campaigns.models import Criterion, Dossier
from chuluc.core.http import NarrowPaginator
from chuluc.council.enums import SCORABLE_STATUSES, CorrectionStatus, RoundStatus
from chuluc.council.models import (
    Correction,
    Council,
    CriterionAssignment,
    Member,
    Result,
    Round,
    Score,
    TieVote,
)


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


def open_round(council: Council) -> Round | None:
    return council.rounds.filter(status=RoundStatus.OPEN).order_by("-number").first()


#: Dossiers per page of a member's scoring page: a national council scores thousands, and
#: each dossier is a row of forms, one per criterion (10 rows of 20 criteria: 200 forms).
SHEET_PAGE = 10


def _scorable(member: Member) -> QuerySet[Dossier]:
    return Dossier.objects.filter(
        campaign_id=member.council.campaign_id, status__in=SCORABLE_STATUSES
    ).exclude(pk__in=member.conflicts.values("dossier_id"))


def member_dossiers(*, member: Member) -> QuerySet[Dossier]:
    """The dossiers a member scores: eligible ones of the campaign, minus their conflicts."""
    return (
        _scorable(member)
        .select_related("product", "enterprise", "product__industry_group")
        .order_by("enterprise_key", "product_key", "id")
    )


def scoring_sheet(*, member: Member, round_: Round) -> dict:
    criteria = list(
        Criterion.objects.filter(pk__in=member.assignments.values("criterion_id")).order_by(
            "group__position", "position"
        )
    )
    dossiers = list(member_dossiers(member=member))
    own = {
        (s.dossier_id, s.criterion_id): s
        for s in Score.objects.filter(round=round_, member=member)  # only this member's scores
    }
    rows = [(d, [(c, own.get((d.pk, c.pk))) for c in criteria]) for d in dossiers]
    done = sum(1 for _d, cells in rows for _c, s in cells if s is not None)
    return {
        "criteria": criteria,
        "rows": rows,
        "done": done,
        "expected": len(criteria) * len(dossiers),
    }


def scoring_page(*, member: Member, round_: Round, page=None, per_page: int = SHEET_PAGE) -> dict:
    """One page of the member's sheet (``scoring_sheet`` a page at a time), with the progress
    over the whole sheet: seven queries whatever the number of dossiers."""
    criteria = list(
        Criterion.objects.filter(pk__in=member.assignments.values("criterion_id")).order_by(
            "group__position", "position"
        )
    )
    dossiers = NarrowPaginator(member_dossiers(member=member), per_page).get_page(page)
    ids = [d.pk for d in dossiers.object_list]
    own = {
        (s.dossier_id, s.criterion_id): s
        for s in Score.objects.filter(round=round_, member=member, dossier_id__in=ids)
    }
    return {
        "criteria": criteria,
        "rows": [(d, [(c, own.get((d.pk, c.pk))) for c in criteria]) for d in dossiers],
        "done": _scores_done(member=member, round_=round_),
        "expected": len(criteria) * dossiers.paginator.count,
        "page": dossiers,
    }


def _scores_done(*, member: Member, round_: Round) -> int:
    """The member's scores in the round on the dossiers they score: all their scores, less
    those on dossiers no longer scorable or declared in conflict. Three counts over the
    member's index range, not a test of every score against the sheet (scale L: 200,000
    scores a member, bench/pages.py). A score is only ever on a criterion assigned to its
    member (``score_record`` checks it and ``assignment_set`` refuses to unassign a member
    who scored), of a dossier of the round's campaign."""
    mine = Score.objects.filter(round=round_, member=member)
    campaign = Dossier.objects.filter(campaign_id=member.council.campaign_id)
    unscorable = campaign.exclude(status__in=SCORABLE_STATUSES).values("pk")
    conflicted = member.conflicts.filter(dossier__status__in=SCORABLE_STATUSES)
    return (
        mine.count()
        - mine.filter(dossier_id__in=unscorable).count()
        - mine.filter(dossier_id__in=conflicted.values("dossier_id")).count()
    )


def progress(*, council: Council, round_: Round) -> dict:
    """How complete scoring is, per criterion, per dossier and per member: counts only."""
    criteria = judged_criteria(council)
    assigned = assignments_by_criterion(council)
    dossiers = list(
        Dossier.objects.filter(campaign_id=council.campaign_id, status__in=SCORABLE_STATUSES)
        .select_related("product")
        .order_by("id")
    )
    conflicts = defaultdict(set)
    for member_id, dossier_id in council.members.values_list("pk", "conflicts__dossier_id"):
        if dossier_id:
            conflicts[member_id].add(dossier_id)
    counts = defaultdict(int)
    for d, c in Score.objects.filter(round=round_).values_list("dossier_id", "criterion_id"):
        counts[(d, c)] += 1
    per_criterion = []
    per_dossier = defaultdict(lambda: [0, 0])
    for criterion in criteria:
        members = assigned.get(criterion.pk, [])
        expected = done = 0
        for d in dossiers:
            exp = sum(1 for m in members if d.pk not in conflicts[m.pk])
            got = counts[(d.pk, criterion.pk)]
            expected += exp
            done += min(got, exp)
            per_dossier[d.pk][0] += min(got, exp)
            per_dossier[d.pk][1] += exp
        per_criterion.append((criterion, members, done, expected))
    submitted = set(round_.submissions.values_list("member_id", flat=True))
    return {
        "per_criterion": per_criterion,
        "per_dossier": [(d, *per_dossier[d.pk]) for d in dossiers],
        "per_member": [
            (m, m.pk in submitted)
            for m in council.members.filter(assignments__isnull=False)
            .distinct()
            .select_related("user")
        ],
        "complete": all(done == expected for _c, _m, done, expected in per_criterion),
        "unassigned": [c for c in criteria if not assigned.get(c.pk)],
    }


def results_table(*, council: Council) -> QuerySet[Result]:
    return (
        Result.objects.filter(council=council)
        .select_related(
            "dossier", "dossier__product", "dossier__enterprise", "dossier__product__industry_group"
        )
        .order_by("rank", "dossier_id")
    )


def council_counts(council: Council) -> dict:
    return Council.objects.filter(pk=council.pk).aggregate(
        members=Count("members", distinct=True),
        conflicts=Count("members__conflicts", distinct=True),
    )


def closed_rounds(council: Council) -> QuerySet[Round]:
    return council.rounds.filter(status=RoundStatus.CLOSED).order_by("number")


def tie_votes(*, council: Council) -> QuerySet[TieVote]:
    """The council's recorded votes on ties, oldest first (the latest on a tie wins)."""
    return (
        TieVote.objects.filter(council=council).select_related("recorded_by").order_by("at", "id")
    )


def corrections_approved(*, council: Council) -> QuerySet[Correction]:
    return (
        Correction.objects.filter(score__round__council=council, status=CorrectionStatus.APPROVED)
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
