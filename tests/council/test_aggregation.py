"""Council score aggregation (chuluc.council.aggregation): pure functions, no database.

Unit tests pin the rules (combining, normalisation, disagreement, ties, votes, pass and
Top N, missing scores, validation); Hypothesis checks the properties the council relies
on: input order is irrelevant, combined scores stay in bounds, a member who gives every
dossier the same score reorders nothing (mean rule), and ties are always reported.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal
from itertools import combinations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chuluc.council.aggregation import (
    RULES,
    AggregationError,
    CriterionInfo,
    Ranking,
    RankingInput,
    ScoreEntry,
    combine,
    combine_units,
    rank,
    tie_key,
)

PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def make(
    criteria: tuple[CriterionInfo, ...],
    scores: list[tuple[int, str, int, float]],
    *,
    dossiers: tuple[int, ...] | None = None,
    **options: object,
) -> RankingInput:
    """A ranking input with permissive defaults (pass mark 0, Top N 10)."""
    if dossiers is None:
        dossiers = tuple(sorted({d for d, _c, _m, _v in scores}))
    fields: dict[str, object] = {"pass_mark": 0, "top_n": 10, **options}
    return RankingInput(criteria=criteria, dossiers=dossiers, scores=scores, **fields)  # type: ignore[arg-type]


def judged(code: str, max_points: float = 10.0) -> CriterionInfo:
    return CriterionInfo(code, max_points, "judged")


def computed(code: str, max_points: float = 20.0) -> CriterionInfo:
    return CriterionInfo(code, max_points, "computed")


def one_criterion(totals: dict[int, float], max_points: float = 100.0) -> RankingInput:
    """Dossiers whose total is exactly the given value (one member, one criterion)."""
    return make(
        (judged("K1", max_points),),
        [(d, "K1", 1, value) for d, value in totals.items()],
    )


# --------------------------------------------------------------------------- combine


def test_mean_median_and_trimmed_mean():
    assert combine([1, 2, 6], "mean") == 3
    assert combine([5, 1, 3], "median") == 3
    assert combine([1, 2, 3, 10], "median") == 2.5
    assert combine([0, 5, 6, 7, 10], "trimmed_mean") == 6  # drops 0 and 10
    assert combine([0, 10, 4], "trimmed_mean") == 4  # three scores: the middle one
    assert combine([2, 9], "trimmed_mean") == 5.5  # fewer than three: plain mean
    assert combine([7], "median") == 7
    assert combine([1, 2, 6]) == 3  # mean is the default


def test_trimmed_mean_drops_only_one_highest_and_one_lowest():
    assert combine([0, 0, 10, 10], "trimmed_mean") == 5
    assert combine([3, 3, 3, 9], "trimmed_mean") == 3


def test_combine_ignores_the_order_of_the_scores():
    values = [0.1, 0.7, 9.3, 2.2, 5.5, 0.3]
    for rule in RULES:
        assert combine(values, rule) == combine(list(reversed(values)), rule)
        assert combine(values, rule) == combine(sorted(values), rule)


def test_combine_rejects_an_unknown_rule_and_no_scores():
    with pytest.raises(ValueError, match="Unknown aggregation rule 'mode'"):
        combine([1, 2], "mode")
    with pytest.raises(ValueError, match="empty"):
        combine([], "mean")


@pytest.mark.parametrize(
    ("rule", "expected"),
    [("mean", 4.3333), ("median", 3.0), ("trimmed_mean", 3.0)],
)
def test_rank_combines_each_criterion_by_the_campaign_rule(rule, expected):
    inp = make((judged("K1"),), [(1, "K1", 1, 1), (1, "K1", 2, 3), (1, "K1", 3, 9)], rule=rule)
    result = rank(inp).results[0]
    assert result.components == {"K1": expected}
    assert result.total == expected


def test_combined_scores_and_totals_are_rounded_to_four_decimals():
    inp = make(
        (judged("K1"), judged("K2"), computed("C1")),
        [(1, "K1", 1, 1), (1, "K1", 2, 1), (1, "K1", 3, 2), (1, "K2", 1, 0.1)],
        computed={(1, "C1"): 3.14159},
    )
    result = rank(inp).results[0]
    assert result.components == {"K1": 1.3333, "K2": 0.1, "C1": 3.1416}
    # The total is the sum of the published components, so it can be checked by hand.
    assert result.total == 4.5749


def test_score_entries_and_plain_rows_give_the_same_ranking():
    rows = [(1, "K1", 1, 4.0), (1, "K1", 2, 6.5), (2, "K1", 1, 7.0), (2, "K1", 2, 3.0)]
    as_rows = rank(make((judged("K1"),), rows))
    as_entries = rank(make((judged("K1"),), [ScoreEntry(*row) for row in rows]))
    assert as_rows == as_entries


def test_decimal_and_integer_scores_are_accepted():
    rows = [(1, "K1", 1, Decimal("4.5")), (1, "K1", 2, 7)]
    assert rank(make((judged("K1"),), rows)).results[0].total == 5.75  # type: ignore[arg-type]


# --------------------------------------------------------------------------- normalisation


def _normalised_by_hand(member_scores: dict[int, dict[int, float]], top: float) -> dict:
    """Reference normalisation (module docstring), written independently with statistics."""
    varying = {m: s for m, s in member_scores.items() if len(set(s.values())) > 1}
    pool = [v for s in varying.values() for v in s.values()]
    out: dict[int, dict[int, float]] = {}
    for member, scores in member_scores.items():
        if member not in varying:
            out[member] = dict(scores)
            continue
        mean, sd = statistics.fmean(scores.values()), statistics.pstdev(scores.values())
        out[member] = {
            d: min(
                top, max(0.0, statistics.fmean(pool) + (v - mean) / sd * statistics.pstdev(pool))
            )
            for d, v in scores.items()
        }
    return out


def test_normalisation_rescales_varying_members_and_leaves_a_constant_member_as_is():
    member_scores = {
        1: {1: 2.0, 2: 4.0, 3: 9.0},  # varying, generous at the top
        2: {1: 6.0, 2: 7.0, 3: 8.0},  # varying, narrow range
        3: {1: 5.0, 2: 5.0, 3: 5.0},  # constant: left as is
    }
    rows = [(d, "K1", m, v) for m, scores in member_scores.items() for d, v in scores.items()]
    ranking = rank(make((judged("K1"),), rows, normalise=True))
    expected = _normalised_by_hand(member_scores, 10.0)
    assert expected[3] == member_scores[3]
    for d in (1, 2, 3):
        result = ranking.result(d)
        by_hand = statistics.fmean(expected[m][d] for m in member_scores)
        assert result.normalised_components["K1"] == pytest.approx(by_hand, abs=1e-4)
        assert result.normalised_total == result.normalised_components["K1"]
        # The raw figures are still there, untouched.
        raw = statistics.fmean(member_scores[m][d] for m in member_scores)
        assert result.components["K1"] == pytest.approx(raw, abs=1e-4)
        assert result.total == result.components["K1"]


def test_normalisation_never_divides_by_zero():
    # Every member constant, or with a single score: nothing to rescale, nothing to divide.
    rows = [
        (1, "K1", 1, 5.0),
        (2, "K1", 1, 5.0),
        (1, "K1", 2, 0.0),
        (2, "K1", 2, 0.0),
        (1, "K1", 3, 10.0),  # member 3 scored a single dossier
        (1, "K2", 1, 3.0),  # one score on the whole criterion
    ]
    ranking = rank(make((judged("K1"), judged("K2")), rows, normalise=True))
    for result in ranking.results:
        assert result.normalised_components == result.components
        assert result.normalised_total == result.total


def test_normalisation_is_reported_beside_the_raw_ranking():
    # Member 2 is harsh and narrow; normalised, dossier 2 overtakes dossier 1, yet the
    # ranking (raw) does not move.
    rows = [
        (1, "K1", 1, 10.0),
        (2, "K1", 1, 8.0),
        (3, "K1", 1, 0.0),
        (1, "K1", 2, 1.0),
        (2, "K1", 2, 2.0),
        (3, "K1", 2, 0.0),
    ]
    raw = rank(make((judged("K1"),), rows))
    both = rank(make((judged("K1"),), rows, normalise=True))
    assert [r.dossier for r in both.results] == [r.dossier for r in raw.results] == [1, 2, 3]
    assert [r.total for r in both.results] == [r.total for r in raw.results] == [5.5, 5.0, 0.0]
    assert both.result(2).normalised_total > both.result(1).normalised_total
    assert all(r.normalised_total is None for r in raw.results)
    assert all(r.normalised_components is None for r in raw.results)


# --------------------------------------------------------------------------- disagreement


def test_disagreement_is_flagged_when_the_spread_exceeds_the_threshold():
    rows = [
        (1, "K1", 1, 2.0),
        (1, "K1", 2, 6.0),  # spread 4/10 = 0.4 > 0.3
        (1, "K2", 1, 2.0),
        (1, "K2", 2, 5.0),  # spread 3/10 = 0.3, not above
        (1, "K3", 1, 1.4),
        (1, "K3", 2, 4.4),  # 3/10 = 0.3, though (4.4 - 1.4) / 10 is 0.30000000000000004
        (1, "K4", 1, 9.0),  # a single score never disagrees
    ]
    criteria = (judged("K1"), judged("K2"), judged("K3"), judged("K4"))
    assert rank(make(criteria, rows)).results[0].disagreements == ("K1",)
    assert rank(make(criteria, rows, disagreement_threshold=0.5)).results[0].disagreements == ()
    assert rank(make(criteria, rows, disagreement_threshold=0.2)).results[0].disagreements == (
        "K1",
        "K2",
        "K3",
    )


# --------------------------------------------------------------------------- ties


def test_ties_are_resolved_by_the_tie_break_criteria_in_order():
    criteria = (judged("K1"), judged("K2"), judged("K3"))
    rows = [
        # All three total 15.
        (1, "K1", 1, 5.0), (1, "K2", 1, 5.0), (1, "K3", 1, 5.0),
        (2, "K1", 1, 5.0), (2, "K2", 1, 7.0), (2, "K3", 1, 3.0),
        (3, "K1", 1, 6.0), (3, "K2", 1, 0.0), (3, "K3", 1, 9.0),
        (4, "K1", 1, 9.0), (4, "K2", 1, 9.0), (4, "K3", 1, 9.0),
    ]  # fmt: skip
    ranking = rank(make(criteria, rows, tie_break=("K1", "K2")))
    assert [(r.dossier, r.rank) for r in ranking.results] == [(4, 1), (3, 2), (2, 3), (1, 4)]
    assert ranking.result(3).tie_resolved_by == "criterion:K1"
    assert ranking.result(2).tie_resolved_by == "criterion:K2"
    assert ranking.result(1).tie_resolved_by == "criterion:K2"
    assert ranking.result(4).tie_group is None
    assert {ranking.result(d).tie_group for d in (1, 2, 3)} == {1}  # id = smallest dossier
    (tie,) = ranking.ties
    assert tie.id == 1
    assert tie.total == 15.0
    assert tie.dossiers == (3, 2, 1)
    assert tie.unresolved == ()
    assert not tie.needs_vote
    assert not ranking.needs_vote


def test_an_unresolved_tie_shares_a_rank_and_needs_a_vote():
    criteria = (judged("K1"), judged("K2"))
    rows = [
        (1, "K1", 1, 9.0), (1, "K2", 1, 9.0),  # 18
        (2, "K1", 1, 6.0), (2, "K2", 1, 4.0),  # 10, K1 6
        (3, "K1", 1, 6.0), (3, "K2", 1, 4.0),  # 10, K1 6: equal on everything
        (4, "K1", 1, 4.0), (4, "K2", 1, 6.0),  # 10, K1 4: loses on K1
        (5, "K1", 1, 1.0), (5, "K2", 1, 1.0),  # 2
    ]  # fmt: skip
    # Top 2: the one place left after dossier 1 falls inside the tie
    ranking = rank(make(criteria, rows, tie_break=("K1",), top_n=2))
    # Standard competition ranking: 1, 2, 2, 4, 5.
    assert [(r.dossier, r.rank) for r in ranking.results] == [
        (1, 1),
        (2, 2),
        (3, 2),
        (4, 4),
        (5, 5),
    ]
    assert ranking.result(2).needs_vote and ranking.result(3).needs_vote
    assert ranking.result(2).tie_resolved_by is None
    assert ranking.result(4).tie_resolved_by == "criterion:K1"
    assert not ranking.result(4).needs_vote
    assert ranking.needs_vote
    (tie,) = ranking.ties
    assert tie.id == 2
    assert tie.unresolved == ((2, 3),)
    assert tie.needs_vote


def test_without_tie_break_criteria_a_tie_for_the_last_top_place_needs_a_vote():
    ranking = rank(replace(one_criterion({1: 50.0, 2: 50.0}), top_n=1))
    assert [r.rank for r in ranking.results] == [1, 1]
    assert all(r.needs_vote for r in ranking.results)


def test_a_tie_that_decides_no_place_shares_a_rank_without_a_vote():
    """Issue 17 (8): a tie at 65.00, under the 70 pass mark, asked for a vote; so did a tie
    wholly inside the Top N. Only a tie across the last Top N places or the pass mark does."""
    below = rank(replace(one_criterion({1: 90.0, 2: 65.0, 3: 65.0}), pass_mark=70, top_n=1))
    assert [(r.dossier, r.rank, r.passed) for r in below.results] == [
        (1, 1, True),
        (2, 2, False),
        (3, 2, False),
    ]
    assert not any(r.needs_vote for r in below.results)
    assert not below.needs_vote and not below.ties[0].needs_vote
    inside = rank(replace(one_criterion({1: 90.0, 2: 80.0, 3: 80.0}), pass_mark=70, top_n=3))
    assert inside.top == (1, 2, 3) and not inside.needs_vote
    beyond = rank(replace(one_criterion({1: 90.0, 2: 80.0, 3: 80.0}), pass_mark=70, top_n=1))
    assert beyond.top == (1,) and not beyond.needs_vote
    across = rank(replace(one_criterion({1: 90.0, 2: 80.0, 3: 80.0}), pass_mark=70, top_n=2))
    assert across.needs_vote and across.open_top_places == 1
    assert [r.needs_vote for r in across.results] == [False, True, True]


def test_a_tie_across_the_pass_mark_needs_a_vote():
    """Equal at 2 decimals (70.00) but one 4-decimal total under the mark: the order decides."""
    ranking = rank(replace(one_criterion({1: 69.996, 2: 70.0}), pass_mark=70, top_n=5))
    assert [r.rank for r in ranking.results] == [1, 1]
    assert {r.dossier: r.passed for r in ranking.results} == {1: False, 2: True}
    assert all(r.needs_vote for r in ranking.results)
    assert ranking.ties[0].crosses_pass_mark and ranking.ties[0].needs_vote


def test_a_recorded_vote_resolves_an_unresolved_tie():
    inp = one_criterion({1: 70.0, 2: 50.0, 3: 50.0, 4: 50.0, 5: 10.0})
    ranking = rank(replace(inp, votes={2: [4, 2, 3]}))
    assert [(r.dossier, r.rank) for r in ranking.results] == [
        (1, 1),
        (4, 2),
        (2, 3),
        (3, 4),
        (5, 5),
    ]
    for d in (2, 3, 4):
        result = ranking.result(d)
        assert result.tie_group == 2  # still reported
        assert result.tie_resolved_by == "vote"
        assert not result.needs_vote
    (tie,) = ranking.ties
    assert tie.decided_by_vote
    assert not tie.needs_vote
    assert tie.unresolved == ((2, 3, 4),)  # what the vote had to settle
    assert not ranking.needs_vote


def test_a_vote_only_orders_what_the_criteria_left_tied():
    criteria = (judged("K1"), judged("K2"))
    rows = [
        (1, "K1", 1, 5.0), (1, "K2", 1, 5.0),
        (2, "K1", 1, 5.0), (2, "K2", 1, 5.0),
        (3, "K1", 1, 8.0), (3, "K2", 1, 2.0),
    ]  # fmt: skip
    # The vote lists dossier 3 last, but K1 already put it first.
    ranking = rank(make(criteria, rows, tie_break=("K1",), votes={1: [2, 1, 3]}))
    assert [(r.dossier, r.tie_resolved_by) for r in ranking.results] == [
        (3, "criterion:K1"),
        (2, "vote"),
        (1, "vote"),
    ]


@pytest.mark.parametrize(
    ("votes", "message"),
    [
        ({2: [2]}, "does not place dossier 3, tied with dossier 2"),
        ({2: [2, 3, 5]}, "names dossier 5, not in it"),
        ({2: [2, 3, 2]}, "names dossier 2 twice"),
        ({1: [1]}, "tie group 1, which is not a tie"),
    ],
)
def test_an_inapplicable_vote_is_refused(votes, message):
    inp = one_criterion({1: 70.0, 2: 50.0, 3: 50.0, 5: 10.0})
    with pytest.raises(ValueError, match=message):
        rank(replace(inp, votes=votes))


def test_a_vote_may_decide_one_of_several_tied_sets_in_a_group():
    criteria = (judged("K1"), judged("K2"))
    rows = [
        (1, "K1", 1, 6.0), (1, "K2", 1, 4.0),
        (2, "K1", 1, 6.0), (2, "K2", 1, 4.0),  # 1 and 2 equal on everything
        (3, "K1", 1, 4.0), (3, "K2", 1, 6.0),
        (4, "K1", 1, 4.0), (4, "K2", 1, 6.0),  # 3 and 4 equal on everything
    ]  # fmt: skip
    inp = make(criteria, rows, tie_break=("K1",), top_n=1)  # the one place: 1 or 2
    (tie,) = rank(inp).ties
    assert tie.unresolved == ((1, 2), (3, 4))
    ranking = rank(replace(inp, votes={1: [4, 3]}))
    assert [(r.dossier, r.rank) for r in ranking.results] == [(1, 1), (2, 1), (4, 3), (3, 4)]
    assert ranking.result(1).needs_vote and not ranking.result(4).needs_vote
    assert ranking.ties[0].needs_vote and ranking.ties[0].decided_by_vote
    both = rank(replace(inp, votes={1: [2, 1, 4, 3]}))
    assert [r.rank for r in both.results] == [1, 2, 3, 4]
    assert not both.needs_vote
    with pytest.raises(ValueError, match="orders none of the dossiers still tied"):
        rank(replace(inp, votes={1: []}))


def test_a_vote_on_a_tie_the_criteria_resolve_is_refused():
    rows = [(1, "K1", 1, 6.0), (1, "K2", 1, 4.0), (2, "K1", 1, 4.0), (2, "K2", 1, 6.0)]
    inp = make((judged("K1"), judged("K2")), rows, tie_break=("K1",), votes={1: [2, 1]})
    with pytest.raises(ValueError, match="already resolve"):
        rank(inp)


def test_ties_compare_totals_rounded_half_up_to_two_decimals():
    ranking = rank(
        one_criterion({1: 80.004, 2: 79.996, 3: 79.9949, 4: 70.0049, 5: 70.0051, 6: 60.005})
    )
    assert ranking.result(1).tie_group == ranking.result(2).tie_group == 1  # both 80.00
    assert ranking.result(3).tie_group is None  # 79.99
    assert ranking.result(4).tie_group is None  # 70.00
    assert ranking.result(5).tie_group is None  # 70.01
    assert [t.total for t in ranking.ties] == [80.0]
    # Inside a tie the 4-decimal difference does not decide: the dossiers share rank 1.
    assert ranking.result(1).rank == ranking.result(2).rank == 1
    assert tie_key(60.005) == 6001  # half-up
    assert tie_key(60.0049) == 6000


# --------------------------------------------------------------------------- pass and Top N


def test_top_n_is_chosen_among_passing_dossiers_only():
    inp = one_criterion({1: 95.0, 2: 90.0, 3: 85.0, 4: 60.0, 5: 40.0})
    ranking = rank(replace(inp, eligible=frozenset({2, 3, 4, 5}), pass_mark=50, top_n=4))
    assert ranking.result(1).rank == 1
    assert not ranking.result(1).passed  # not eligible
    assert not ranking.result(5).passed  # below the pass mark
    assert ranking.top == (2, 3, 4)  # only three pass: three places filled
    assert [r.dossier for r in ranking.results if r.top] == [2, 3, 4]
    assert ranking.open_top_places == 0


def test_pass_mark_is_inclusive():
    ranking = rank(replace(one_criterion({1: 50.0, 2: 49.9999}), pass_mark=50))
    assert ranking.result(1).passed
    assert not ranking.result(2).passed


def test_one_enterprise_can_hold_several_top_places():
    inp = one_criterion({1: 90.0, 2: 89.0, 3: 88.0, 4: 87.0})
    ranking = rank(replace(inp, top_n=3, enterprise_of={1: 7, 2: 7, 3: 7, 4: 8}))
    assert ranking.top == (1, 2, 3)
    assert [r.enterprise for r in ranking.results if r.top] == [7, 7, 7]


def test_an_unresolved_tie_across_the_top_n_boundary_waits_for_the_vote():
    inp = replace(one_criterion({1: 90.0, 2: 80.0, 3: 80.0, 4: 70.0}), top_n=2)
    ranking = rank(inp)
    assert ranking.top == (1,)
    assert ranking.open_top_places == 1
    assert ranking.result(2).top_pending and ranking.result(3).top_pending
    assert not ranking.result(2).top and not ranking.result(4).top
    (tie,) = ranking.ties
    assert tie.crosses_top and tie.needs_vote
    decided = rank(replace(inp, votes={2: [3, 2]}))
    assert decided.top == (1, 3)
    assert decided.open_top_places == 0
    assert decided.ties[0].crosses_top  # still reported once resolved
    assert not any(r.top_pending for r in decided.results)


def test_a_tie_inside_the_top_n_does_not_cross_it():
    ranking = rank(replace(one_criterion({1: 90.0, 2: 80.0, 3: 80.0, 4: 70.0}), top_n=3))
    assert ranking.top == (1, 2, 3)
    assert not ranking.ties[0].crosses_top
    assert not ranking.ties[0].needs_vote  # both are in: their order decides nothing


def test_a_tie_across_the_pass_mark_is_reported():
    ranking = rank(replace(one_criterion({1: 70.004, 2: 69.996, 3: 50.0}), pass_mark=70))
    assert ranking.result(1).passed
    assert not ranking.result(2).passed
    (tie,) = ranking.ties
    assert tie.crosses_pass_mark


def test_missing_scores_are_reported_and_count_zero():
    criteria = (judged("K1"), judged("K2"), computed("C1"), computed("C2"))
    rows = [(1, "K1", 1, 8.0), (1, "K2", 1, 6.0), (2, "K1", 1, 7.0)]
    inp = make(criteria, rows, dossiers=(1, 2, 3), computed={(1, "C1"): 10.0, (1, "C2"): 5.0})
    ranking = rank(inp)
    assert ranking.result(1).missing == ()
    assert ranking.result(2).missing == ("K2", "C1", "C2")
    assert ranking.result(2).components == {"K1": 7.0, "K2": 0.0, "C1": 0.0, "C2": 0.0}
    assert ranking.result(3).missing == ("K1", "K2", "C1", "C2")
    assert ranking.result(3).total == 0


def test_a_member_with_a_conflict_of_interest_is_simply_absent():
    rows = [(1, "K1", 1, 8.0), (1, "K1", 2, 6.0), (2, "K1", 1, 7.0)]  # member 2 recused on 2
    ranking = rank(make((judged("K1"),), rows))
    assert ranking.result(1).total == 7.0
    assert ranking.result(2).total == 7.0
    assert ranking.result(2).missing == ()


def test_an_empty_campaign_ranks_nothing():
    assert rank(make((judged("K1"),), [], dossiers=())) == Ranking((), (), (), 0, False)


# --------------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"rule": "mode"}, "Unknown aggregation rule 'mode'"),
        ({"scores": [(1, "K1", 1, 10.5)]}, "outside 0..10"),
        ({"scores": [(1, "K1", 1, -1.0)]}, "outside 0..10"),
        ({"scores": [(1, "K1", 1, math.nan)]}, "outside 0..10"),
        ({"scores": [(1, "K1", 1, math.inf)]}, "outside 0..10"),
        ({"scores": [(1, "K1", 1, "9")]}, "not a number"),
        ({"scores": [(1, "K9", 1, 5.0)]}, "unknown criterion 'K9'"),
        ({"scores": [(1, "C1", 1, 5.0)]}, "'C1' is computed"),
        ({"scores": [(9, "K1", 1, 5.0)]}, "dossier 9"),
        ({"scores": [(1, "K1", 1, 5.0), (1, "K1", 1, 6.0)]}, "more than once"),
        ({"scores": [(1, "K1", 5.0)]}, "must be a ScoreEntry"),
        ({"computed": {(1, "C1"): 25.0}}, "outside 0..20"),
        ({"computed": {(1, "K1"): 5.0}}, "'K1' is judged"),
        ({"computed": {(1, "C9"): 5.0}}, "unknown criterion 'C9'"),
        ({"computed": {(9, "C1"): 5.0}}, "dossier 9"),
        ({"tie_break": ("K9",)}, "Tie-break criterion 'K9'"),
        ({"tie_break": "K1"}, "not a string"),
        ({"eligible": frozenset({9})}, "Eligible dossier 9"),
        ({"dossiers": (1, 1)}, "listed twice"),
        ({"criteria": (judged("K1"), judged("K1"))}, "listed twice"),
        ({"criteria": (judged("K1", 0),)}, "positive finite maximum"),
        ({"top_n": -1}, "Top N"),
        ({"pass_mark": math.nan}, "pass mark"),
        ({"disagreement_threshold": -0.1}, "disagreement threshold"),
    ],
)
def test_invalid_input_is_refused_with_a_clear_message(change, message):
    valid = make((judged("K1"), computed("C1")), [(1, "K1", 1, 5.0)])
    rank(valid)
    inp = replace(valid, **change)
    with pytest.raises(AggregationError, match=message) as caught:
        rank(inp)
    assert isinstance(caught.value, ValueError)  # what the Django layer catches


# --------------------------------------------------------------------------- properties


MAX_POINTS = (5.0, 7.5, 10.0, 20.0)


@st.composite
def campaigns(draw: st.DrawFn, *, rules: tuple[str, ...] = RULES) -> RankingInput:
    """Small campaigns with coarse scores (half points), so that ties are frequent."""
    n_judged = draw(st.integers(1, 3))
    n_computed = draw(st.integers(0, 2))
    criteria = tuple(
        judged(f"K{i}", draw(st.sampled_from(MAX_POINTS))) for i in range(1, n_judged + 1)
    ) + tuple(
        computed(f"C{i}", draw(st.sampled_from(MAX_POINTS))) for i in range(1, n_computed + 1)
    )
    dossiers = draw(st.lists(st.integers(1, 60), min_size=1, max_size=8, unique=True))
    members = draw(st.lists(st.integers(1, 30), min_size=1, max_size=5, unique=True))
    cells = [(d, c, m) for d in dossiers for c in criteria[:n_judged] for m in members]
    steps = draw(st.lists(st.integers(0, 40), min_size=len(cells), max_size=len(cells)))
    absent = draw(st.lists(st.integers(0, 5), min_size=len(cells), max_size=len(cells)))
    scores = [
        (d, c.code, m, (step % (int(c.max_points * 2) + 1)) / 2)
        for (d, c, m), step, gone in zip(cells, steps, absent, strict=True)
        if gone  # 0 = conflict of interest: no score
    ]
    points = {
        (d, c.code): draw(st.integers(0, int(c.max_points * 2))) / 2
        for d in dossiers
        for c in criteria[n_judged:]
        if draw(st.integers(0, 9))  # 0 = no computed points: missing
    }
    codes = [c.code for c in criteria]
    tie_break = draw(st.permutations(codes))[: draw(st.integers(0, len(codes)))]
    eligible = draw(st.none() | st.frozensets(st.sampled_from(dossiers)))
    return RankingInput(
        criteria=criteria,
        dossiers=tuple(dossiers),
        scores=scores,
        computed=points,
        eligible=eligible,
        rule=draw(st.sampled_from(rules)),
        normalise=draw(st.booleans()),
        pass_mark=draw(st.integers(0, 40)) / 2,
        top_n=draw(st.integers(0, len(dossiers) + 1)),
        tie_break=tuple(tie_break),
        disagreement_threshold=draw(st.sampled_from((0.0, 0.3, 0.5))),
    )


def _votes_for(ranking: Ranking) -> dict[int, list[int]]:
    """A vote for every unresolved tie: reverse dossier order, to be visible."""
    return {
        tie.id: sorted((d for run in tie.unresolved for d in run), reverse=True)
        for tie in ranking.ties
        if tie.unresolved
    }


@PROPERTY
@given(campaigns(), st.randoms(use_true_random=False))
def test_property_the_ranking_does_not_depend_on_input_order(inp, rnd):
    """(1) Shuffling scores, dossiers and computed points, and mixing the two score forms,
    changes nothing, with and without recorded votes."""
    scores = list(inp.scores)
    rnd.shuffle(scores)
    scores = [ScoreEntry(*row) if rnd.random() < 0.5 else row for row in scores]
    dossiers = list(inp.dossiers)
    rnd.shuffle(dossiers)
    points = list(inp.computed.items())
    rnd.shuffle(points)
    shuffled = replace(inp, scores=scores, dossiers=tuple(dossiers), computed=dict(points))
    expected = rank(inp)
    assert rank(shuffled) == expected
    votes = _votes_for(expected)
    voted = rank(replace(inp, votes=votes))
    assert rank(replace(shuffled, votes=votes)) == voted
    assert not voted.needs_vote


def _raw_scores(inp: RankingInput) -> dict[tuple[int, str], list[float]]:
    out: dict[tuple[int, str], list[float]] = {}
    for d, c, _m, v in inp.scores:
        out.setdefault((d, c), []).append(v)
    return out


def _reference(values: list[float], rule: str) -> float:
    if rule == "median":
        return statistics.median(values)
    if rule == "trimmed_mean" and len(values) >= 3:
        return statistics.fmean(sorted(values)[1:-1])
    return statistics.fmean(values)


@PROPERTY
@given(campaigns())
def test_property_combined_scores_stay_within_each_criterion_bounds(inp):
    """(2) For every rule, with and without normalisation, every published component lies
    in [0, max_points]; the raw component is the rule applied to the members' scores."""
    raw = _raw_scores(inp)
    ranking = rank(inp)
    for result in ranking.results:
        shown = [result.components]
        if inp.normalise:
            shown.append(result.normalised_components)
        for components in shown:
            assert set(components) == {c.code for c in inp.criteria}
            for criterion in inp.criteria:
                assert 0 <= components[criterion.code] <= criterion.max_points
        for criterion in inp.criteria:
            values = raw.get((result.dossier, criterion.code))
            if criterion.kind == "judged" and values:
                expected = _reference(values, inp.rule)
                assert result.components[criterion.code] == pytest.approx(expected, abs=5e-5)
        assert result.total == pytest.approx(sum(result.components.values()), abs=1e-9)


