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
    1, 2, 2, 4) and ``needs_vote`` is set.

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

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import repeat
from numbers import Real
from operator import mul, sub
from types import MappingProxyType
from typing import Final, Literal

__all__ = [
    "RULES",
    "AggregationError",
    "CriterionInfo",
    "DossierResult",
    "Ranking",
    "RankingInput",
    "ScoreEntry",
    "ScoreRow",
    "TieGroup",
    "combine",
    "rank",
    "tie_key",
]

#: The aggregation rules (the campaign's ``aggregation`` choices).
Rule = Literal["mean", "median", "trimmed_mean"]
Kind = Literal["computed", "judged"]
#: The fast input form of a score: ``(dossier, criterion code, member, value)``.
ScoreRow = tuple[int, str, int, float]

RULES: Final[tuple[Rule, ...]] = ("mean", "median", "trimmed_mean")
UNITS_PER_POINT: Final = 10_000  # published figures carry 4 decimals
_UNITS_PER_TIE_STEP: Final = 100  # ties compare totals at 2 decimals
_TRIM_MIN_SCORES: Final = 3
_SPREAD_DIGITS: Final = 9


# --------------------------------------------------------------------------- inputs


class AggregationError(ValueError):
    """Invalid input to the aggregation; the message is plain English for the Django layer."""


@dataclass(frozen=True, slots=True)
class CriterionInfo:
    """A criterion of the campaign's criteria set."""

    code: str
    max_points: float
    kind: Kind = "judged"


@dataclass(frozen=True, slots=True)
class ScoreEntry:
    """One council member's score for one judged criterion of one dossier."""

    dossier: int
    criterion: str
    member: int
    value: float

    def __iter__(self) -> Iterator[object]:
        """Unpack like a :data:`ScoreRow`: ``dossier, criterion, member, value = entry``."""
        return iter((self.dossier, self.criterion, self.member, self.value))


@dataclass(frozen=True, kw_only=True)
class RankingInput:
    """Everything :func:`rank` needs.

    ``scores`` accepts :class:`ScoreEntry` objects or, faster, plain
    ``(dossier, criterion, member, value)`` tuples (:data:`ScoreRow`), mixed freely; values
    may be ``float``, ``int``, ``Decimal`` or any real number (converted to ``float``).
    Criteria order is the display order of ``components``, ``disagreements`` and
    ``missing``; the order of everything else is irrelevant.
    ``eligible`` ``None`` means every dossier is eligible. ``votes`` maps a tie group id
    (smallest dossier id of the group) to the council's order, best first, of the dossiers
    left tied after the tie-break criteria. ``enterprise_of`` is only reported back.
    """

    criteria: tuple[CriterionInfo, ...]
    dossiers: Sequence[int]
    scores: Iterable[ScoreEntry | ScoreRow] = ()
    computed: Mapping[tuple[int, str], float] = field(default_factory=dict)
    eligible: frozenset[int] | None = None
    rule: str = "mean"
    normalise: bool = False
    pass_mark: float
    top_n: int
    tie_break: tuple[str, ...] = ()
    votes: Mapping[int, Sequence[int]] | None = None
    disagreement_threshold: float = 0.3
    enterprise_of: Mapping[int, int] | None = None


# --------------------------------------------------------------------------- outputs


@dataclass(frozen=True)
class DossierResult:
    """One dossier's outcome. Points are published figures (4 decimals).

    ``components`` maps every criterion code (in the criteria's order) to its points.
    ``tie_resolved_by`` is ``"criterion:<code>"`` (the tie-break criterion that set the
    dossier apart from the last dossier it was tied with), ``"vote"`` or ``None``.
    ``top_pending`` marks a passing dossier of an unresolved tie straddling the Top N
    boundary: whether it enters the Top N is for the council's vote.
    """

    dossier: int
    enterprise: int | None
    components: Mapping[str, float]
    normalised_components: Mapping[str, float] | None
    total: float
    normalised_total: float | None
    rank: int
    eligible: bool
    passed: bool
    top: bool
    top_pending: bool
    tie_group: int | None
    tie_resolved_by: str | None
    needs_vote: bool
    disagreements: tuple[str, ...]
    missing: tuple[str, ...]


