"""Validation of the engine's input and the combining of the members' scores per criterion."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import repeat
from numbers import Real
from operator import mul, sub

from chuluc.council.aggregation.model import (
    UNITS_PER_POINT,
    AggregationError,
    CombinedRow,
    RankingInput,
    ScoreEntry,
    ScoreRow,
    combiner_for,
    disagrees,
    to_units,
)


@dataclass(frozen=True, slots=True)
class EngineConfig:
    """What the engine keeps of a validated input: the criteria and their maxima (in points
    and in 0.0001 units), which are judged or computed, the dossiers and the eligible ones."""

    codes: tuple[str, ...]
    max_points: dict[str, float]
    max_units: dict[str, int]
    judged: tuple[str, ...]
    computed: frozenset[str]
    dossiers: tuple[int, ...]
    dossier_set: frozenset[int]
    eligible: frozenset[int]


def validate_input(inp: RankingInput) -> EngineConfig:
    """Check the input's criteria, dossiers and parameters (``AggregationError`` otherwise)
    and return what the rest of the engine reads of them."""
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
    combiner_for(inp.rule)
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
    return EngineConfig(
        codes=tuple(codes),
        max_points=max_points,
        max_units={code: to_units(top) for code, top in max_points.items()},
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


def group_scores(scores: Iterable[ScoreEntry | ScoreRow], cfg: EngineConfig) -> _Groups:
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


def _bad_score_criterion(code: object, cfg: EngineConfig) -> AggregationError:
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


def computed_units(inp: RankingInput, cfg: EngineConfig) -> dict[str, dict[int, int]]:
    """Per computed criterion, each dossier's points in 0.0001 units (checked, clamped)."""
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
        out[code][dossier] = min(to_units(value), cfg.max_units[code])
    return out


# --------------------------------------------------------------------------- per criterion


def combine_raw(
    code: str,
    by_dossier: Mapping[int, Mapping[int, float]],
    rule: str,
    *,
    top: float,
    top_units: int,
    threshold: float,
) -> tuple[dict[int, int], set[int]]:
    """Validate the raw scores, combine them (0.0001 units) and flag disagreements."""
    combiner = combiner_for(rule)
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
        if high > low and disagrees(low, high, top, threshold):
            disagree.add(dossier)
    return units, disagree


def combined_groups(
    rows: Iterable[CombinedRow], cfg: EngineConfig, threshold: float
) -> tuple[dict[str, dict[int, int]], dict[str, set[int]]]:
    """Per judged criterion, the pre-combined units (clamped) and the disagreement flags."""
    units: dict[str, dict[int, int]] = {code: {} for code in cfg.judged}
    disagree: dict[str, set[int]] = {code: set() for code in cfg.judged}
    max_points, max_units, dossier_set = cfg.max_points, cfg.max_units, cfg.dossier_set
    try:
        for d, c, u, low, high in rows:
            column = units.get(c)
            if column is None:
                raise _bad_score_criterion(c, cfg)
            if d not in dossier_set:
                raise AggregationError(
                    f"Combined score for dossier {d!r} on criterion {c!r}: the dossier is not "
                    "among the dossiers to rank."
                )
            if d in column:
                raise AggregationError(
                    f"Criterion {c!r} of dossier {d!r} is combined more than once."
                )
            top = max_points[c]
            if not 0 <= low <= high <= top:
                raise AggregationError(
                    f"Scores {low!r}..{high!r} on criterion {c!r} of dossier {d!r} are outside "
                    f"0..{top:g}."
                )
            top_units = max_units[c]
            column[d] = top_units if u > top_units else max(int(u), 0)
            if high > low and disagrees(low, high, top, threshold):
                disagree[c].add(d)
    except (TypeError, ValueError) as error:
        if isinstance(error, AggregationError):
            raise
        raise AggregationError(
            "A combined score must be a (dossier, criterion, units, lowest, highest) row."
        ) from None
    return units, disagree


def normalised_values(
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


def combine_values(
    values_by_dossier: Mapping[int, Sequence[float]],
    combiner: Callable[[Sequence[float]], float],
    top_units: int,
) -> dict[int, int]:
    """Each dossier's values combined by ``combiner``, in 0.0001 units clamped to the top."""
    units: dict[int, int] = {}
    scale = UNITS_PER_POINT
    for dossier, values in values_by_dossier.items():
        u = round(combiner(values) * scale)
        units[dossier] = top_units if u > top_units else max(u, 0)
    return units