@st.composite
def panels(draw: st.DrawFn) -> tuple[RankingInput, dict[str, float]]:
    """Dossiers all scored by the same members on every judged criterion (no recusal),
    no computed points, plus the constant score a new member would give per criterion."""
    n_judged = draw(st.integers(1, 3))
    criteria = tuple(
        judged(f"K{i}", draw(st.sampled_from(MAX_POINTS))) for i in range(1, n_judged + 1)
    )
    dossiers = tuple(range(1, draw(st.integers(2, 8)) + 1))
    members = range(1, draw(st.integers(1, 4)) + 1)
    scores = [
        (d, c.code, m, draw(st.integers(0, int(c.max_points * 2))) / 2)
        for d in dossiers
        for c in criteria
        for m in members
    ]
    constant = {c.code: draw(st.integers(0, int(c.max_points * 2))) / 2 for c in criteria}
    inp = RankingInput(
        criteria=criteria,
        dossiers=dossiers,
        scores=scores,
        rule="mean",
        normalise=draw(st.booleans()),
        pass_mark=0,
        top_n=3,
    )
    return inp, constant


def _never_reversed(before: dict[int, float], after: dict[int, float]) -> None:
    for a, b in combinations(before, 2):
        if before[a] > before[b]:
            assert after[a] >= after[b], (a, b, before, after)
        if before[b] > before[a]:
            assert after[b] >= after[a], (a, b, before, after)