@dataclass(frozen=True)
class TieGroup:
    """Dossiers whose totals are equal at 2 decimals (see the module docstring).

    ``dossiers`` are in final order; ``unresolved`` lists the subsets still equal on every
    tie-break criterion (before any vote).
    """

    id: int
    total: float
    dossiers: tuple[int, ...]
    unresolved: tuple[tuple[int, ...], ...]
    decided_by_vote: bool
    needs_vote: bool
    crosses_top: bool
    crosses_pass_mark: bool


@dataclass(frozen=True)
class Ranking:
    """The ranking: ``results`` sorted by rank, then dossier id."""

    results: tuple[DossierResult, ...]
    ties: tuple[TieGroup, ...]
    top: tuple[int, ...]
    open_top_places: int
    needs_vote: bool

    def result(self, dossier: int) -> DossierResult:
        """The result of one dossier (``KeyError`` if unknown)."""
        for item in self.results:
            if item.dossier == dossier:
                return item
        raise KeyError(dossier)


# --------------------------------------------------------------------------- combining


def _mean(values: Sequence[float]) -> float:
    return math.fsum(values) / len(values)


def _median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[mid]
    return (ordered[mid - 1] + ordered[mid]) / 2


def _trimmed_mean(values: Sequence[float]) -> float:
    if len(values) < _TRIM_MIN_SCORES:
        return math.fsum(values) / len(values)
    ordered = sorted(values)
    return math.fsum(ordered[1:-1]) / (len(ordered) - 2)


_COMBINERS: Final[dict[str, Callable[[Sequence[float]], float]]] = {
    "mean": _mean,
    "median": _median,
    "trimmed_mean": _trimmed_mean,
}


def _combiner(rule: str) -> Callable[[Sequence[float]], float]:
    try:
        return _COMBINERS[rule]
    except (KeyError, TypeError):
        raise AggregationError(
            f"Unknown aggregation rule {rule!r}; expected one of {', '.join(RULES)}."
        ) from None


def combine(values: Sequence[float], rule: str = "mean") -> float:
    """Combine members' scores by ``rule`` (unrounded; order of ``values`` is irrelevant).

    ``mean``: arithmetic mean (``math.fsum``). ``median``: middle value, mean of the two
    middle values for an even count. ``trimmed_mean``: mean after dropping the single
    highest and single lowest score when there are at least 3 scores, else plain mean.
    """
    combiner = _combiner(rule)
    if not values:
        raise AggregationError("Cannot combine an empty list of scores.")
    return combiner([float(v) for v in values])


