"""Bench-only alternatives to ``chuluc.council.ranking.ranking_input`` (prototypes, not app code).

Each one reads the same closed round as the application does and is checked against it by
``bench/ranking.py`` (same ranks, totals and components), so the gain shown is for the same
answer. They show what the app-code change recommended in ``docs/performance.md`` buys:

* :func:`orm_score_rows` / :func:`raw_score_rows`: the application's score query alone,
  through the ORM (Decimal converters) and through a plain cursor, to split database time
  from Django's per-row conversion.
* :func:`orm_fast_ranking_input`: the recommended change, ORM only: the same
  ``RankingInput`` with the values cast to floating point in SQL (no ``Decimal`` per row),
  the criterion code joined in SQL (rows come out as ready-made ``ScoreRow`` tuples, nothing
  rebuilt in Python) and the dossier filter as a join instead of a 10,000-parameter ``IN``
  list.
* :func:`orm_sql_ranking_input`: the same ORM query, executed through the cursor
  (``query.sql_with_params()``): the query stays written in the ORM, and the per-row
  converters that the ORM adds for an expression (``float()`` on every value of ``Cast``)
  are skipped; the driver already returns floats.
* :func:`fast_ranking_input`: the same in hand-written SQL through a raw cursor, to show
  what is left below the ORM (nothing much).
* :func:`grouped_ranking_input`: the scores combined in SQL (``GROUP BY`` dossier, criterion:
  count, sum, min, max), 15 times fewer rows to Python; the engine is fed one pre-combined
  row per (dossier, criterion). Valid for the ``mean`` rule without normalisation only, and
  without the disagreement flags (they need min/max, which the query returns but the
  current engine cannot take): it prototypes an engine entry point that does not exist yet.
"""

from __future__ import annotations

from dataclasses import replace

from django.db import connection
from django.db.models import Exists, FloatField, OuterRef
from django.db.models.functions import Cast

from chuluc.campaigns.models import Dossier
from chuluc.council.aggregation import RankingInput
from chuluc.council.enums import SCORABLE_STATUSES, RoundStatus
from chuluc.council.models import Conflict, Council, Score
from chuluc.council.ranking import ranking_input

_FLOAT = {"sqlite": "CAST({} AS REAL)", "postgresql": "({})::float8"}
# As the application: a member who declared a conflict after closing no longer counts there.
_NO_CONFLICT = (
    "NOT EXISTS (SELECT 1 FROM council_conflict k "
    "WHERE k.member_id = s.member_id AND k.dossier_id = s.dossier_id)"
)


def _conflicted():
    return Exists(
        Conflict.objects.filter(member_id=OuterRef("member_id"), dossier_id=OuterRef("dossier_id"))
    )


def _closed_round_id(council: Council) -> int:
    return (
        council.rounds.filter(status=RoundStatus.CLOSED)
        .order_by("-number")
        .values_list("pk", flat=True)
        .first()
    )


def _eligible_subquery() -> tuple[str, list]:
    marks = ", ".join(["%s"] * len(SCORABLE_STATUSES))
    sql = f"SELECT id FROM campaigns_dossier WHERE campaign_id = %s AND status IN ({marks})"  # noqa: S608 - placeholders only
    return sql, list(SCORABLE_STATUSES)


def orm_score_rows(council: Council) -> list[tuple]:
    """The application's score query as it is (ORM, ``Decimal`` values), rows only."""
    dossiers = list(
        Dossier.objects.filter(campaign=council.campaign, status__in=SCORABLE_STATUSES).values_list(
            "pk", flat=True
        )
    )
    return list(
        Score.objects.filter(round_id=_closed_round_id(council), dossier_id__in=dossiers)
        .exclude(_conflicted())
        .values_list("dossier_id", "criterion_id", "member_id", "value")
    )


