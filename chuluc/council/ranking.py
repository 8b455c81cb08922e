"""The Django side of the ranking: read the closed round's combined scores (or, for
normalisation, every raw score), run the pure engine (``aggregation``), store the results.
Called inside the council's services, which write the audit row."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from decimal import Decimal

from django.db import connection
from django.db.models import FloatField
from django.db.models.functions import Cast
from django.utils import timezone

from chuluc.campaigns.enums import CriterionKind
from chuluc.campaigns.models import ComputedScore, Criterion, Dossier
from chuluc.campaigns.services import dossiers_record_results
from chuluc.core.bulk import bulk_insert, bulk_update_by_pk
from chuluc.council.aggregation import RULES, CriterionInfo, Ranking, RankingInput, rank
from chuluc.council.combined import combined_rebuild, counted_scores
from chuluc.council.enums import SCORABLE_STATUSES, RoundStatus
from chuluc.council.models import CombinedScore, Council, Result


def ranking_input(council: Council, *, raw: bool = False) -> RankingInput | None:
    """Everything the engine needs, read with a fixed number of queries.

    The judged criteria come from the closed round's combined scores (``council.combined``),
    rebuilt first if the round has none yet; from every raw score when the council asks for
    normalisation, when ``raw`` is set, or when the campaign's rule is not one the combined
    scores carry (the engine then reports it)."""
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
        for d, c, points in ComputedScore.objects.filter(
            dossier__campaign=campaign, dossier__status__in=SCORABLE_STATUSES
        ).values_list("dossier_id", "criterion_id", "points")
    }
    base = RankingInput(
        criteria=tuple(
            CriterionInfo(
                c.code,
                float(c.max_points),
                "computed" if c.kind == CriterionKind.COMPUTED else "judged",
            )
            for c in criteria
        ),
        dossiers=sorted(dossiers),
        computed=computed,
        rule=campaign.aggregation,
        normalise=council.normalise,
        pass_mark=float(campaign.pass_mark),
        top_n=campaign.top_n,
        # the vote rule names no criterion (``Campaign.tie_break_codes``)
        tie_break=tuple(code for code in campaign.tie_break_codes if code in code_of.values()),
        disagreement_threshold=float(council.disagreement_threshold),
        enterprise_of=dossiers,
    )
    if raw or council.normalise or campaign.aggregation not in RULES:
        scores = [(d, code_of[c], m, v) for d, c, m, v in counted_scores(closed) if d in dossiers]
        return replace(base, scores=scores)
    if closed.combined_at is None:
        combined_rebuild(closed)
    sql, params = (
        CombinedScore.objects.filter(round=closed)
        .values_list(
            "dossier_id",
            "criterion_id",
            campaign.aggregation,
            Cast("low", FloatField()),
            Cast("high", FloatField()),
        )
        .query.sql_with_params()
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        combined = [
            (d, code_of[c], u, low, high)
            for d, c, u, low, high in cursor.fetchall()
            if d in dossiers
        ]
    return replace(base, combined=combined)


# the fields a recomputation compares and rewrites (``computed_at`` changes with them)
RESULT_FIELDS = (
    "components",
    "total",
    "normalised_total",
    "rank",
    "passed",
    "top",
    "tie_group",
    "tie_resolved_by",
    "needs_vote",
    "disagreements",
    "missing",
)


def _dec(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _digest(values: tuple) -> str:
    """A fingerprint of a result's fields (their ``repr`` is deterministic: floats, decimals,
    lists and dicts in the engine's order), so that unchanged rows are neither read back
    nor rewritten."""
    return hashlib.sha1(repr(values).encode(), usedforsecurity=False).hexdigest()


def compute_results(*, council: Council, actor=None, raw: bool = False) -> int:
    """Rank the council's closed round and store one ``Result`` per dossier, rewriting only
    the rows that changed; moves the dossiers to passed / failed. Returns the number of
    results."""
    inp = ranking_input(council, raw=raw)
    if inp is None:
        Result.objects.filter(council=council).delete()
        return 0
    ranking: Ranking = rank(inp)
    votes = _votes_by_group(council, ranking)
    if votes:
        ranking = rank(replace(inp, votes=votes))
    fresh = {
        r.dossier: (
            dict(r.components),
            _dec(r.total),
            _dec(r.normalised_total),
            r.rank,
            r.passed,
            r.top,
            r.tie_group,
            r.tie_resolved_by or "",
            r.needs_vote,
            list(r.disagreements),
            list(r.missing),
        )
        for r in ranking.results
    }
    digests = {d: _digest(values) for d, values in fresh.items()}
    stored = {
        dossier: (pk, digest)
        for pk, dossier, digest in Result.objects.filter(council=council).values_list(
            "pk", "dossier_id", "digest"
        )
    }
    gone = [pk for d, (pk, _values) in stored.items() if d not in fresh]
    if gone:  # dossiers withdrawn from scoring since the last computation
        Result.objects.filter(pk__in=gone).delete()
    now = timezone.now()
    bulk_update_by_pk(
        Result,
        (*RESULT_FIELDS, "computed_at", "digest"),
        (
            (stored[d][0], *values, now, digests[d])
            for d, values in fresh.items()
            if d in stored and stored[d][1] != digests[d]
        ),
    )
    bulk_insert(
        Result,
        ("council_id", "dossier_id", *RESULT_FIELDS, "computed_at", "digest"),
        (
            (council.pk, d, *values, now, digests[d])
            for d, values in fresh.items()
            if d not in stored
        ),
    )
    dossiers_record_results(
        actor=actor,
        passed={r.dossier for r in ranking.results if r.passed},
        failed={r.dossier for r in ranking.results if not r.passed},
        campaign_id=council.campaign_id,
    )
    return len(fresh)


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