def tie_key(total: float) -> int:
    """Tie key of a published total: hundredths, rounded half-up from 4 decimals."""
    return (_units(total) + _UNITS_PER_TIE_STEP // 2) // _UNITS_PER_TIE_STEP


def _units(value: float) -> int:
    return round(float(value) * UNITS_PER_POINT)


def _points(units: int) -> float:
    return units / UNITS_PER_POINT


# --------------------------------------------------------------------------- validation


@dataclass(frozen=True, slots=True)
class _Config:
    codes: tuple[str, ...]
    max_points: dict[str, float]
    max_units: dict[str, int]
    judged: tuple[str, ...]
    computed: frozenset[str]
    dossiers: tuple[int, ...]
    dossier_set: frozenset[int]
    eligible: frozenset[int]


def _validate(inp: RankingInput) -> _Config:
    codes: list[str] = []
    max_points: dict[str, float] = {}
    judged: list[str] = []
    computed: set[str] = set()
    for criterion in inp.criteria:
        if criterion.code in max_points:
            raise AggregationError(f"Criterion {criterion.code!r} is listed twice.")
        if criterion.kind not in {"computed", "judged"}:
            raise AggregationError(
                f"Criterion {criterion.code!r} has unknown kind {criterion.kind!r}; "
                "expected 'computed' or 'judged'."
            )
        top = float(criterion.max_points)
        if not (math.isfinite(top) and top > 0):
            raise AggregationError(
                f"Criterion {criterion.code!r} must have a positive finite maximum, got {top!r}."
            )
        codes.append(criterion.code)
        max_points[criterion.code] = top
        if criterion.kind == "judged":
            judged.append(criterion.code)
        else:
            computed.add(criterion.code)
    _combiner(inp.rule)
    dossiers = tuple(inp.dossiers)
    dossier_set = frozenset(dossiers)
    if len(dossier_set) != len(dossiers):
        raise AggregationError("A dossier is listed twice in the dossiers to rank.")
    eligible = dossier_set if inp.eligible is None else frozenset(inp.eligible)
    if not eligible <= dossier_set:
        raise AggregationError(
            f"Eligible dossier {min(eligible - dossier_set)} is not among the dossiers to rank."
        )
    _validate_parameters(inp, max_points)
    return _Config(
        codes=tuple(codes),
        max_points=max_points,
        max_units={code: _units(top) for code, top in max_points.items()},
        judged=tuple(judged),
        computed=frozenset(computed),
        dossiers=dossiers,
        dossier_set=dossier_set,
        eligible=eligible,
    )


def _validate_parameters(inp: RankingInput, max_points: Mapping[str, float]) -> None:
    if not math.isfinite(float(inp.pass_mark)):
        raise AggregationError(f"The pass mark must be a finite number, got {inp.pass_mark!r}.")
    if isinstance(inp.top_n, bool) or not isinstance(inp.top_n, int) or inp.top_n < 0:
        raise AggregationError(f"Top N must be a non-negative integer, got {inp.top_n!r}.")
    threshold = float(inp.disagreement_threshold)
    if not (math.isfinite(threshold) and threshold >= 0):
        raise AggregationError(
            f"The disagreement threshold must be a non-negative number, got {threshold!r}."
        )
    if isinstance(inp.tie_break, str):
        raise AggregationError(
            "The tie-break rule must be a sequence of criterion codes, not a string."
        )
    seen: set[str] = set()
    for code in inp.tie_break:
        if code not in max_points:
            raise AggregationError(
                f"Tie-break criterion {code!r} is not a criterion of the campaign."
            )
        if code in seen:
            raise AggregationError(f"Tie-break criterion {code!r} is listed twice.")
        seen.add(code)


# --------------------------------------------------------------------------- grouping


_Groups = dict[str, dict[int, dict[int, float]]]


def _group_scores(scores: Iterable[ScoreEntry | ScoreRow], cfg: _Config) -> _Groups:
    """criterion → dossier → member → raw value; rejects unknown keys and duplicates.

    The hot loop of the module (one pass over every score) does the least per score: one
    unpacking, two dictionary look-ups and one store. Duplicates are detected afterwards by
    counting (a duplicate overwrites, so fewer values are stored than scores were given).
    """
    rows = scores if isinstance(scores, list | tuple) else list(scores)
    groups: _Groups = {code: {} for code in cfg.judged}
    group_of = groups.get
    dossier_set = cfg.dossier_set
    try:
        for d, c, m, v in rows:
            by_dossier = group_of(c)
            if by_dossier is None:
                raise _bad_score_criterion(c, cfg)
            members = by_dossier.get(d)
            if members is None:
                if d not in dossier_set:
                    raise AggregationError(
                        f"Score for dossier {d!r} on criterion {c!r}: the dossier is not "
                        "among the dossiers to rank."
                    )
                members = by_dossier[d] = {}
            members[m] = v if v.__class__ is float else _as_float(v, d, c, m)
    except AggregationError:
        raise
    except (TypeError, ValueError):
        raise _malformed(rows) from None
    stored = sum(len(members) for by_dossier in groups.values() for members in by_dossier.values())
    if stored != len(rows):
        raise _duplicate(rows)
    return groups


def _as_float(value: object, dossier: object, code: object, member: object) -> float:
    if isinstance(value, Real) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, Decimal):
        return float(value)
    raise AggregationError(
        f"Score {value!r} of member {member!r} on criterion {code!r} of dossier {dossier!r} "
        "is not a number."
    )


def _malformed(rows: Sequence[object]) -> AggregationError:
    for entry in rows:
        try:
            _d, _c, _m, _v = entry  # type: ignore[misc]
        except (TypeError, ValueError):
            return AggregationError(
                "A score must be a ScoreEntry or a (dossier, criterion, member, value) row, "
                f"got {entry!r}."
            )
    return AggregationError(
        "Malformed score rows: dossier, criterion and member must be plain ids."
    )