def raw_score_rows(council: Council) -> list[tuple]:
    """The same rows through a plain cursor: the database driver's share of the read."""
    sub, params = _eligible_subquery()
    sql = (
        "SELECT s.dossier_id, s.criterion_id, s.member_id, s.value FROM council_score s "  # noqa: S608
        f"WHERE s.round_id = %s AND s.dossier_id IN ({sub}) AND {_NO_CONFLICT}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [_closed_round_id(council), council.campaign_id, *params])
        return cursor.fetchall()


def fast_ranking_input(council: Council) -> RankingInput | None:
    """``ranking_input`` with the score rows read as ready-made ``ScoreRow`` tuples."""
    base = _without_scores(council)
    if base is None:
        return None
    sub, params = _eligible_subquery()
    value = _FLOAT[connection.vendor].format("s.value")
    sql = (
        f"SELECT s.dossier_id, c.code, s.member_id, {value} FROM council_score s "  # noqa: S608
        "JOIN campaigns_criterion c ON c.id = s.criterion_id "
        f"WHERE s.round_id = %s AND s.dossier_id IN ({sub}) AND {_NO_CONFLICT}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [_closed_round_id(council), council.campaign_id, *params])
        scores = cursor.fetchall()
    return replace(base, scores=scores)


def _score_rows_query(council: Council):
    """The scores as ``ScoreRow`` tuples: (dossier, criterion code, member, float value)."""
    return (
        Score.objects.filter(
            round_id=_closed_round_id(council),
            dossier__campaign_id=council.campaign_id,
            dossier__status__in=SCORABLE_STATUSES,
        )
        .exclude(_conflicted())
        .values_list("dossier_id", "criterion__code", "member_id", Cast("value", FloatField()))
    )


def orm_fast_ranking_input(council: Council) -> RankingInput | None:
    """``ranking_input`` with the score query written for speed, ORM only."""
    base = _without_scores(council)
    if base is None:
        return None
    return replace(base, scores=list(_score_rows_query(council)))


def orm_sql_ranking_input(council: Council) -> RankingInput | None:
    """The same ORM query, its rows fetched by the cursor without per-row converters."""
    base = _without_scores(council)
    if base is None:
        return None
    sql, params = _score_rows_query(council).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        scores = cursor.fetchall()
    return replace(base, scores=scores)


def grouped_rows(council: Council) -> list[tuple]:
    """(dossier, code, n, sum, min, max) per judged criterion, combined by the database."""
    sub, params = _eligible_subquery()
    value = _FLOAT[connection.vendor].format("s.value")
    sql = (
        f"SELECT s.dossier_id, c.code, COUNT(*), SUM({value}), MIN({value}), MAX({value}) "  # noqa: S608
        "FROM council_score s JOIN campaigns_criterion c ON c.id = s.criterion_id "
        f"WHERE s.round_id = %s AND s.dossier_id IN ({sub}) AND {_NO_CONFLICT} "
        "GROUP BY s.dossier_id, c.code"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [_closed_round_id(council), council.campaign_id, *params])
        return cursor.fetchall()


def grouped_ranking_input(council: Council) -> RankingInput | None:
    """One pre-combined (mean) row per (dossier, criterion): the SQL ``GROUP BY`` prototype."""
    base = _without_scores(council)
    if base is None:
        return None
    if base.rule != "mean" or base.normalise:
        raise ValueError("The GROUP BY prototype covers the mean rule without normalisation.")
    rows = grouped_rows(council)
    return replace(base, scores=[(d, code, 0, total / n) for d, code, n, total, _lo, _hi in rows])


def _without_scores(council: Council) -> RankingInput | None:
    """Everything but the scores, read the application's way (criteria, dossiers, computed).

    Runs the application's ``ranking_input`` on an empty score query: the other queries are
    small (10,000 dossiers, 50,000 computed points) and not the subject here.
    """
    from unittest import mock

    with mock.patch.object(Score.objects, "filter", return_value=Score.objects.none()):
        return ranking_input(council)
