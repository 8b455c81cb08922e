"""Eligibility thresholds (Hướng dẫn 1520/HD-SCT): just below and just at each one."""

from decimal import Decimal

import pytest

from chuluc.campaigns import services
from chuluc.campaigns.screening import evaluate_rules
from chuluc.registry.enums import ProductTrack
from tests.factories.campaigns import complete_dossier, make_campaign
from tests.factories.registry import ProductFactory

BN = 10**9


def _outcome(rep, enterprise, track, figures, code):
    campaign = make_campaign()
    product = ProductFactory(enterprise=enterprise, track=track)
    dossier = complete_dossier(actor=rep, campaign=campaign, product=product, figures=figures)
    return {r.rule_id: r for r in evaluate_rules(dossier)}, {
        r.code: r.pk for r in campaign.eligibility_rules.all()
    }[code]


@pytest.mark.parametrize(
    ("revenue", "expected"),
    [(10 * BN - 1, "fail"), (10 * BN, "pass")],
)
def test_high_tech_revenue_threshold_10_billion(rep_a, enterprise_a, revenue, expected):
    figures = {
        "revenue_vnd": revenue,
        "production_value_vnd": revenue,
        "export_usd": 0,
        "employees": 50,
    }
    results, rule = _outcome(rep_a, enterprise_a, ProductTrack.HIGH_TECH, figures, "E2a")
    assert results[rule].outcome == expected
    assert results[rule].figures["threshold"] == "10000000000.00"


@pytest.mark.parametrize(
    ("revenue", "output", "expected"),
    [
        (100 * BN - 1, 100 * BN - 1, "fail"),
        (100 * BN, 0, "pass"),
        (0, 100 * BN, "pass"),
        (100 * BN - 1, 99 * BN, "fail"),
    ],
)
def test_other_products_revenue_or_output_threshold_100_billion(
    rep_a, enterprise_a, revenue, output, expected
):
    figures = {
        "revenue_vnd": revenue,
        "production_value_vnd": output,
        "export_usd": 0,
        "employees": 50,
    }
    results, rule = _outcome(rep_a, enterprise_a, ProductTrack.OTHER, figures, "E2b")
    assert results[rule].outcome == expected


@pytest.mark.parametrize(("export", "expected"), [(999_999, "fail"), (1_000_000, "pass")])
def test_handicraft_export_threshold_1_million_usd(rep_a, enterprise_a, export, expected):
    figures = {
        "revenue_vnd": 30 * BN,
        "production_value_vnd": 30 * BN,
        "export_usd": export,
        "employees": 80,
    }
    results, rule = _outcome(rep_a, enterprise_a, ProductTrack.HANDICRAFT, figures, "E2c")
    assert results[rule].outcome == expected


def test_only_the_rules_of_the_products_track_apply(rep_a, enterprise_a):
    figures = {
        "revenue_vnd": 30 * BN,
        "production_value_vnd": 30 * BN,
        "export_usd": 2_000_000,
        "employees": 80,
    }
    campaign = make_campaign()
    product = ProductFactory(enterprise=enterprise_a, track=ProductTrack.HANDICRAFT)
    dossier = complete_dossier(actor=rep_a, campaign=campaign, product=product, figures=figures)
    codes = {
        r.code
        for r in campaign.eligibility_rules.all()
        if r.pk in {x.rule_id for x in evaluate_rules(dossier)}
    }
    assert codes == {"E1", "E2c", "E3"}


def test_startup_is_always_for_the_officer_to_judge(rep_a, enterprise_a):
    campaign = make_campaign()
    product = ProductFactory(enterprise=enterprise_a, track=ProductTrack.STARTUP)
    dossier = complete_dossier(actor=rep_a, campaign=campaign, product=product)
    services.dossier_save(actor=rep_a, dossier=dossier, startup_statement="Ý tưởng mới")
    rule = campaign.eligibility_rules.get(code="E2d")
    assert {r.rule_id: r.outcome for r in evaluate_rules(dossier)}[rule.pk] == "review"


def test_location_rule_uses_hq_or_factory(rep_a, enterprise_a):
    campaign = make_campaign()
    product = ProductFactory(enterprise=enterprise_a)
    dossier = complete_dossier(actor=rep_a, campaign=campaign, product=product)
    rule = campaign.eligibility_rules.get(code="E1")
    dossier = services.dossier_save(
        actor=rep_a, dossier=dossier, hq_in_locality=False, factory_in_locality=False
    )
    assert {r.rule_id: r.outcome for r in evaluate_rules(dossier)}[rule.pk] == "fail"
    dossier = services.dossier_save(actor=rep_a, dossier=dossier, factory_in_locality=True)
    assert {r.rule_id: r.outcome for r in evaluate_rules(dossier)}[rule.pk] == "pass"


def test_thresholds_are_campaign_data(rep_a, enterprise_a, officer):
    campaign = make_campaign()
    services.eligibility_rule_save(
        actor=officer,
        campaign=campaign,
        code="E2b",
        name="Sản phẩm khác (ngưỡng mới)",
        kind="output_min",
        track=ProductTrack.OTHER,
        threshold=Decimal(200 * BN),
    )
    product = ProductFactory(enterprise=enterprise_a, track=ProductTrack.OTHER)
    figures = {
        "revenue_vnd": 150 * BN,
        "production_value_vnd": 150 * BN,
        "export_usd": 0,
        "employees": 50,
    }
    dossier = complete_dossier(actor=rep_a, campaign=campaign, product=product, figures=figures)
    rule = campaign.eligibility_rules.get(code="E2b")
    assert {r.rule_id: r.outcome for r in evaluate_rules(dossier)}[rule.pk] == "fail"


def test_computed_criteria_scored_from_figures_at_submission(rep_a, enterprise_a):
    campaign = make_campaign()
    product = ProductFactory(enterprise=enterprise_a)
    figures = {
        "revenue_vnd": 150 * BN,
        "production_value_vnd": 140 * BN,
        "export_usd": 2_000_000,
        "employees": 100,
    }
    dossier = complete_dossier(actor=rep_a, campaign=campaign, product=product, figures=figures)
    services.dossier_submit(actor=rep_a, dossier=dossier)
    scores = {
        s.criterion.code: (s.value, s.points)
        for s in dossier.computed_scores.select_related("criterion")
    }
    # flat figures: growth 0 % → band [0, 5) = 5; revenue 150 bn → [100, 500) = 10;
    # productivity 1,400 m/person → [1000, 2000) = 9; export share 2 M USD × 25,000 / 150 bn = 33.33 % → [30, 50) = 11
    assert scores == {
        "K1": (Decimal("0.0000"), Decimal("5.00")),
        "K2": (Decimal("150.0000"), Decimal("10.00")),
        "K3": (Decimal("1400.0000"), Decimal("9.00")),
        "K4": (Decimal("33.3300"), Decimal("11.00")),
    }