def _duplicate(rows: Sequence[ScoreEntry | ScoreRow]) -> AggregationError:
    seen: set[tuple[object, object, object]] = set()
    for d, c, m, _v in rows:
        key = (d, c, m)
        if key in seen:
            return AggregationError(
                f"Member {m!r} scored criterion {c!r} of dossier {d!r} more than once."
            )
        seen.add(key)
    return AggregationError("Duplicate scores.")  # pragma: no cover - unreachable


def _bad_score_criterion(code: object, cfg: _Config) -> AggregationError:
    if code in cfg.computed:
        return AggregationError(f"Criterion {code!r} is computed; council members cannot score it.")
    return AggregationError(f"Score for unknown criterion {code!r}.")


def _out_of_range(
    code: str, dossier: int, members: Mapping[int, float], top: float
) -> AggregationError:
    for member, value in sorted(members.items()):
        if not 0 <= float(value) <= top:
            return AggregationError(
                f"Score {value!r} of member {member!r} on criterion {code!r} of dossier "
                f"{dossier!r} is outside 0..{top:g}."
            )
    return AggregationError(f"Invalid score on criterion {code!r} of dossier {dossier!r}.")


def _computed_units(inp: RankingInput, cfg: _Config) -> dict[str, dict[int, int]]:
    out: dict[str, dict[int, int]] = {code: {} for code in cfg.computed}
    for key, value in inp.computed.items():
        dossier, code = key
        if code not in out:
            if code in cfg.max_points:
                raise AggregationError(
                    f"Criterion {code!r} is judged; its points come from the members' scores."
                )
            raise AggregationError(f"Computed points for unknown criterion {code!r}.")
        if dossier not in cfg.dossier_set:
            raise AggregationError(
                f"Computed points for dossier {dossier!r}, which is not among the dossiers to rank."
            )
        top = cfg.max_points[code]
        if not 0 <= float(value) <= top:
            raise AggregationError(
                f"Computed points {value!r} on criterion {code!r} of dossier {dossier!r} "
                f"are outside 0..{top:g}."
            )
        out[code][dossier] = min(_units(value), cfg.max_units[code])
    return out


# --------------------------------------------------------------------------- per criterion


def _combine_raw(
    code: str,
    by_dossier: Mapping[int, Mapping[int, float]],
    rule: str,
    *,
    top: float,
    top_units: int,
    threshold: float,
) -> tuple[dict[int, int], set[int]]:
    """Validate the raw scores, combine them (0.0001 units) and flag disagreements."""
    combiner = _combiner(rule)
    is_mean = rule == "mean"
    units: dict[int, int] = {}
    disagree: set[int] = set()
    scale = UNITS_PER_POINT
    fsum = math.fsum
    for dossier, members in by_dossier.items():
        values = list(members.values())
        low = min(values)
        high = max(values)
        total = fsum(values) if low >= 0 and high <= top else math.nan
        if math.isnan(total):  # out of range, or a NaN slipped past min/max
            raise _out_of_range(code, dossier, members, top)
        u = round((total / len(values) if is_mean else combiner(values)) * scale)
        units[dossier] = top_units if u > top_units else max(u, 0)
        if high > low and round((high - low) / top, _SPREAD_DIGITS) > threshold:
            disagree.add(dossier)
    return units, disagree


