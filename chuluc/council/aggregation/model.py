"""The engine's vocabulary: inputs, outputs, constants and the combining rules."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final, Literal

#: The aggregation rules (the campaign's ``aggregation`` choices).
Rule = Literal["mean", "median", "trimmed_mean"]
Kind = Literal["computed", "judged"]
#: The fast input form of a score: ``(dossier, criterion code, member, value)``.
ScoreRow = tuple[int, str, int, float]
#: A (dossier, judged criterion) whose scores were combined beforehand (:func:`combine_units`):
#: ``(dossier, criterion code, combined value in 0.0001 units, lowest score, highest score)``.
CombinedRow = tuple[int, str, int, float, float]

RULES: Final[tuple[Rule, ...]] = ("mean", "median", "trimmed_mean")
UNITS_PER_POINT: Final = 10_000  # published figures carry 4 decimals
UNITS_PER_TIE_STEP: Final = 100  # ties compare totals at 2 decimals
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

    ``combined`` replaces ``scores`` when the members' scores were combined beforehand, one
    :data:`CombinedRow` per (dossier, judged criterion) with at least one score, its value
    from :func:`combine_units` by ``rule``: the ranking is then the same as from the raw
    scores, without reading them. Normalisation needs the raw scores, so it cannot be asked
    for with ``combined``; giving both ``scores`` and ``combined`` is an error.
    """

    criteria: tuple[CriterionInfo, ...]
    dossiers: Sequence[int]
    scores: Iterable[ScoreEntry | ScoreRow] = ()
    combined: Iterable[CombinedRow] = ()
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


def combiner_for(rule: str) -> Callable[[Sequence[float]], float]:
    """The combining function of ``rule`` (``AggregationError`` for an unknown rule)."""
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
    combiner = combiner_for(rule)
    if not values:
        raise AggregationError("Cannot combine an empty list of scores.")
    return combiner([float(v) for v in values])


def combine_units(values: Sequence[float], rule: str = "mean") -> int:
    """The combined score as the engine publishes it, in 0.0001 units (before clamping to
    the criterion's maximum): what a :data:`CombinedRow` carries."""
    return round(combine(values, rule) * UNITS_PER_POINT)


def combine_units_all(values: Sequence[float]) -> tuple[int, int, int]:
    """:func:`combine_units` by every rule of :data:`RULES`, in that order, for plain floats
    (sorted once; the combiners give the same values whatever the order)."""
    ordered = sorted(values)
    if not ordered:
        raise AggregationError("Cannot combine an empty list of scores.")
    return (
        round(_mean(ordered) * UNITS_PER_POINT),
        round(_median(ordered) * UNITS_PER_POINT),
        round(_trimmed_mean(ordered) * UNITS_PER_POINT),
    )


def disagrees(low: float, high: float, top: float, threshold: float) -> bool:
    """Whether the spread ``(high - low) / top``, rounded to 9 decimals, exceeds the threshold.
    Rounding moves the spread by at most 5e-10, so it is only computed near the threshold."""
    if high <= low:
        return False
    spread = (high - low) / top
    if spread > threshold + 1e-9:
        return True
    if spread < threshold - 1e-9:
        return False
    return round(spread, _SPREAD_DIGITS) > threshold


def tie_key(total: float) -> int:
    """Tie key of a published total: hundredths, rounded half-up from 4 decimals."""
    return (to_units(total) + UNITS_PER_TIE_STEP // 2) // UNITS_PER_TIE_STEP


def to_units(value: float) -> int:
    """Points as an integer number of 0.0001 units, the form every published figure has."""
    return round(float(value) * UNITS_PER_POINT)


def to_points(units: int) -> float:
    """0.0001 units back to points."""
    return units / UNITS_PER_POINT
