"""The data-at-scale generator (``bench/generate.py``) at its tiny scale: the counts each
scale promises, and the same data on every run (the benchmarks compare runs)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from django.db import transaction

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from generate_data import generate
from generate_reports import fingerprint
from generate_scales import LAST_YEAR, SCALES, plan, reports_per_year

from chuluc.campaigns.enums import DossierStatus
from chuluc.campaigns.models import Campaign, Dossier
from chuluc.council.models import Result, Score
from chuluc.decisions.models import Certificate, Recognition
from chuluc.monitoring.models import FirmReport
from chuluc.registry.models import Enterprise, Product

TINY = SCALES["tiny"]


def test_plan_is_the_same_on_every_run():
    assert plan(TINY) == plan(TINY)


def test_scale_l_has_the_issue_counts_and_the_ranking_benchmark_shape():
    large = SCALES["L"]
    shape = (large.enterprises, large.products, large.dossiers, large.years)
    assert shape == (100_000, 200_000, 50_000, 10)
    assert (large.scores, large.firm_reports, large.observations) == (
        3_000_000,
        1_000_000,
        10_000_000,
    )
    # bench/ranking.py's default data set: 10,000 dossiers × 15 members × 20 criteria
    assert (large.current, large.members, large.criteria) == (10_000, 15, 20)
    assert sum(reports_per_year(large).values()) * 5 == large.firm_reports


def test_plan_spreads_the_dossiers_over_the_years_and_renews_earlier_recognitions():
    for scale in SCALES.values():
        the_plan = plan(scale)
        assert len(the_plan.dossiers) == scale.dossiers
        assert sorted(the_plan.per_year) == list(range(scale.first_year, LAST_YEAR + 1))
        assert the_plan.per_year[LAST_YEAR] == scale.current
        products_per_year = {}
        for d in the_plan.dossiers:
            products_per_year.setdefault(d.year, []).append(d.product)
        assert all(len(p) == len(set(p)) for p in products_per_year.values())
    renewals = [d for d in plan(SCALES["S"]).dossiers if d.renewal_of is not None]
    assert renewals
    assert all(plan(SCALES["S"]).dossiers[d.renewal_of].outcome == "recognised" for d in renewals)


@pytest.mark.django_db
def test_tiny_scale_writes_its_counts_and_the_same_data_twice():
    with transaction.atomic():
        counts = generate(TINY)
        first = fingerprint()
        transaction.set_rollback(True)
    again = generate(TINY)

    assert fingerprint() == first
    # the timing and the council's id (a PostgreSQL sequence is not rolled back) aside
    varying = {"seconds", "council"}
    assert {k: v for k, v in again.items() if k not in varying} == {
        k: v for k, v in counts.items() if k not in varying
    }
    assert (Enterprise.objects.filter(is_demo=True).count(), Product.objects.count()) == (40, 80)
    assert Campaign.objects.filter(name__contains="đo hiệu năng").count() == TINY.years
    assert Dossier.objects.filter(is_demo=True).count() == TINY.dossiers
    assert Score.objects.count() == TINY.scores == counts["scores"]
    assert Result.objects.count() == TINY.current
    current = Dossier.objects.filter(campaign__year=LAST_YEAR)
    assert set(current.values_list("status", flat=True)) <= {
        DossierStatus.PASSED,
        DossierStatus.FAILED,
    }
    recognised = Dossier.objects.filter(status=DossierStatus.RECOGNISED).count()
    assert Recognition.objects.count() == recognised == counts["recognitions"]
    assert Certificate.objects.count() == counts["certificates"] >= recognised
    assert FirmReport.objects.count() == TINY.firm_reports
