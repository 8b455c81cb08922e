"""The dossier checklist compares the firm's figures with its track's thresholds before it
applies (issue 18): a product with 1,8–2,6 tỷ đồng on the 100 tỷ track showed ✔ everywhere
and offered "Nộp hồ sơ" without a word. A hint never blocks: screening decides."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from chuluc.campaigns import checklist, screening
from chuluc.campaigns.enums import ScreeningOutcome
from chuluc.registry.enums import ProductTrack
from tests.factories.campaigns import GOOD_FIGURES, complete_dossier, make_campaign
from tests.factories.registry import ProductFactory

LOW = {**GOOD_FIGURES, "revenue_vnd": 2_600_000_000, "production_value_vnd": 1_800_000_000}
LOW_TEXT = (
    "Doanh thu năm 2025 là 2,6 tỷ đồng và giá trị sản xuất là 1,8 tỷ đồng, đều thấp hơn "
    "ngưỡng 100 tỷ đồng của diện Sản phẩm khác."
)


@pytest.fixture
def product(enterprise_a):
    enterprise_a.hq_in_hanoi = True
    enterprise_a.save()
    return ProductFactory(enterprise=enterprise_a, name="Ổ khóa thử A", track=ProductTrack.OTHER)


def _hints(dossier) -> list[checklist.Item]:
    return [item for item in checklist.dossier_checklist(dossier) if not item.blocks]


def test_figures_below_the_threshold_are_said_plainly(rep_a, campaign, product):
    dossier = complete_dossier(actor=rep_a, campaign=campaign, product=product, figures=LOW)
    [hint] = _hints(dossier)
    assert not hint.done
    assert hint.state == "warning"
    assert hint.label.startswith(LOW_TEXT)
    assert "nhiều khả năng sẽ bị kết luận không đủ điều kiện" in hint.label
    # a hint, not a refusal: nothing is missing, the firm may still submit
    assert checklist.missing(dossier) == []


def test_the_hint_and_screening_judge_alike(rep_a, campaign, product):
    dossier = complete_dossier(actor=rep_a, campaign=campaign, product=product, figures=LOW)
    rules = {r.pk: r.code for r in campaign.eligibility_rules.all()}
    outcomes = {rules[r.rule_id]: r.outcome for r in screening.evaluate_rules(dossier)}
    assert outcomes["E2b"] == ScreeningOutcome.FAIL
    good = complete_dossier(
        actor=rep_a, campaign=campaign, product=ProductFactory(enterprise=product.enterprise)
    )
    outcomes = {rules[r.rule_id]: r.outcome for r in screening.evaluate_rules(good)}
    assert outcomes["E2b"] == ScreeningOutcome.PASS
    [hint] = _hints(good)
    assert hint.done
    assert hint.label == "Số liệu năm 2025 đạt ngưỡng 100 tỷ đồng của diện Sản phẩm khác."


@pytest.mark.parametrize(
    ("track", "figures", "text"),
    [
        (
            ProductTrack.HIGH_TECH,
            {"revenue_vnd": 5_000_000_000},
            "Doanh thu năm 2025 là 5 tỷ đồng, thấp hơn ngưỡng 10 tỷ đồng của diện Sản phẩm "
            "công nghệ cao.",
        ),
        (
            ProductTrack.HANDICRAFT,
            {"export_usd": 650_000},
            "Kim ngạch xuất khẩu năm 2025 là 0,65 triệu USD, thấp hơn ngưỡng 1 triệu USD của "
            "diện Thủ công mỹ nghệ.",
        ),
        (
            ProductTrack.OTHER,
            {"revenue_vnd": None, "production_value_vnd": 99_999_000_000},
            "Giá trị sản xuất năm 2025 là 99,99 tỷ đồng, thấp hơn ngưỡng 100 tỷ đồng của diện "
            "Sản phẩm khác.",
        ),
    ],
)
def test_each_threshold_in_its_words(rep_a, campaign, product, track, figures, text):
    product.track = track
    product.save()
    dossier = complete_dossier(
        actor=rep_a, campaign=campaign, product=product, figures={**GOOD_FIGURES, **figures}
    )
    [hint] = _hints(dossier)
    assert hint.label.startswith(text)
    assert not hint.done


def test_unknown_figures_give_no_hint(rep_a, campaign, product):
    dossier = complete_dossier(
        actor=rep_a,
        campaign=campaign,
        product=product,
        figures={"revenue_vnd": None, "production_value_vnd": None},
    )
    assert _hints(dossier) == []
    assert "Năm 2025: doanh thu" in checklist.missing(dossier)


def test_the_dossier_page_shows_the_warning_not_a_tick(client, rep_a, campaign, product):
    """Regression: the firm saw ✔ on every line of a dossier far below its threshold."""
    dossier = complete_dossier(actor=rep_a, campaign=campaign, product=product, figures=LOW)
    client.force_login(rep_a)
    text = client.get(reverse("campaigns:dossier_detail", args=[dossier.pk])).content.decode()
    line = re.search(r'<li class="warning">\s*⚠ ([^<]*)</li>', text)
    assert line is not None
    assert line.group(1).startswith(LOW_TEXT)


def test_the_campaign_page_says_so_beside_lap_ho_so(client, rep_a, enterprise_a, product):
    """The product's last known figures (its dossier of the year before) fall short of its
    track's threshold: the page says so beside the button, which it still offers."""
    earlier = make_campaign(year=2025)
    complete_dossier(actor=rep_a, campaign=earlier, product=product, figures=LOW)
    strong = ProductFactory(enterprise=enterprise_a, name="Sản phẩm mạnh", track=ProductTrack.OTHER)
    complete_dossier(actor=rep_a, campaign=earlier, product=strong)
    unknown = ProductFactory(enterprise=enterprise_a, name="Sản phẩm mới", track=ProductTrack.OTHER)
    campaign = make_campaign(year=2026)
    client.force_login(rep_a)
    response = client.get(reverse("campaigns:campaign_detail", args=[campaign.pk]))
    rows = {p.pk: hint for p, _dossier, hint in response.context["registrations"]}
    assert rows[product.pk].startswith(
        "Doanh thu năm 2024 là 2,6 tỷ đồng và giá trị sản xuất là 1,8 tỷ đồng, đều thấp hơn "
        "ngưỡng 100 tỷ đồng"
    )
    assert rows[strong.pk] is None
    assert rows[unknown.pk] is None
    text = response.content.decode()
    assert text.count("Lập hồ sơ") == 3
    assert text.count('class="registration-hint"') == 1


def test_the_hint_in_english(rep_a, campaign, product):
    dossier = complete_dossier(actor=rep_a, campaign=campaign, product=product, figures=LOW)
    with translation.override("en"):
        [hint] = _hints(dossier)
    assert hint.label.startswith(
        "Revenue in 2025 was 2,6 billion đồng and production value 1,8 billion đồng, both "
        "below the threshold of 100 billion đồng"
    )
    assert "likely be found ineligible" in hint.label


def test_the_campaign_page_reads_the_hints_in_fixed_queries(client, rep_a, enterprise_a, product):
    earlier = make_campaign(year=2025)
    complete_dossier(actor=rep_a, campaign=earlier, product=product, figures=LOW)
    campaign = make_campaign(year=2026)
    url = reverse("campaigns:campaign_detail", args=[campaign.pk])
    client.force_login(rep_a)

    def count() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        return len(ctx), response.content.decode().count('class="registration-hint"')

    one = count()
    for i in range(5):
        more = ProductFactory(enterprise=enterprise_a, name=f"Sản phẩm yếu {i}")
        complete_dossier(actor=rep_a, campaign=earlier, product=more, figures=LOW)
    many = count()
    assert (one[1], many[1]) == (1, 6)
    assert many[0] == one[0]
