"""Combined scores of a closed round: one ``CombinedScore`` per (dossier, judged criterion).

The ranking depends on the members' scores only through each (dossier, criterion)'s
combined value and its lowest and highest score (for the disagreement flag), so these are
computed once, when the round closes, and then only where something changed: the
(dossier, criterion) of an approved correction, the dossier of a conflict declared after
closing. A recomputation of the ranking (a correction, a tie vote, ``rank_campaign``) then
reads 20 rows per dossier instead of 20 × 15 scores. Normalisation needs every raw score
and reads them (``ranking.ranking_input``).

Every rule's value is stored, so that changing the campaign's rule needs no rebuild.
Called inside the council's services (their transaction, their audit row).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator

from django.db import connection
from django.db.models import FloatField
from django.db.models.functions import Cast
from django.utils import timezone

from chuluc.core.bulk import bulk_insert
from chuluc.council.aggregation import combine_units_all
from chuluc.council.models import CombinedScore, Conflict, Round, Score

FETCH = 50_000
FIELDS = (
    "round_id",
    "dossier_id",
    "criterion_id",
    "scorers",
    "mean",
    "median",
    "trimmed_mean",
    "low",
    "high",
)


def counted_scores(
    round_: Round,
    *,
    dossiers: Collection[int] | None = None,
    criteria: Collection[int] | None = None,
) -> Iterator[tuple[int, int, int, float]]:
    """``(dossier, criterion, member, value)`` of the round's scores that count: those of a
    member who declared a conflict with the dossier (even after closing) do not. Streamed
    from the cursor as floats, without building a model or a ``Decimal`` per score."""
    scores = Score.objects.filter(round=round_)
    if dossiers is not None:
        scores = scores.filter(dossier_id__in=list(dossiers))
    if criteria is not None:
        scores = scores.filter(criterion_id__in=list(criteria))
    conflicts = set(
        Conflict.objects.filter(member__council_id=round_.council_id).values_list(
            "member_id", "dossier_id"
        )
    )
    sql, params = scores.values_list(
        "dossier_id", "criterion_id", "member_id", Cast("value", FloatField())
    ).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(FETCH):
            if conflicts:
                yield from (row for row in chunk if (row[2], row[0]) not in conflicts)
            else:
                yield from chunk


def combined_rebuild(
    round_: Round,
    *,
    dossiers: Collection[int] | None = None,
    criteria: Collection[int] | None = None,
) -> int:
    """Recompute the round's combined scores: all of them, or those of the given dossiers
    (and criteria). Returns the number of rows written."""
    cells: dict[tuple[int, int], list[float]] = {}
    for d, c, _m, v in counted_scores(round_, dossiers=dossiers, criteria=criteria):
        values = cells.get((d, c))
        if values is None:
            cells[(d, c)] = [v]
        else:
            values.append(v)
    stale = CombinedScore.objects.filter(round=round_)
    if dossiers is not None:
        stale = stale.filter(dossier_id__in=list(dossiers))
    if criteria is not None:
        stale = stale.filter(criterion_id__in=list(criteria))
    stale.delete()
    rows = (
        (
            round_.pk,
            d,
            c,
            len(values),
            *combine_units_all(values),
            min(values),
            max(values),
        )
        for (d, c), values in cells.items()
    )
    written = bulk_insert(CombinedScore, FIELDS, rows)
    if dossiers is None and criteria is None:
        round_.combined_at = timezone.now()
        Round.objects.filter(pk=round_.pk).update(combined_at=round_.combined_at)
    return written
