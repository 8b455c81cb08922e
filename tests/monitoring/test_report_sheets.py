"""A firm report sent as a spreadsheet: the template, a filled one accepted, hostile ones
refused with the row named and nothing stored."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chuluc.monitoring import services
from chuluc.monitoring.enums import Quarter, ReportStatus
from chuluc.monitoring.models import FirmReport
from tests.factories.decisions import decided


@pytest.fixture
def world(officer, rep_a, enterprise_a, rep_b):
    w = decided(officer=officer, rep=rep_a, enterprise=enterprise_a, year=2025)
    w["period"] = services.period_create(
        actor=officer, year=2025, quarter=Quarter.Q2, due_on=dt.date(2025, 7, 20)
    )
    return w


def _filled(client, changes: dict | None = None) -> SimpleUploadedFile:
    template = client.get(reverse("monitoring:report_template")).content
    book = openpyxl.load_workbook(io.BytesIO(template))
    sheet = book.active
    values = {
        "doanh_thu": 80_000_000_000,
        "gia_tri_san_xuat": "70.000.000.000",
        "xuat_khau_usd": 150_000,
        "lao_dong": 320,
    }
    for row in sheet.iter_rows(min_row=2):
        code = row[0].value
        row[2].value = values.get(code, 1500.5)
        if code.startswith("sp-"):
            row[3].value = "bộ"
        if changes and code in changes:
            row[2].value = changes[code]
        if changes and "__code__" in changes and code == "lao_dong":
            row[0].value = changes["__code__"]
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("bao-cao.xlsx", buffer.getvalue())


def test_template_has_a_row_per_figure_and_recognised_product(world, client, rep_a):
    client.force_login(rep_a)
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("monitoring:report_template")).content)
    )
    codes = [row[0] for row in book.active.iter_rows(min_row=2, values_only=True)]
    products = sorted(r.product_id for r in world["decision"].recognitions.all())
    assert codes == ["doanh_thu", "gia_tri_san_xuat", "xuat_khau_usd", "lao_dong"] + [
        f"sp-{pk}" for pk in products
    ]


def test_filled_sheet_is_submitted(world, client, rep_a, enterprise_a):
    client.force_login(rep_a)
    response = client.post(
        reverse("monitoring:report_upload"),
        {"enterprise": enterprise_a.pk, "period": world["period"].pk, "file": _filled(client)},
    )
    assert response.status_code == 302
    report = FirmReport.objects.get()
    assert (
        report.revenue_vnd,
        report.production_value_vnd,
        report.export_usd,
        report.employees,
    ) == (
        Decimal(80) * 10**9,
        Decimal(70) * 10**9,
        Decimal(150_000),
        320,
    )
    assert set(report.lines.values_list("quantity", "unit")) == {(Decimal("1500.5"), "bộ")}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"doanh_thu": "rất nhiều"}, "Dòng 2 (doanh_thu)"),
        ({"lao_dong": -5}, "Không được nhập số âm."),
        ({"__code__": "sp-999999"}, "không có trong mẫu báo cáo"),
        ({"lao_dong": None}, "Thiếu số liệu"),
    ],
)
def test_hostile_sheet_refused_nothing_stored(world, client, rep_a, enterprise_a, changes, message):
    client.force_login(rep_a)
    response = client.post(
        reverse("monitoring:report_upload"),
        {
            "enterprise": enterprise_a.pk,
            "period": world["period"].pk,
            "file": _filled(client, changes),
        },
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert FirmReport.objects.count() == 0


def test_not_a_spreadsheet_and_other_enterprise_refused(world, client, rep_a, rep_b, enterprise_a):
    client.force_login(rep_a)
    fake = SimpleUploadedFile("bao-cao.xlsx", b"doanh_thu;1000")
    response = client.post(
        reverse("monitoring:report_upload"),
        {"enterprise": enterprise_a.pk, "period": world["period"].pk, "file": fake},
    )
    assert "Nội dung tệp không phải là" in response.content.decode()
    filled = _filled(client)
    client.force_login(rep_b)
    response = client.post(
        reverse("monitoring:report_upload"),
        {"enterprise": enterprise_a.pk, "period": world["period"].pk, "file": filled},
    )
    assert (
        "Bạn không phải người đại diện đã xác minh của doanh nghiệp này."
        in response.content.decode()
    )
    assert FirmReport.objects.count() == 0


def _with_months(upload: SimpleUploadedFile, months) -> SimpleUploadedFile:
    book = openpyxl.load_workbook(io.BytesIO(upload.read()))
    for row in book.active.iter_rows(min_row=2):
        if row[0].value.startswith("sp-"):
            for cell, value in zip(row[4:7], months, strict=False):
                cell.value = value
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("bao-cao.xlsx", buffer.getvalue())


@pytest.mark.parametrize(
    ("months", "message"),
    [
        ([500, 500.5, 500], None),
        ([500, 500.5], "nhập đủ sản lượng cả ba tháng"),
        ([500, 500, 500], "khác sản lượng quý"),
        ([500, "năm trăm", 500.5], "không phải là số"),
    ],
)
def test_month_columns(world, client, rep_a, enterprise_a, months, message):
    client.force_login(rep_a)
    response = client.post(
        reverse("monitoring:report_upload"),
        {
            "enterprise": enterprise_a.pk,
            "period": world["period"].pk,
            "file": _with_months(_filled(client), months),
        },
    )
    if message is None:
        assert response.status_code == 302
        line = FirmReport.objects.get().lines.first()
        assert line.monthly == ["500", "500.5", "500"]
    else:
        assert message in response.content.decode()
        assert FirmReport.objects.count() == 0


def test_sheet_for_a_checked_report_is_a_correction_with_its_reason(
    world, client, officer, rep_a, enterprise_a
):
    """Issue 17, point 9, by spreadsheet: the checked report is not replaced; without a
    reason the upload is refused, with one it waits as version 2."""
    client.force_login(rep_a)
    data = {"enterprise": enterprise_a.pk, "period": world["period"].pk}
    client.post(reverse("monitoring:report_upload"), {**data, "file": _filled(client)})
    report = services.firm_report_check(actor=officer, report=FirmReport.objects.get(), note="")
    changed = _filled(client, {"lao_dong": 330})
    response = client.post(reverse("monitoring:report_upload"), {**data, "file": changed})
    assert response.status_code == 200
    assert "cần nêu lý do sửa" in response.context["form"].errors["reason"][0]
    report.refresh_from_db()
    assert (report.status, report.employees, report.versions.count()) == (
        ReportStatus.CHECKED,
        320,
        1,
    )
    response = client.post(
        reverse("monitoring:report_upload"),
        {**data, "file": _filled(client, {"lao_dong": 330}), "reason": "Thêm lao động."},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.employees, report.versions.count()) == (
        ReportStatus.CORRECTED,
        320,
        2,
    )
