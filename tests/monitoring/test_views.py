"""Monitoring pages: who may open each URL of the namespace, the representative's report
form (own enterprise only, hostile input refused with Vietnamese messages and nothing
stored), the officer's check, the dashboard's links."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from chuluc.monitoring import services
from chuluc.monitoring import urls as monitoring_urls
from chuluc.monitoring.enums import Quarter, ReportStatus
from chuluc.monitoring.models import FirmReport
from tests.access import (
    LEADER,
    OFFICER,
    REP_A,
    REP_B,
    assert_table_covers,
    cast,
    check_row,
    url_of,
)
from tests.factories.decisions import decided
from tests.monitoring.access_table import TABLE


def test_table_covers_every_pattern():
    assert_table_covers(monitoring_urls.urlpatterns, TABLE)


@pytest.fixture
def world(officer, rep_a, enterprise_a, leader, outsider, rep_b, council_member):
    w = decided(officer=officer, rep=rep_a, enterprise=enterprise_a, year=2025)
    w["period"] = services.period_create(
        actor=officer, year=2025, quarter=Quarter.Q1, due_on=dt.date(2025, 4, 20)
    )
    w["report"] = services.firm_report_submit(
        actor=rep_a,
        enterprise=enterprise_a,
        period=w["period"],
        revenue_vnd=Decimal(50) * 10**9,
        production_value_vnd=Decimal(45) * 10**9,
        export_usd=Decimal(100_000),
        employees=0,
    )
    w["users"] = cast(
        outsider=outsider,
        rep_a=rep_a,
        rep_b=rep_b,
        council_member=council_member,
        leader=leader,
        officer=officer,
    )
    return w


@pytest.mark.parametrize("name", sorted(TABLE))
def test_who_may_open_each_page(world, client, subtests, name):
    check_row(
        client,
        subtests,
        url=url_of("monitoring", name, TABLE[name], world),
        outcomes=TABLE[name].methods["GET"],
        users=world["users"],
    )


def test_reps_list_only_their_own_reports(world, client):
    client.force_login(world["users"][REP_B])
    assert list(client.get(reverse("monitoring:reports")).context["page"]) == []
    client.force_login(world["users"][REP_A])
    assert list(client.get(reverse("monitoring:reports")).context["page"]) == [world["report"]]


def _form(world, **changes):
    products = [r.product for r in world["decision"].recognitions.order_by("rank")]
    data = {
        "enterprise": world["report"].enterprise_id,
        "period": world["period"].pk,
        "revenue_vnd": "60.000.000.000",
        "production_value_vnd": "55.000.000.000",
        "export_usd": "120.000",
        "employees": "250",
        **{f"sl_{p.pk}": "1.500,5" for p in products},
        **{f"dv_{p.pk}": "chiếc" for p in products},
    }
    data.update(changes)
    return data


def test_rep_submits_own_report_with_vietnamese_numbers(world, client):
    client.force_login(world["users"][REP_A])
    response = client.post(reverse("monitoring:report_submit"), _form(world))
    report = FirmReport.objects.get(pk=world["report"].pk)
    assert response.status_code == 302, response.context["form"].errors
    assert (report.revenue_vnd, report.employees, report.status) == (
        Decimal(60) * 10**9,
        250,
        ReportStatus.SUBMITTED,
    )
    assert set(report.lines.values_list("quantity", "unit")) == {(Decimal("1500.5"), "chiếc")}
    assert report.lines.count() == 4


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"revenue_vnd": "-5"}, "Không được nhập số âm."),
        ({"employees": "nhiều"}, "không phải là số"),
        ({"employees": "12,5"}, "Nhập số nguyên."),
        ({"export_usd": "1e400"}, "không phải là số"),
        ({"period": "999999"}, "Kỳ báo cáo không tồn tại."),
    ],
)
def test_hostile_input_refused_nothing_stored(world, client, changes, message):
    before = list(FirmReport.objects.values_list("pk", "revenue_vnd", "employees", "status"))
    client.force_login(world["users"][REP_A])
    response = client.post(reverse("monitoring:report_submit"), _form(world, **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert (
        list(FirmReport.objects.values_list("pk", "revenue_vnd", "employees", "status")) == before
    )


def test_other_enterprise_id_refused(world, client):
    client.force_login(world["users"][REP_B])
    response = client.post(
        reverse("monitoring:report_submit"),
        _form(world, enterprise=world["report"].enterprise_id),
    )
    assert response.status_code == 200
    assert "Bạn không phải người đại diện đã xác minh của doanh nghiệp này." in (
        response.content.decode()
    )
    assert FirmReport.objects.count() == 1


def test_officer_checks_flagged_report_with_note(world, client):
    url = reverse("monitoring:report_detail", args=[world["report"].pk])
    client.force_login(world["users"][LEADER])
    assert client.post(url, {"note": "x"}).status_code == 403
    client.force_login(world["users"][OFFICER])
    response = client.post(url, {"note": ""})
    assert "cần ghi chú" in response.content.decode()
    assert client.post(url, {"note": "Doanh nghiệp thuê ngoài lao động."}).status_code == 302
    world["report"].refresh_from_db()
    assert world["report"].status == ReportStatus.CHECKED


def _checked(world):
    officer = world["users"][OFFICER]
    return services.firm_report_check(actor=officer, report=world["report"], note="Đã gọi.")


def _stored(report) -> tuple:
    report.refresh_from_db()
    return (report.status, report.revenue_vnd, report.employees, report.versions.count())


def test_checked_report_is_not_overwritten_from_the_form(world, client):
    """Issue 17, point 9: the form replaced a checked report silently. Now it warns, asks
    for a reason, and the correction waits as version 2 beside the checked figures."""
    report = _checked(world)
    before = _stored(report)
    client.force_login(world["users"][REP_A])
    response = client.post(reverse("monitoring:report_submit"), _form(world))
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    assert 'id="correction-notice"' in response.content.decode()
    assert _stored(report) == before
    response = client.post(
        reverse("monitoring:report_submit"), _form(world, reason="Bổ sung lao động thời vụ.")
    )
    assert response.status_code == 302
    assert _stored(report) == (ReportStatus.CORRECTED, before[1], before[2], 2)
    detail = client.get(reverse("monitoring:report_detail", args=[report.pk]))
    versions = detail.context["versions"]
    assert [(r.version.number, r.version.reason, r.state) for r in versions] == [
        (2, "Bổ sung lao động thời vụ.", "pending"),
        (1, "", "checked"),
    ]
    assert "Bổ sung lao động thời vụ." in detail.content.decode()


def test_correction_repeating_the_checked_lines_is_refused(world, client):
    """Quantities read back as 1500.50 from the database and typed as 1.500,5 are the same
    number: a correction that changes nothing is refused, whatever the decimals."""
    client.force_login(world["users"][REP_A])
    assert client.post(reverse("monitoring:report_submit"), _form(world)).status_code == 302
    report = FirmReport.objects.get(pk=world["report"].pk)
    services.firm_report_check(actor=world["users"][OFFICER], report=report, note="")
    before = _stored(report)
    response = client.post(reverse("monitoring:report_submit"), _form(world, reason="Nộp lại"))
    assert "Bản sửa không thay đổi số liệu nào" in response.content.decode()
    assert _stored(report) == before


def test_officer_sees_the_difference_and_checks_the_correction(world, client):
    report = _checked(world)
    services.firm_report_submit(
        actor=world["users"][REP_A],
        enterprise=report.enterprise,
        period=world["period"],
        revenue_vnd=Decimal(50) * 10**9,
        production_value_vnd=Decimal(45) * 10**9,
        export_usd=Decimal(100_000),
        employees=120,
        reason="Quên nhập số lao động.",
    )
    client.force_login(world["users"][OFFICER])
    url = reverse("monitoring:report_detail", args=[report.pk])
    response = client.get(url)
    changed = [(d.label, d.old, d.new) for d in response.context["differences"] if d.changed]
    assert changed == [("Số lao động", 0, 120)]
    html = response.content.decode()
    assert 'id="differences"' in html
    assert "Kiểm tra bản sửa" in html
    assert client.post(url, {"note": "Đã xác minh."}).status_code == 302
    assert _stored(report) == (ReportStatus.CHECKED, Decimal(50) * 10**9, 120, 2)


def test_implausible_figures_are_warned_before_submission(world, client):
    """Issue 17, point 9: revenue 1 đồng with 1 employee was accepted without a flag. The
    form shows the warnings first, stores nothing, and submits once the firm confirms."""
    client.force_login(world["users"][REP_A])
    data = _form(world, revenue_vnd="1", production_value_vnd="1", export_usd="0", employees="1")
    before = _stored(world["report"])
    response = client.post(reverse("monitoring:report_submit"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="plausibility"' in html
    assert "thấp bất thường" in html
    assert 'type="checkbox" name="confirm"' in html
    assert _stored(world["report"]) == before
    seen = response.context["form"].data["seen"]
    response = client.post(reverse("monitoring:report_submit"), {**data, "seen": seen})
    assert response.status_code == 200
    assert _stored(world["report"]) == before
    response = client.post(
        reverse("monitoring:report_submit"), {**data, "seen": seen, "confirm": "on"}
    )
    assert response.status_code == 302
    assert _stored(world["report"]) == (ReportStatus.FLAGGED, Decimal(1), 1, 2)


def test_check_step_and_htmx_store_nothing(world, client):
    client.force_login(world["users"][REP_A])
    before = _stored(world["report"])
    response = client.post(reverse("monitoring:report_submit"), _form(world, action="check"))
    assert "Không thấy số liệu bất thường." in response.content.decode()
    response = client.post(
        reverse("monitoring:report_submit"),
        _form(world, action="check", employees="1"),
        headers={"HX-Request": "true"},
    )
    assert [t.name for t in response.templates] == ["monitoring/_report_review.html"]
    assert "cao bất thường" in response.content.decode()
    assert _stored(world["report"]) == before


def test_correction_link_fills_the_form_with_the_latest_version(world, client):
    report = _checked(world)
    client.force_login(world["users"][REP_A])
    detail = client.get(reverse("monitoring:report_detail", args=[report.pk])).content.decode()
    link = f"{reverse('monitoring:report_submit')}?enterprise={report.enterprise_id}&amp;ky="
    assert link in detail
    response = client.get(
        reverse("monitoring:report_submit"),
        {"enterprise": report.enterprise_id, "ky": world["period"].pk},
    )
    form = response.context["form"]
    assert (form["period"].value(), form["revenue_vnd"].value()) == (
        world["period"].pk,
        "50.000.000.000",
    )
    assert 'id="correction-notice"' in response.content.decode()


def test_officer_creates_period(world, client):
    client.force_login(world["users"][OFFICER])
    data = {"year": "2025", "quarter": "0", "due_on": "2026-03-31", "growth_threshold_pct": "40"}
    assert client.post(reverse("monitoring:periods"), data).status_code == 302
    response = client.post(reverse("monitoring:periods"), data)
    assert "Kỳ báo cáo này đã có." in response.content.decode()


def test_dashboard_numbers_link_to_their_records(world, client):
    client.force_login(world["users"][LEADER])
    html = client.get(reverse("monitoring:dashboard") + "?nam=2025").content.decode()
    assert reverse("monitoring:indicator_records", args=["products_recognised", 2025]) in html
    assert reverse("decisions:recognitions") + "?nam=2025" in html
    records = client.get(
        reverse("monitoring:indicator_records", args=["products_recognised", 2025])
    )
    assert records.context["value"] == 4
    assert len(records.context["page"]) == 4
    assert (
        client.get(reverse("monitoring:indicator_records", args=["nope", 2025])).status_code == 404
    )


def test_dashboard_targets_published_and_charts(world, client):
    client.force_login(world["users"][OFFICER])
    response = client.get(reverse("monitoring:dashboard") + "?nam=2025")
    positions = {t["target"].indicator: t["position"] for t in response.context["targets"]}
    assert positions == {
        "enterprises_recognised": "below",
        "products_recognised": "below",
        "first_time_products": "below",
        "support_coverage": "below",  # recognised enterprises, none supported: 0 %
    }
    assert 'id="chart-coverage"' in response.content.decode()
    assert [p.source for p in response.context["published"]][:1] == ["VnEconomy (S17)"]
    html = response.content.decode()
    assert "vendor/chartjs/chart.umd.min.js" in html
    assert 'id="monitoring-chart-data"' in html
    assert response.context["chart"]["funnel"] == [4.0, 4.0, 4.0]


def test_annual_report_download_content_types(world, client):
    client.force_login(world["users"][LEADER])
    for fmt, magic in (("xlsx", b"PK"), ("pdf", b"%PDF"), ("docx", b"PK")):
        response = client.get(reverse("monitoring:annual_report", args=[2025, fmt]))
        assert (response.status_code, response.content[: len(magic)]) == (200, magic)
        assert f"bao-cao-spcncl-2025.{fmt}" in response["Content-Disposition"]
    assert client.get(reverse("monitoring:annual_report", args=[2025, "exe"])).status_code == 404
