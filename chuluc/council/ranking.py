"""The Django side of the ranking: read scores from the database, run the pure engine
(``aggregation``), store the results. Called inside the council's services."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from django.db.models import Exists, OuterRef
from django.utils import timezone

from chuluc.campaigns.dossiers import dossiers_record_results
from chuluc.campaigns.enums import CriterionKind
from chuluc.campaigns.models import ComputedScore, Criterion, Dossier
from chuluc.council.aggregation import CriterionInfo, Ranking, RankingInput, rank
from chuluc.council.enums import SCORABLE_STATUSES, RoundStatus
from chuluc.council.models import Conflict, Council, Result, Score


def ranking_input(council: Council) -> RankingInput | None:
    """Everything the engine needs, read with a fixed number of queries."""
    campaign = council.campaign
    closed = council.rounds.filter(status=RoundStatus.CLOSED).order_by("-number").first()
    if closed is None:
        return None
    criteria = list(
        Criterion.objects.filter(group__criteria_set_id=campaign.criteria_set_id).order_by(
            "group__position", "position"
        )
    )
    code_of = {c.pk: c.code for c in criteria}
    dossiers = dict(
        Dossier.objects.filter(campaign=campaign, status__in=SCORABLE_STATUSES).values_list(
            "pk", "enterprise_id"
        )
    )
    computed = {
        (d, code_of[c]): float(points)
        for d, c, points in ComputedScore.objects.filter(dossier_id__in=dossiers).values_list(
            "dossier_id", "criterion_id", "points"
        )
    }
    scores = [
        (d, code_of[c], m, float(v))
        for d, c, m, v in Score.objects.filter(round=closed, dossier_id__in=dossiers)
        # a member who declared a conflict after closing no longer counts on that dossier
        .exclude(
            Exists(
                Conflict.objects.filter(
                    member_id=OuterRef("member_id"), dossier_id=OuterRef("dossier_id")
                )
            )
        )
        .values_list("dossier_id", "criterion_id", "member_id", "value")
    ]
    tie_break = tuple(
        code.strip()
        for code in campaign.tie_break_criteria.split(",")
        if code.strip() in code_of.values()
    )
    return RankingInput(
        criteria=tuple(
            CriterionInfo(
                c.code,
                float(c.max_points),
                "computed" if c.kind == CriterionKind.COMPUTED else "judged",
            )
            for c in criteria
        ),
        dossiers=sorted(dossiers),
        scores=scores,
        computed=computed,
        rule=campaign.aggregation,
        normalise=council.normalise,
        pass_mark=float(campaign.pass_mark),
        top_n=campaign.top_n,
        tie_break=tie_break,
        disagreement_threshold=float(council.disagreement_threshold),
        enterprise_of=dossiers,
    )


def _dec(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def compute_results(*, council: Council, actor=None) -> list[Result]:
    inp = ranking_input(council)
    Result.objects.filter(council=council).delete()
    if inp is None:
        return []
    ranking: Ranking = rank(inp)
    votes = _votes_by_group(council, ranking)
    if votes:
        ranking = rank(replace(inp, votes=votes))
    now = timezone.now()
    rows = [
        Result(
            council=council,
            dossier_id=r.dossier,
            components=dict(r.components),
            total=_dec(r.total),
            normalised_total=_dec(r.normalised_total),
            rank=r.rank,
            passed=r.passed,
            top=r.top,
            tie_group=r.tie_group,
            tie_resolved_by=r.tie_resolved_by or "",
            needs_vote=r.needs_vote,
            disagreements=list(r.disagreements),
            missing=list(r.missing),
            computed_at=now,
        )
        for r in ranking.results
    ]
    Result.objects.bulk_create(rows, batch_size=1000)
    dossiers_record_results(
        actor=actor,
        passed={r.dossier for r in ranking.results if r.passed},
        failed={r.dossier for r in ranking.results if not r.passed},
        campaign_id=council.campaign_id,
    )
    return rows


def _votes_by_group(council: Council, ranking: Ranking) -> dict[int, list[int]]:
    """The council's recorded votes, keyed by the tie group they decide (the latest vote on a
    group wins). A vote that no longer matches an unresolved tie is ignored."""
    votes: dict[int, list[int]] = {}
    for vote in council.tie_votes.order_by("at", "id"):
        chosen = set(vote.order)
        for tie in ranking.ties:
            for subset in tie.unresolved:
                if set(subset) == chosen:
                    # a group may hold several tied sets, each decided by its own vote
                    kept = [d for d in votes.get(tie.id, []) if d not in chosen]
                    votes[tie.id] = kept + list(vote.order)
    return votes