def _normalised_values(
    by_dossier: Mapping[int, Mapping[int, float]], top: float
) -> dict[int, Sequence[float]]:
    """Per dossier, the members' normalised scores on one criterion (module docstring).

    Column-wise for speed: one column per member (``None`` where the member gave no
    score); a varying member's map is applied as ``a * x + b`` with ``a = S / sd_m`` and
    ``b = M - a * mean_m`` (the z-score formula rearranged); the pooled ``M`` and ``S`` come
    from the members' counts, means and sums of squared deviations (exact pooling, no
    second pass); the columns are then zipped back into one row per dossier.
    """
    rows = list(by_dossier.values())
    columns: list[list[float | None]] = []
    varying: list[tuple[list[float | None], float, float, float, float]] = []
    stats: list[tuple[int, float, float]] = []  # (n, mean, sum of squared deviations)
    complete = True
    for member in sorted(set().union(*rows)):
        column = list(map(dict.get, rows, repeat(member)))
        values = [x for x in column if x is not None]
        complete = complete and len(values) == len(column)
        low, high = min(values), max(values)
        if low == high:  # a single score or a constant member: left as is
            columns.append(column)
            continue
        mean = math.fsum(values) / len(values)
        deviations = list(map(sub, values, repeat(mean)))
        squares = math.fsum(map(mul, deviations, deviations))  # sum of (x - mean)², in C
        sd = math.sqrt(squares / len(values))
        if sd > 0 and math.isfinite(sd):
            varying.append((column, low, high, mean, sd))
            stats.append((len(values), mean, squares))
        else:  # pragma: no cover - distinct finite scores always have sd > 0
            columns.append(column)
    if varying:
        size = sum(n for n, _, _ in stats)
        target_mean = math.fsum([n * mean for n, mean, _ in stats]) / size
        spread = [sq + n * (mean - target_mean) ** 2 for n, mean, sq in stats]
        target_sd = math.sqrt(math.fsum(spread) / size)
        for column, low, high, mean, sd in varying:
            a = target_sd / sd
            b = target_mean - a * mean
            if a * low + b >= 0 and a * high + b <= top:
                # a >= 0, so the map is monotone: in range at both extremes, in range for all.
                columns.append([None if x is None else a * x + b for x in column])
                continue
            mapped = [
                None if x is None else y if 0 <= (y := a * x + b) <= top else 0.0 if y < 0 else top
                for x in column
            ]
            columns.append(mapped)
    if complete:  # every member scored every dossier: no gaps to filter out
        return dict(zip(by_dossier, zip(*columns, strict=True), strict=True))  # type: ignore[arg-type]
    return {
        dossier: [x for x in scores if x is not None]
        for dossier, scores in zip(by_dossier, zip(*columns, strict=True), strict=True)
    }


def _combine_values(
    values_by_dossier: Mapping[int, Sequence[float]],
    combiner: Callable[[Sequence[float]], float],
    top_units: int,
) -> dict[int, int]:
    units: dict[int, int] = {}
    scale = UNITS_PER_POINT
    for dossier, values in values_by_dossier.items():
        u = round(combiner(values) * scale)
        units[dossier] = top_units if u > top_units else max(u, 0)
    return units


# --------------------------------------------------------------------------- ordering


@dataclass(slots=True)
class _GroupOutcome:
    gid: int
    key: int
    members: list[int]
    unresolved: list[tuple[int, ...]]
    voted: bool
    slots: list[list[int]]


def _common_prefix(a: tuple[int, ...], b: tuple[int, ...]) -> int:
    n = 0
    for x, y in zip(a, b, strict=True):
        if x != y:
            break
        n += 1
    return n


def _resolve_group(
    gid: int,
    members: list[int],
    components: Mapping[int, Mapping[str, int]],
    *,
    tie_break: tuple[str, ...],
    vote: Sequence[int] | None,
    resolved_by: dict[int, str],
) -> tuple[list[list[int]], list[tuple[int, ...]]]:
    """Order one tie group into slots (a slot of several dossiers shares one rank)."""
    keyed = sorted((tuple(-components[d][c] for c in tie_break), d) for d in members)
    depth = len(tie_break)
    runs: list[list[int]] = []
    for i, (key, dossier) in enumerate(keyed):
        prefix = 0
        if i > 0:
            prefix = _common_prefix(keyed[i - 1][0], key)
        if i + 1 < len(keyed):
            prefix = max(prefix, _common_prefix(key, keyed[i + 1][0]))
        if prefix < depth:
            resolved_by[dossier] = f"criterion:{tie_break[prefix]}"
        if i > 0 and keyed[i - 1][0] == key:
            runs[-1].append(dossier)
        else:
            runs.append([dossier])
    unresolved = [tuple(run) for run in runs if len(run) > 1]
    if vote is None:
        return runs, unresolved
    position = _vote_positions(gid, members, unresolved, vote)
    slots: list[list[int]] = []
    for run in runs:
        if len(run) == 1 or run[0] not in position:
            slots.append(run)  # a single dossier, or a tie this vote does not decide
            continue
        for dossier in sorted(run, key=position.__getitem__):
            resolved_by[dossier] = "vote"
            slots.append([dossier])
    return slots, unresolved


