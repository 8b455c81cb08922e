"""Council scoring: combined scores, totals, ranking with ties and the Top N.

Pure Python (standard library only, no Django): the Django layer loads the campaign's
criteria, the computed points and the council members' scores, calls :func:`rank` and
translates the messages of the :class:`AggregationError` (a ``ValueError``) it may raise:
unknown rule, criterion or dossier, a score outside ``0..max_points`` or not a number, a
duplicate score, an inapplicable vote.

Speed: one pass over the scores with dictionary grouping, then work per (criterion,
dossier) group; scores may be given as plain ``(dossier, criterion, member, value)``
tuples to avoid building millions of objects.

Vocabulary
----------
*Computed* criteria carry points already known per dossier. *Judged* criteria are scored
by each assigned council member in ``0..max_points``; a member with a conflict of interest
on a dossier simply has no score for it. Per (dossier, judged criterion) the members'
scores are combined by the campaign's rule (:func:`combine`).

Design decisions (all results are deterministic and independent of input order)
------------------------------------------------------------------------------------
Arithmetic and rounding
    Scores are combined in binary floating point with order-independent operations
    (``math.fsum``, sorting), then every published figure is rounded **once** to the
    nearest 0.0001 (``round(x * 10_000)``, half-to-even on the binary value) and kept as an
    integer number of 0.0001 units. A combined score is clamped to
    ``[0, round(max_points, 4)]`` after rounding. The total is the exact sum of the
    published (rounded) components, so anyone can recompute it by adding the components
    shown on the score sheet.

Ties
    Two dossiers are tied when their published totals, rounded half-up to 2 decimals, are
    equal: with ``u`` the total in 0.0001 units, the tie key is ``(u + 50) // 100``
    (so 80.0049 → 80.00 and 80.0050 → 80.01). The 4-decimal difference inside a tie
    group never decides: tied dossiers are equal. Every tie (group of two or more
    dossiers) is reported, even when resolved; its id is the smallest dossier id in it.
    Resolution follows ``tie_break``: a higher published (4-decimal) component on the first
    named criterion wins, then the next one, and so on. Dossiers still equal on every
    tie-break criterion are *unresolved*: the council must vote. ``votes[group_id]``
    gives the council's order (best first) for dossiers left tied: each set of dossiers
    still equal on every criterion that the vote names must be named in full (sets it does
    not name stay unresolved); it may also name dossiers of the group the criteria already
    placed (their place does not move); it is refused when it names a dossier outside the
    group, places a tied set only in part, or decides nothing.
    Without a vote unresolved dossiers share a rank (standard competition ranking
    1, 2, 2, 4). ``needs_vote`` is set only where their order decides something: the tied
    dossiers straddle the last Top N places, or sit on both sides of the pass mark (their
    4-decimal totals differ). A tie that decides neither (wholly inside or outside the
    Top N, all passing or all failing) keeps its shared rank and needs no vote; a vote may
    still order it.

Pass and Top N
    ``passed`` = eligible and published total ≥ ``pass_mark`` (pass mark rounded to
    4 decimals). Dossiers of one tie group therefore normally share the same pass status;
    the group is reported as ``crosses_pass_mark`` when its eligible members do not (their
    4-decimal totals sit on both sides of the mark). The Top N is filled in ranking order
    from passing dossiers only; an enterprise may hold several places. When an unresolved
    tie straddles the last places, none of its dossiers is placed: they are
    ``top_pending`` and ``Ranking.open_top_places`` says how many places the vote fills.

Normalisation (optional, reported beside the raw figures, never replacing them)
    Per judged criterion and member, over the dossiers the member scored on that
    criterion: a member with at least two different scores is *varying*; the criterion's
    target mean ``M`` and population standard deviation ``S`` are those of the pooled raw
    scores of its varying members, and each varying member's score ``x`` becomes
    ``clip(M + (x - mean_m) / sd_m * S, 0, max_points)`` (``mean_m``, ``sd_m`` are the
    member's own mean and population sd; computed as ``a * x + b`` with ``a = S / sd_m``,
    ``b = M - a * mean_m``). A member whose scores do not vary (a single score, or the same
    score everywhere, tested as ``min == max`` rather than ``sd == 0`` so that rounding
    noise cannot make a constant member "vary") is left as is: no division by zero.
    Pooling over varying members only means adding or removing a constant member leaves
    everybody else's normalised scores unchanged. Ranking, pass and Top N use the raw
    figures; the normalised components and total are published beside them.

Disagreement
    For each (dossier, judged criterion) the spread of the members' raw scores
    ``(max - min) / max_points`` (rounded to 9 decimals to absorb binary noise) strictly
    above ``disagreement_threshold`` is flagged.

Missing data
    A judged criterion with no score at all for a dossier, or a computed criterion absent
    from ``computed``, counts 0 points and is listed in ``missing``.
"""

from chuluc.council.aggregation.engine import rank
from chuluc.council.aggregation.model import (
    RULES,
    AggregationError,
    CombinedRow,
    CriterionInfo,
    DossierResult,
    Ranking,
    RankingInput,
    ScoreEntry,
    ScoreRow,
    TieGroup,
    combine,
    combine_units,
    combine_units_all,
    tie_key,
)

__all__ = [
    "RULES",
    "AggregationError",
    "CombinedRow",
    "CriterionInfo",
    "DossierResult",
    "Ranking",
    "RankingInput",
    "ScoreEntry",
    "ScoreRow",
    "TieGroup",
    "combine",
    "combine_units",
    "combine_units_all",
    "rank",
    "tie_key",
]