@PROPERTY
@given(panels())
def test_property_a_member_giving_everyone_the_same_score_reorders_nothing(panel):
    """(3) Among dossiers scored by the same members, adding a member who gives all of them
    the same score changes no order of the combined scores (mean rule, with and without
    normalisation).

    Why it holds for the mean: on one criterion the n existing scores of a dossier sum to
    S; with the new member's constant c its combined score becomes (S + c) / (n + 1), a
    strictly increasing function of S, the same for every dossier (same n). The module
    computes S with math.fsum (correctly rounded, hence monotone), divides by the same n
    and rounds once, all monotone steps, so a strict order before cannot be reversed after
    (it may only become a tie at 4 decimals, the compression factor n / (n + 1) can merge
    two values). With normalisation the existing members' normalised scores are unchanged:
    the constant member is not rescaled and does not enter the pooled mean and sd (only
    varying members do), so the same argument applies to the normalised component.

    Why it is tested on each criterion, and on the total only with one criterion: the
    total adds criteria whose combined scores are compressed by n / (n + 1) while
    computed points are not, so a dossier strong on computed points can overtake one
    strong on judged points (see the counterexample test below); with several judged
    criteria the per-criterion rounding can also move a total by a unit of 0.0001.

    Why not median or trimmed mean: neither is monotone in the added score: with scores
    {0, 10} against {4, 4}, the median 5 > 4 becomes 0 < 4 after a constant 0 is added
    (the trimmed mean of three is the median); with {0, 5, 10} against {4, 4, 4} the
    trimmed mean 5 > 4 becomes 2.5 < 4 (see the counterexample tests below).
    """
    inp, constant = panel
    new_member = 99
    extra = [(d, code, new_member, value) for d in inp.dossiers for code, value in constant.items()]
    before = rank(inp)
    after = rank(replace(inp, scores=[*inp.scores, *extra]))
    for criterion in inp.criteria:
        code = criterion.code
        _never_reversed(
            {r.dossier: r.components[code] for r in before.results},
            {r.dossier: r.components[code] for r in after.results},
        )
        if inp.normalise:
            _never_reversed(
                {r.dossier: r.normalised_components[code] for r in before.results},
                {r.dossier: r.normalised_components[code] for r in after.results},
            )
    if len(inp.criteria) == 1:
        _never_reversed(
            {r.dossier: r.total for r in before.results},
            {r.dossier: r.total for r in after.results},
        )
        # Ranks follow the totals: a dossier ranked strictly ahead is never behind after.
        _never_reversed(
            {r.dossier: -r.rank for r in before.results},
            {r.dossier: -r.rank for r in after.results},
        )