def _vote_positions(
    gid: int, members: list[int], unresolved: list[tuple[int, ...]], vote: Sequence[int]
) -> dict[int, int]:
    if not unresolved:
        raise AggregationError(
            f"A vote was given for tie group {gid}, but the tie-break criteria already resolve it."
        )
    position: dict[int, int] = {}
    for i, dossier in enumerate(vote):
        if dossier not in members:
            raise AggregationError(
                f"The vote for tie group {gid} names dossier {dossier!r}, not in it."
            )
        if dossier in position:
            raise AggregationError(f"The vote for tie group {gid} names dossier {dossier!r} twice.")
        position[dossier] = i
    decided = 0
    for run in unresolved:
        placed = [dossier for dossier in run if dossier in position]
        if placed and len(placed) < len(run):
            missing = next(dossier for dossier in run if dossier not in position)
            raise AggregationError(
                f"The vote for tie group {gid} does not place dossier {missing!r}, tied with "
                f"dossier {placed[0]!r}."
            )
        decided += bool(placed)
    if not decided:
        raise AggregationError(
            f"The vote for tie group {gid} orders none of the dossiers still tied in it."
        )
    return position


def _order(
    cfg: _Config,
    totals: Mapping[int, int],
    components: Mapping[int, Mapping[str, int]],
    inp: RankingInput,
) -> tuple[list[list[int]], list[_GroupOutcome], dict[int, str]]:
    by_key: dict[int, list[int]] = {}
    half = _UNITS_PER_TIE_STEP // 2
    for dossier in cfg.dossiers:
        by_key.setdefault((totals[dossier] + half) // _UNITS_PER_TIE_STEP, []).append(dossier)
    votes = dict(inp.votes or {})
    slots: list[list[int]] = []
    groups: list[_GroupOutcome] = []
    resolved_by: dict[int, str] = {}
    for key in sorted(by_key, reverse=True):
        members = sorted(by_key[key])
        if len(members) == 1:
            slots.append(members)
            continue
        gid = members[0]
        vote = votes.pop(gid, None)
        group_slots, unresolved = _resolve_group(
            gid,
            members,
            components,
            tie_break=tuple(inp.tie_break),
            vote=vote,
            resolved_by=resolved_by,
        )
        slots.extend(group_slots)
        groups.append(_GroupOutcome(gid, key, members, unresolved, vote is not None, group_slots))
    if votes:
        raise AggregationError(
            f"A vote was given for tie group {min(votes)!r}, which is not a tie of this ranking."
        )
    return slots, groups, resolved_by


def _select_top(
    slots: list[list[int]], passed: Mapping[int, bool], top_n: int
) -> tuple[list[int], set[int], int]:
    """Fill the Top N from passing dossiers; an unresolved tie straddling the end waits."""
    top: list[int] = []
    pending: set[int] = set()
    remaining = top_n
    for slot in slots:
        if remaining == 0:
            break
        passing = [d for d in slot if passed[d]]
        if len(passing) <= remaining:
            top.extend(passing)
            remaining -= len(passing)
        else:
            pending.update(passing)
            break
    return top, pending, remaining


# --------------------------------------------------------------------------- entry point


def rank(inp: RankingInput) -> Ranking:
    """Combine, total and rank the dossiers of ``inp`` (see the module docstring).

    Raises :class:`AggregationError` (a ``ValueError`` with an English message) for an
    unknown rule, criterion or dossier, a score outside ``0..max_points`` or not a number,
    a duplicate score, an invalid parameter and an inapplicable vote.
    """
    cfg = _validate(inp)
    combiner = _combiner(inp.rule)
    groups = _group_scores(inp.scores, cfg)
    per_criterion: dict[str, dict[int, int]] = _computed_units(inp, cfg)
    normalised: dict[str, dict[int, int]] | None = {} if inp.normalise else None
    disagreements: dict[str, set[int]] = {}
    threshold = float(inp.disagreement_threshold)
    for code in cfg.judged:
        top, top_units = cfg.max_points[code], cfg.max_units[code]
        per_criterion[code], disagreements[code] = _combine_raw(
            code, groups[code], inp.rule, top=top, top_units=top_units, threshold=threshold
        )
        if normalised is not None:
            values = _normalised_values(groups[code], top)
            normalised[code] = _combine_values(values, combiner, top_units)
    return _assemble(inp, cfg, per_criterion, normalised, disagreements)


def _components(
    cfg: _Config, per_criterion: Mapping[str, Mapping[int, int]]
) -> tuple[dict[int, dict[str, int]], dict[int, int], dict[int, tuple[str, ...]]]:
    components: dict[int, dict[str, int]] = {}
    totals: dict[int, int] = {}
    missing: dict[int, tuple[str, ...]] = {}
    columns = [(code, per_criterion[code]) for code in cfg.codes]
    for dossier in cfg.dossiers:
        row = {code: column.get(dossier, 0) for code, column in columns}
        components[dossier] = row
        totals[dossier] = sum(row.values())
        missing[dossier] = tuple(code for code, column in columns if dossier not in column)
    return components, totals, missing


def _assemble(
    inp: RankingInput,
    cfg: _Config,
    per_criterion: Mapping[str, Mapping[int, int]],
    normalised: Mapping[str, Mapping[int, int]] | None,
    disagreements: Mapping[str, set[int]],
) -> Ranking:
    components, totals, missing = _components(cfg, per_criterion)
    norm_components: dict[int, dict[str, int]] | None = None
    norm_totals: dict[int, int] = {}
    if normalised is not None:
        norm_components, norm_totals, _ = _components(cfg, {**per_criterion, **normalised})
    slots, tie_groups, resolved_by = _order(cfg, totals, components, inp)
    pass_units = _units(inp.pass_mark)
    passed = {d: d in cfg.eligible and totals[d] >= pass_units for d in cfg.dossiers}
    top, pending, open_places = _select_top(slots, passed, inp.top_n)
    top_set = set(top)

    ranks: dict[int, int] = {}
    needs_vote: set[int] = set()
    position = 1
    for slot in slots:
        for dossier in slot:
            ranks[dossier] = position
        if len(slot) > 1:
            needs_vote.update(slot)
        position += len(slot)

    group_of: dict[int, int] = {}
    ties: list[TieGroup] = []
    for group in tie_groups:
        for dossier in group.members:
            group_of[dossier] = group.gid
        ties.append(_tie_report(group, passed, cfg.eligible, top_set, pending))

    enterprise_of = inp.enterprise_of or {}
    codes = cfg.codes
    results: list[DossierResult] = []
    for slot in slots:
        for dossier in slot:
            row = components[dossier]
            norm_row = norm_components[dossier] if norm_components is not None else None
            results.append(
                DossierResult(
                    dossier=dossier,
                    enterprise=enterprise_of.get(dossier),
                    components=_published(row),
                    normalised_components=None if norm_row is None else _published(norm_row),
                    total=_points(totals[dossier]),
                    normalised_total=None if norm_row is None else _points(norm_totals[dossier]),
                    rank=ranks[dossier],
                    eligible=dossier in cfg.eligible,
                    passed=passed[dossier],
                    top=dossier in top_set,
                    top_pending=dossier in pending,
                    tie_group=group_of.get(dossier),
                    tie_resolved_by=resolved_by.get(dossier),
                    needs_vote=dossier in needs_vote,
                    disagreements=tuple(c for c in codes if dossier in disagreements.get(c, ())),
                    missing=missing[dossier],
                )
            )
    return Ranking(
        results=tuple(results),
        ties=tuple(ties),
        top=tuple(top),
        open_top_places=open_places if pending else 0,
        needs_vote=bool(needs_vote),
    )


def _published(row: Mapping[str, int]) -> Mapping[str, float]:
    return MappingProxyType({code: _points(units) for code, units in row.items()})


def _tie_report(
    group: _GroupOutcome,
    passed: Mapping[int, bool],
    eligible: frozenset[int],
    top: set[int],
    pending: set[int],
) -> TieGroup:
    passing = [d for d in group.members if passed[d]]
    in_top = sum(1 for d in passing if d in top)
    eligible_status = {passed[d] for d in group.members if d in eligible}
    return TieGroup(
        id=group.gid,
        total=group.key / (UNITS_PER_POINT // _UNITS_PER_TIE_STEP),
        dossiers=tuple(d for slot in group.slots for d in slot),
        unresolved=tuple(group.unresolved),
        decided_by_vote=group.voted,
        needs_vote=any(len(slot) > 1 for slot in group.slots),
        crosses_top=0 < in_top < len(passing) or any(d in pending for d in group.members),
        crosses_pass_mark=len(eligible_status) > 1,
    )
