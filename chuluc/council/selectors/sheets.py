"""Reads of the members' score sheets: what a member scores, their sheet a page at a time,
what is still missing, whether it is submitted, and the secretariat's progress counts. A
member's pages only ever read that member's scores."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import QuerySet

from chuluc.campaigns.models import Criterion, Dossier
from chuluc.core.http import NarrowPaginator
from chuluc.council.enums import SCORABLE_STATUSES, CorrectionStatus, ScoreSheetStatus
from chuluc.council.models import Correction, Council, Member, Round, Score, ScoreSheet
from chuluc.council.selectors.councils import assignments_by_criterion, judged_criteria

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
    member's index range, not a test of every score against the sheet (a member may hold
    hundreds of thousands of scores). A score is only ever on a criterion assigned to its
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


def sheet_missing(member: Member, round_: Round) -> list[tuple[int, str]]:
    """(dossier, criterion code) pairs the member still has to score in the round."""
    criteria = list(Criterion.objects.filter(pk__in=member.assignments.values("criterion_id")))
    done = set(
        Score.objects.filter(round=round_, member=member).values_list("dossier_id", "criterion_id")
    )
    return [
        (d.pk, c.code)
        for d in member_dossiers(member=member)
        for c in criteria
        if (d.pk, c.pk) not in done
    ]


def sheet_submitted_at(*, member: Member, round_: Round) -> dt.datetime | None:
    """When the member submitted their sheet of the round, or None while it is a draft."""
    return (
        ScoreSheet.objects.filter(round=round_, member=member, status=ScoreSheetStatus.SUBMITTED)
        .values_list("submitted_at", flat=True)
        .first()
    )


def own_scores(*, member: Member, round_: Round, dossiers: list[Dossier]) -> dict:
    """The member's own scores of a (closed) round on ``dossiers``, as the rows of their
    sheet, with the corrections of them still waiting for the chair: what the results page
    shows a member once scoring is over. Three queries."""
    criteria = list(
        Criterion.objects.filter(pk__in=member.assignments.values("criterion_id")).order_by(
            "group__position", "position"
        )
    )
    ids = [d.pk for d in dossiers]
    scores = {
        (s.dossier_id, s.criterion_id): s
        for s in Score.objects.filter(round=round_, member=member, dossier_id__in=ids)
    }
    return {
        "criteria": criteria,
        "rows": [(d, [(c, scores.get((d.pk, c.pk))) for c in criteria]) for d in dossiers],
        "pending": pending_corrections(scores=scores.values()),
        "round": round_,
    }


def pending_corrections(*, scores) -> dict[int, Correction]:
    """The correction waiting for the chair on each of ``scores``, by score id."""
    ids = [s.pk for s in scores]
    if not ids:
        return {}
    return {
        c.score_id: c
        for c in Correction.objects.filter(score_id__in=ids, status=CorrectionStatus.REQUESTED)
    }


def sheet_of(*, member: Member, round_: Round) -> ScoreSheet | None:
    """The member's sheet record of the round (none until they first submit)."""
    return ScoreSheet.objects.filter(round=round_, member=member).first()


def sheet_summary(*, member: Member, round_: Round) -> dict:
    """What the status line of a member's scoring page shows: cells scored of those to
    score, whether the sheet is submitted, and why it was reopened if it was."""
    criteria = member.assignments.count()
    record = sheet_of(member=member, round_=round_)
    return {
        "done": _scores_done(member=member, round_=round_),
        "expected": criteria * member_dossiers(member=member).count(),
        "record": record,
    }


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
    submitted = set(
        round_.sheets.filter(status=ScoreSheetStatus.SUBMITTED).values_list("member_id", flat=True)
    )
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
