"""Combined scores (chuluc.council.combined): the ranking read from them is the ranking read
from every raw score, and they follow every change after closing (correction, conflict)."""

from decimal import Decimal

import pytest

from chuluc.campaigns.models import Campaign
from chuluc.council import services
from chuluc.council.aggregation import rank
from chuluc.council.combined import combined_rebuild
from chuluc.council.models import CombinedScore, Council, Result
from chuluc.council.ranking import RESULT_FIELDS, compute_results, ranking_input
from tests.factories.council import build_council


def _results(council) -> list[tuple]:
    return list(
        Result.objects.filter(council=council)
        .order_by("dossier_id")
        .values_list("dossier_id", *RESULT_FIELDS)
    )


def _cells(round_) -> set[tuple]:
    return set(
        CombinedScore.objects.filter(round=round_).values_list(
            "dossier_id", "criterion_id", "scorers", "mean", "median", "trimmed_mean", "low", "high"
        )
    )


@pytest.fixture
def closed(officer, rep_a, enterprise_a):
    """Four dossiers scored unevenly by two members (ties and disagreements), then closed."""
    setup = build_council(officer=officer, rep=rep_a, enterprise=enterprise_a, dossier_count=4)
    round_ = setup["council"].rounds.get()
    for m, member in enumerate((setup["members"]["uv1"], setup["members"]["uv2"])):
        for d, dossier in enumerate(setup["dossiers"]):
            for c, criterion in enumerate(setup["judged"]):
                value = (criterion.max_points * ((d + 2 * c + 3 * m) % 5)) / 4
                services.score_record(
                    actor=member.user,
                    round_=round_,
                    dossier=dossier,
                    criterion=criterion,
                    value=value.quantize(Decimal("0.01")),
                )
    services.round_close(actor=setup["members"]["thu_ky"].user, round_=round_)
    setup["round"] = round_
    return setup


@pytest.mark.parametrize("rule", ["mean", "median", "trimmed_mean"])
def test_ranking_from_combined_scores_equals_ranking_from_raw_scores(closed, rule):
    Campaign.objects.filter(pk=closed["campaign"].pk).update(aggregation=rule)
    council = Council.objects.select_related("campaign").get(pk=closed["council"].pk)
    from_cells, from_raw = ranking_input(council), ranking_input(council, raw=True)
    assert from_cells.combined and not from_cells.scores
    assert from_raw.scores and not from_raw.combined
    assert rank(from_cells) == rank(from_raw)


def test_round_close_stores_one_combined_score_per_dossier_and_criterion(closed):
    round_ = closed["round"]
    round_.refresh_from_db()
    assert round_.combined_at is not None
    assert CombinedScore.objects.filter(round=round_).count() == 4 * len(closed["judged"])
    assert set(CombinedScore.objects.values_list("scorers", flat=True)) == {2}


def test_partial_rebuilds_after_a_correction_and_a_conflict_match_a_full_rebuild(closed, officer):
    council, members, round_ = closed["council"], closed["members"], closed["round"]
    dossier, criterion = closed["dossiers"][1], closed["judged"][0]
    score = members["uv1"].scores.get(dossier=dossier, criterion=criterion)
    correction = services.correction_request(
        actor=members["thu_ky"].user,
        score=score,
        new_value=criterion.max_points,
        reason="Nhập nhầm",
    )
    services.correction_decide(actor=members["chu_tich"].user, correction=correction, approve=True)
    services.conflict_declare(
        actor=members["uv2"].user,
        member=members["uv2"],
        dossier=closed["dossiers"][2],
        reason="Họ hàng",
    )
    after_services, results_after_services = _cells(round_), _results(council)
    assert (
        CombinedScore.objects.get(
            round=round_, dossier=closed["dossiers"][2], criterion=criterion
        ).scorers
        == 1
    )
    combined_rebuild(round_)
    assert _cells(round_) == after_services
    compute_results(council=council, raw=True)
    assert _results(council) == results_after_services


def test_round_without_combined_scores_is_rebuilt_on_first_ranking(closed):
    round_ = closed["round"]
    before = _results(closed["council"])
    CombinedScore.objects.all().delete()
    type(round_).objects.filter(pk=round_.pk).update(combined_at=None)
    Result.objects.all().delete()
    assert services.results_recompute(council=closed["council"]) == 4
    assert _results(closed["council"]) == before
    assert CombinedScore.objects.count() == 4 * len(closed["judged"])


def test_a_recomputation_that_changes_nothing_rewrites_nothing(closed):
    council = Council.objects.select_related("campaign").get(pk=closed["council"].pk)
    stamps = dict(Result.objects.values_list("dossier_id", "computed_at"))
    compute_results(council=council)
    assert dict(Result.objects.values_list("dossier_id", "computed_at")) == stamps


def test_normalising_council_ranks_from_the_raw_scores(closed):
    Council.objects.filter(pk=closed["council"].pk).update(normalise=True)
    council = Council.objects.select_related("campaign").get(pk=closed["council"].pk)
    inp = ranking_input(council)
    assert inp.scores and not inp.combined
    compute_results(council=council)
    assert all(
        total is not None for total in Result.objects.values_list("normalised_total", flat=True)
    )