def _add_constant_member(inp: RankingInput, value: float) -> RankingInput:
    extra = [
        (d, c.code, 99, value) for d in inp.dossiers for c in inp.criteria if c.kind == "judged"
    ]
    return replace(inp, scores=[*inp.scores, *extra])


@pytest.mark.parametrize(
    ("rule", "a_scores", "b_scores"),
    [("median", (0.0, 10.0), (4.0, 4.0)), ("trimmed_mean", (0.0, 5.0, 10.0), (4.0, 4.0, 4.0))],
)
def test_counterexample_a_constant_member_can_reorder_median_and_trimmed_mean(
    rule, a_scores, b_scores
):
    rows = [(1, "K1", m, v) for m, v in enumerate(a_scores, 1)]
    rows += [(2, "K1", m, v) for m, v in enumerate(b_scores, 1)]
    inp = make((judged("K1"),), rows, rule=rule)
    assert [r.dossier for r in rank(inp).results] == [1, 2]
    assert [r.dossier for r in rank(_add_constant_member(inp, 0.0)).results] == [2, 1]


def test_counterexample_a_constant_member_can_reorder_totals_with_computed_points():
    criteria = (judged("K1"), computed("C1"))
    inp = make(
        criteria,
        [(1, "K1", 1, 0.0), (2, "K1", 1, 10.0)],
        computed={(1, "C1"): 9.0, (2, "C1"): 0.0},
    )
    assert [(r.dossier, r.total) for r in rank(inp).results] == [(2, 10.0), (1, 9.0)]
    after = rank(_add_constant_member(inp, 0.0))
    assert [(r.dossier, r.total) for r in after.results] == [(1, 9.0), (2, 5.0)]


