"""The annual report for a past year, in its three formats: it opens (XLSX and DOCX through
LibreOffice, PDF with pypdf) and every figure in its statements and indicator table equals
the count or sum recomputed here with raw SQL."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from django.db import connection
from pypdf import PdfReader

from chuluc.core.formatting import group_digits
from chuluc.monitoring.annual_report import build_annual_report, render_annual_report
from tests.factories.monitoring import two_years

YEAR = 2025
SUBMITTED = (
    "submitted",
    "returned",
    "eligible",
    "ineligible",
    "scored",
    "passed",
    "failed",
    "published",
    "recognised",
)
ELIGIBLE = ("eligible", "scored", "passed", "failed", "published", "recognised")


def _one(sql: str, params=()) -> Decimal:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return Decimal(str(cursor.fetchone()[0] or 0))


def _raw_figures(year: int) -> dict[str, Decimal]:
    rec = "FROM decisions_recognition WHERE year = %s"
    dossiers = (
        "SELECT COUNT(*) FROM campaigns_dossier d JOIN campaigns_campaign c "
        "ON c.id = d.campaign_id WHERE c.year = %s AND d.status IN "
    )
    reports = (
        "FROM monitoring_firmreport r JOIN monitoring_reportingperiod p ON p.id = r.period_id "
        "WHERE p.year = %s AND p.quarter = 0 AND r.enterprise_id IN "
        "(SELECT enterprise_id FROM decisions_recognition WHERE year = %s)"
    )
    return {
        "products": _one(f"SELECT COUNT(*) {rec}", [year]),
        "enterprises": _one(f"SELECT COUNT(DISTINCT enterprise_id) {rec}", [year]),
        "first": _one(f"SELECT COUNT(*) {rec} AND renewal_of_id IS NULL", [year]),
        "renewed": _one(f"SELECT COUNT(*) {rec} AND renewal_of_id IS NOT NULL", [year]),
        "top": _one(f"SELECT COUNT(*) {rec} AND top", [year]),
        "distinct_products": _one(
            "SELECT COUNT(DISTINCT product_id) FROM decisions_recognition "
            "WHERE year BETWEEN 2018 AND %s",
            [year],
        ),
        "distinct_enterprises": _one(
            "SELECT COUNT(DISTINCT enterprise_id) FROM decisions_recognition "
            "WHERE year BETWEEN 2018 AND %s",
            [year],
        ),
        "fdi": _one(
            "SELECT COUNT(DISTINCT r.enterprise_id) FROM decisions_recognition r "
            "JOIN registry_enterprise e ON e.id = r.enterprise_id "
            "WHERE r.year = %s AND e.ownership = 'fdi'",
            [year],
        ),
        "top500": _one(
            "SELECT COUNT(DISTINCT r.enterprise_id) FROM decisions_recognition r "
            "JOIN registry_top500listing t ON t.enterprise_id = r.enterprise_id "
            "WHERE r.year = %s AND t.year IN (%s, %s)",
            [year, year - 1, year],
        ),
        "large": _one(
            "SELECT COUNT(*) FROM (SELECT DISTINCT enterprise_id AS e FROM decisions_recognition "
            "WHERE year = %s) f WHERE COALESCE((SELECT r.revenue_vnd FROM monitoring_firmreport r "
            "JOIN monitoring_reportingperiod p ON p.id = r.period_id WHERE r.enterprise_id = f.e "
            "AND p.year = %s AND p.quarter = 0), (SELECT SUM(y.revenue_vnd) FROM "
            "campaigns_yearfigures y JOIN campaigns_dossier d ON d.id = y.dossier_id "
            "JOIN campaigns_campaign c ON c.id = d.campaign_id WHERE d.enterprise_id = f.e "
            "AND y.year = %s AND c.year = %s), 0) > 1000000000000",
            [year, year - 1, year - 1, year],
        ),
        "revenue": _one(f"SELECT SUM(r.revenue_vnd) {reports}", [year - 1, year]),
        "export": _one(f"SELECT SUM(r.export_usd) {reports}", [year - 1, year]),
        "applicants": _one(
            dossiers + "(" + ",".join(["%s"] * len(SUBMITTED)) + ")", [year, *SUBMITTED]
        ),
        "eligible": _one(
            dossiers + "(" + ",".join(["%s"] * len(ELIGIBLE)) + ")", [year, *ELIGIBLE]
        ),
    }


def _expected_statements(year: int, f: dict[str, Decimal]) -> list[str]:
    n = {k: group_digits(v) for k, v in f.items()}
    revenue = group_digits(f["revenue"] / Decimal(10**12), 1)
    export = group_digits(f["export"] / Decimal(10**6), 1)
    return [
        f"{n['products']} sản phẩm của {n['enterprises']} doanh nghiệp được công nhận",
        f"{n['first']} sản phẩm được công nhận lần đầu, {n['renewed']} sản phẩm được công nhận lại,"
        f" {n['top']} sản phẩm thuộc nhóm Top",
        f"{n['applicants']} sản phẩm nộp hồ sơ, {n['eligible']} sản phẩm đủ điều kiện, "
        f"{n['products']} sản phẩm được công nhận",
        f"Doanh thu năm {year - 1} của các doanh nghiệp được công nhận khoảng {revenue} nghìn tỷ "
        f"đồng; xuất khẩu khoảng {export} triệu USD",
        f"{n['large']} doanh nghiệp doanh thu trên 1.000 tỷ đồng; {n['top500']} doanh nghiệp "
        f"thuộc Top 500; {n['fdi']} doanh nghiệp FDI",
        f"Lũy kế từ 2018 đến hết năm {year}: {n['distinct_products']} sản phẩm của "
        f"{n['distinct_enterprises']} doanh nghiệp",
        # the exact sums in the indicator table
        f"Doanh thu của doanh nghiệp được công nhận {n['revenue']} đồng",
        f"Kim ngạch xuất khẩu của doanh nghiệp được công nhận {n['export']} USD",
    ]


def _squash(text: str) -> str:
    """Compare without whitespace: PDF text extraction spaces justified lines unevenly."""
    return "".join(text.split())


def _pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def _xlsx_text(content: bytes) -> str:
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    cells = [str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row]
    return " ".join(c for c in cells if c != "None")


def _calc_installed(soffice: str) -> bool:
    """LibreOffice Calc (libreoffice-calc[-nogui]) is what opens XLSX; Writer alone cannot."""
    return any(Path(soffice).resolve().parent.glob("libsclo.so"))


def _soffice_pdf_texts(sources: list[Path], outdir: Path) -> dict[str, str]:
    soffice = shutil.which("soffice")
    if soffice is None:
        if os.environ.get("CHULUC_ALLOW_NO_SOFFICE") == "1":
            pytest.skip("LibreOffice (soffice) is not installed; CHULUC_ALLOW_NO_SOFFICE=1")
        pytest.fail("LibreOffice (soffice) is not installed: the reports must open in it.")
    if not _calc_installed(soffice):
        sources = [s for s in sources if s.suffix != ".xlsx"]
    profile = f"-env:UserInstallation=file://{outdir}/profile"
    out = outdir / "pdf"
    subprocess.run(
        [
            soffice,
            profile,
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *map(str, sources),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    return {s.suffix[1:]: _pdf_text((out / f"{s.stem}.pdf").read_bytes()) for s in sources}


@pytest.fixture
def world(officer, rep_a, enterprise_a, enterprise_b):
    return two_years(officer=officer, rep=rep_a, enterprise=enterprise_a, enterprise_b=enterprise_b)


def test_annual_report_figures_equal_raw_sql_in_every_format(world, tmp_path):
    figures = _raw_figures(YEAR)
    # the world is not trivial: every statement has something to say
    assert figures["renewed"] > 0 and figures["fdi"] > 0 and figures["large"] > 0
    assert figures["distinct_products"] < figures["products"] + _raw_figures(YEAR - 1)["products"]
    report = build_annual_report(YEAR)
    sources = []
    for fmt in ("xlsx", "docx"):
        path = tmp_path / f"bao-cao-{fmt}.{fmt}"
        path.write_bytes(render_annual_report(report, fmt)[0])
        sources.append(path)
    texts = _soffice_pdf_texts(sources, tmp_path)
    # read the workbook's cells as well (and through Calc above when it is installed)
    texts["xlsx-cells"] = _xlsx_text(sources[0].read_bytes())
    texts["pdf"] = _pdf_text(render_annual_report(report, "pdf")[0])
    for fmt, text in texts.items():
        squashed = _squash(text)
        for statement in _expected_statements(YEAR, figures):
            assert _squash(statement) in squashed, (fmt, statement)
        # published figures are shown apart, with their source
        assert _squash("Số liệu đã công bố năm 2025") in squashed, fmt
        assert _squash("VnEconomy (S17)") in squashed, fmt


def test_annual_report_command_writes_each_format(world, tmp_path):
    for fmt, magic in (("xlsx", b"PK"), ("docx", b"PK"), ("pdf", b"%PDF")):
        path = tmp_path / f"r.{fmt}"
        call_command("annual_report", "2024", "--format", fmt, "--output", str(path))
        assert path.read_bytes()[: len(magic)] == magic
