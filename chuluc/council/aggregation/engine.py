"""Totals, ties, votes, pass and Top N: the ranking proper, and the entry point :func:`rank`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from chuluc.council.aggregation.model import (
    UNITS_PER_POINT,
    UNITS_PER_TIE_STEP,
    AggregationError,
    DossierResult,
    Ranking,
    RankingInput,
    TieGroup,
    combiner_for,
    to_points,
    to_units,
)
from chuluc.council.aggregation.scores import (
    EngineConfig,
    combine_raw,
    combine_values,
    combined_groups,
    computed_units,
    group_scores,
    normalised_values,
    validate_input,
)


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
    cfg: EngineConfig,
    totals: Mapping[int, int],
    components: Mapping[int, Mapping[str, int]],
    inp: RankingInput,
) -> tuple[list[list[int]], list[_GroupOutcome], dict[int, str]]:
    by_key: dict[int, list[int]] = {}
    half = UNITS_PER_TIE_STEP // 2
    for dossier in cfg.dossiers:
        by_key.setdefault((totals[dossier] + half) // UNITS_PER_TIE_STEP, []).append(dossier)
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
    cfg = validate_input(inp)
    combiner = combiner_for(inp.rule)
    threshold = float(inp.disagreement_threshold)
    per_criterion: dict[str, dict[int, int]] = computed_units(inp, cfg)
    if inp.combined:
        if inp.scores:
            raise AggregationError("Give either the raw scores or the combined ones, not both.")
        if inp.normalise:
            raise AggregationError("Normalisation needs the raw scores, not combined ones.")
        judged, disagreements = combined_groups(inp.combined, cfg, threshold)
        return _assemble(inp, cfg, {**per_criterion, **judged}, None, disagreements)
    groups = group_scores(inp.scores, cfg)
    normalised: dict[str, dict[int, int]] | None = {} if inp.normalise else None
    disagreements: dict[str, set[int]] = {}
    for code in cfg.judged:
        top, top_units = cfg.max_points[code], cfg.max_units[code]
        per_criterion[code], disagreements[code] = combine_raw(
            code, groups[code], inp.rule, top=top, top_units=top_units, threshold=threshold
        )
        if normalised is not None:
            values = normalised_values(groups[code], top)
            normalised[code] = combine_values(values, combiner, top_units)
    return _assemble(inp, cfg, per_criterion, normalised, disagreements)


def _components(
    cfg: EngineConfig, per_criterion: Mapping[str, Mapping[int, int]]
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
    cfg: EngineConfig,
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
    pass_units = to_units(inp.pass_mark)
    passed = {d: d in cfg.eligible and totals[d] >= pass_units for d in cfg.dossiers}
    top, pending, open_places = _select_top(slots, passed, inp.top_n)
    top_set = set(top)

    ranks: dict[int, int] = {}
    needs_vote: set[int] = set()
    position = 1
    for slot in slots:
        for dossier in slot:
            ranks[dossier] = position
        if len(slot) > 1 and _decides(slot, passed, cfg.eligible, pending):
            needs_vote.update(slot)
        position += len(slot)

    group_of: dict[int, int] = {}
    ties: list[TieGroup] = []
    for group in tie_groups:
        for dossier in group.members:
            group_of[dossier] = group.gid
        ties.append(
            _tie_report(
                group, passed, cfg.eligible, top=top_set, pending=pending, voting=needs_vote
            )
        )

    enterprise_of = inp.enterprise_of or {}
    flagged: dict[int, tuple[str, ...]] = {}
    for code in cfg.codes:  # criteria order
        for dossier in disagreements.get(code, ()):
            flagged[dossier] = (*flagged.get(dossier, ()), code)
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
                    total=to_points(totals[dossier]),
                    normalised_total=None if norm_row is None else to_points(norm_totals[dossier]),
                    rank=ranks[dossier],
                    eligible=dossier in cfg.eligible,
                    passed=passed[dossier],
                    top=dossier in top_set,
                    top_pending=dossier in pending,
                    tie_group=group_of.get(dossier),
                    tie_resolved_by=resolved_by.get(dossier),
                    needs_vote=dossier in needs_vote,
                    disagreements=flagged.get(dossier, ()),
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


def _decides(
    slot: list[int], passed: Mapping[int, bool], eligible: frozenset[int], pending: set[int]
) -> bool:
    """Whether the order inside a slot of dossiers still tied matters: it straddles the last
    Top N places, or its dossiers sit on both sides of the pass mark. A tie that changes
    neither only shares a rank."""
    if any(d in pending for d in slot):
        return True
    return len({passed[d] for d in slot if d in eligible}) > 1


def _published(row: Mapping[str, int]) -> Mapping[str, float]:
    return MappingProxyType({code: to_points(units) for code, units in row.items()})


def _tie_report(
    group: _GroupOutcome,
    passed: Mapping[int, bool],
    eligible: frozenset[int],
    *,
    top: set[int],
    pending: set[int],
    voting: set[int],
) -> TieGroup:
    passing = [d for d in group.members if passed[d]]
    in_top = sum(1 for d in passing if d in top)
    eligible_status = {passed[d] for d in group.members if d in eligible}
    return TieGroup(
        id=group.gid,
        total=group.key / (UNITS_PER_POINT // UNITS_PER_TIE_STEP),
        dossiers=tuple(d for slot in group.slots for d in slot),
        unresolved=tuple(group.unresolved),
        decided_by_vote=group.voted,
        needs_vote=any(d in voting for d in group.members),
        crosses_top=0 < in_top < len(passing) or any(d in pending for d in group.members),
        crosses_pass_mark=len(eligible_status) > 1,
    )