def _two_decimals(total: float) -> Decimal:
    return Decimal(str(total)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@PROPERTY
@given(campaigns())
def test_property_ties_are_always_reported(inp):
    """(4) Two dossiers share a tie group exactly when their totals are equal at 2 decimals
    (half-up from the published 4 decimals), whether or not the tie is resolved; and the
    ranking is consistent with the totals, the pass mark and the Top N."""
    ranking = rank(inp)
    results = ranking.results
    for a, b in combinations(results, 2):
        equal = _two_decimals(a.total) == _two_decimals(b.total)
        assert equal == (a.tie_group is not None and a.tie_group == b.tie_group)
        if _two_decimals(a.total) > _two_decimals(b.total):
            assert a.rank < b.rank
        if a.rank == b.rank:
            assert equal and a.needs_vote == b.needs_vote
            # a vote is asked exactly where the order decides a Top N place or a pass
            deciding = a.top_pending or (a.eligible and b.eligible and a.passed != b.passed)
            if deciding:
                assert a.needs_vote
        if a.needs_vote:
            assert any(c.rank == a.rank and c.dossier != a.dossier for c in results), (
                "a vote is asked only for dossiers sharing a rank"
            )
    for result in results:
        if result.tie_group is not None:
            assert result.tie_group == min(
                r.dossier for r in results if r.tie_group == result.tie_group
            )
    assert [(r.rank, r.dossier) for r in results] == sorted((r.rank, r.dossier) for r in results)
    assert {t.id for t in ranking.ties} == {r.tie_group for r in results} - {None}
    assert ranking.needs_vote == any(r.needs_vote for r in results)
    eligible = set(inp.dossiers) if inp.eligible is None else inp.eligible
    passing = [r.dossier for r in results if r.passed]
    assert passing == [
        r.dossier for r in results if r.dossier in eligible and r.total >= inp.pass_mark
    ]
    assert list(ranking.top) == [r.dossier for r in results if r.top]
    assert set(ranking.top) <= set(passing)
    pending = [r.dossier for r in results if r.top_pending]
    assert len(ranking.top) + ranking.open_top_places == min(inp.top_n, len(passing))
    assert bool(pending) == (ranking.open_top_places > 0)
    if not pending:
        assert len(ranking.top) == min(inp.top_n, len(passing))
        assert ranking.top == tuple(passing[: inp.top_n])


# --------------------------------------------------------------------------- pre-combined input


def _pre_combined(inp: RankingInput) -> RankingInput:
    """The same campaign with each (dossier, criterion) combined beforehand, as the database's
    ``CombinedScore`` rows carry it."""
    cells: dict[tuple[int, str], list[float]] = {}
    for d, c, _m, v in inp.scores:
        cells.setdefault((d, c), []).append(float(v))
    rows = [
        (d, c, combine_units(values, inp.rule), min(values), max(values))
        for (d, c), values in cells.items()
    ]
    return replace(inp, scores=(), combined=rows, normalise=False)


@given(campaigns())
def test_property_pre_combined_scores_rank_exactly_like_the_raw_scores(inp):
    raw = rank(replace(inp, normalise=False))
    assert rank(_pre_combined(inp)) == raw


def test_pre_combined_input_is_checked_like_raw_scores():
    base = make((judged("K1"), computed("C1")), [])
    row = (1, "K1", 50_000, 4.0, 6.0)
    cases = [
        ([(1, "C1", 50_000, 4.0, 6.0)], "computed"),
        ([(1, "K9", 50_000, 4.0, 6.0)], "unknown criterion"),
        ([(9, "K1", 50_000, 4.0, 6.0)], "not among the dossiers"),
        ([row, row], "more than once"),
        ([(1, "K1", 50_000, 4.0, 10.5)], r"outside 0\.\.10"),
        ([(1, "K1", 50_000, 6.0, 4.0)], r"outside 0\.\.10"),
        ([(1, "K1", "x", 4.0, 6.0)], "must be a"),
        ([(1, "K1", 5)], "must be a"),
    ]
    for rows, message in cases:
        with pytest.raises(AggregationError, match=message):
            rank(replace(base, dossiers=(1, 2), combined=rows))
    with pytest.raises(AggregationError, match="not both"):
        rank(replace(base, dossiers=(1, 2), combined=[row], scores=[(1, "K1", 1, 5.0)]))
    with pytest.raises(AggregationError, match="Normalisation needs the raw scores"):
        rank(replace(base, dossiers=(1, 2), combined=[row], normalise=True))


def test_pre_combined_value_is_clamped_and_flags_disagreement():
    inp = make((judged("K1"),), [], dossiers=(1, 2), disagreement_threshold=0.3)
    ranking = rank(
        replace(inp, combined=[(1, "K1", 120_000, 0.0, 10.0), (2, "K1", 40_000, 3.0, 5.0)])
    )
    assert ranking.result(1).components["K1"] == 10.0
    assert ranking.result(1).disagreements == ("K1",)
    assert ranking.result(2).disagreements == ()
    assert ranking.result(2).total == 4.0
