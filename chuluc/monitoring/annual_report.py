"""The annual report of the program: a pure read (``build_annual_report``) giving the
statements of the kind the press reports ("N sản phẩm của M doanh nghiệp …"), the tables
(indicators, industry groups, targets against actuals, recognitions per year, published
figures with their sources) and a chart; then one writer per format."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from chuluc.core.formatting import group_digits
from chuluc.monitoring import indicators as ind
from chuluc.monitoring import selectors

FORMATS = ("xlsx", "pdf", "docx")
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
TRILLION = Decimal(10) ** 12
BILLION = Decimal(10) ** 9
MILLION = Decimal(10) ** 6


@dataclass
class Table:
    title: str
    header: list[str]
    rows: list[list[str]]
    widths: list[float]


@dataclass
class AnnualReport:
    year: int
    title: str
    statements: list[str]
    tables: list[Table]
    chart_title: str
    chart_labels: list[str]
    chart_series: list[tuple[str, list[int]]]
    values: dict[str, Decimal] = field(default_factory=dict)


def count_text(value: Decimal | int) -> str:
    return group_digits(int(value))


def vnd_text(value: Decimal) -> str:
    """About-figures as the press writes them: 76,8 nghìn tỷ đồng; 950,5 tỷ đồng."""
    if value >= TRILLION:
        return f"{group_digits(value / TRILLION, 1)} nghìn tỷ đồng"
    return f"{group_digits(value / BILLION, 1)} tỷ đồng"


def usd_text(value: Decimal) -> str:
    return f"{group_digits(value / MILLION, 1)} triệu USD"


def statements(year: int, v: dict[str, Decimal]) -> list[str]:
    c = {k: count_text(x) for k, x in v.items()}
    return [
        f"Năm {year}: {c['products_recognised']} sản phẩm của {c['enterprises_recognised']} "
        f"doanh nghiệp được công nhận là sản phẩm công nghiệp chủ lực; trong đó "
        f"{c['first_time_products']} sản phẩm được công nhận lần đầu, "
        f"{c['renewed_products']} sản phẩm được công nhận lại, "
        f"{c['top_products']} sản phẩm thuộc nhóm Top.",
        f"Quy trình xét chọn: {c['applicant_products']} sản phẩm nộp hồ sơ, "
        f"{c['eligible_products']} sản phẩm đủ điều kiện, "
        f"{c['products_recognised']} sản phẩm được công nhận.",
        f"Doanh thu năm {year - 1} của các doanh nghiệp được công nhận khoảng "
        f"{vnd_text(v['revenue_recognised'])}; xuất khẩu khoảng "
        f"{usd_text(v['export_recognised'])}.",
        f"{c['large_enterprises']} doanh nghiệp doanh thu trên 1.000 tỷ đồng; "
        f"{c['top500_enterprises']} doanh nghiệp thuộc Top 500; "
        f"{c['fdi_enterprises']} doanh nghiệp FDI.",
        f"Lũy kế từ {ind.SINCE_YEAR} đến hết năm {year}: {c['distinct_products_since']} "
        f"sản phẩm của {c['distinct_enterprises_since']} doanh nghiệp được công nhận "
        f"(sản phẩm được công nhận nhiều lần chỉ tính một lần).",
    ]


def build_annual_report(year: int) -> AnnualReport:
    values = ind.compute_all(year)
    per_year = [r for r in selectors.recognitions_per_year() if r["year"] <= year]
    groups = selectors.by_industry_group(year)
    targets = selectors.targets_against(year, values)
    published = selectors.published_for(year)
    tables = [
        Table(
            f"Các chỉ số năm {year}",
            ["Chỉ số", "Giá trị", "Đơn vị"],
            [[str(i.name), group_digits(values[i.code]), str(i.unit)] for i in ind.INDICATORS],
            [9.0, 4.5, 3.0],
        ),
        Table(
            f"Sản phẩm được công nhận năm {year} theo nhóm ngành",
            ["Nhóm ngành", "Sản phẩm", "Doanh nghiệp"],
            [[g["group"], count_text(g["products"]), count_text(g["enterprises"])] for g in groups],
            [9.5, 3.5, 3.5],
        ),
        Table(
            f"Mục tiêu và kết quả năm {year}",
            ["Chỉ tiêu", "Mục tiêu", "Thực hiện", "Đánh giá"],
            [
                [
                    t["target"].label,
                    t["range"],
                    "—" if t["value"] is None else group_digits(t["value"]),
                    str(t["position_label"]),
                ]
                for t in targets
            ],
            [6.0, 3.5, 3.0, 4.0],
        ),
        Table(
            "Sản phẩm, doanh nghiệp được công nhận qua các năm",
            ["Năm", "Sản phẩm", "Doanh nghiệp"],
            [
                [str(r["year"]), count_text(r["products"]), count_text(r["enterprises"])]
                for r in per_year
            ],
            [4.0, 4.0, 4.0],
        ),
        Table(
            f"Số liệu đã công bố năm {year} (nguồn ngoài hệ thống, không cộng vào số liệu trên)",
            ["Nội dung", "Giá trị", "Đơn vị", "Nguồn"],
            [
                [p.label, f"{p.qualifier} {group_digits(p.value)}".strip(), p.unit, p.source]
                for p in published
            ],
            [5.5, 3.0, 3.0, 5.0],
        ),
    ]
    return AnnualReport(
        year=year,
        title=f"BÁO CÁO KẾT QUẢ PHÁT TRIỂN SẢN PHẨM CÔNG NGHIỆP CHỦ LỰC NĂM {year}",
        statements=statements(year, values),
        tables=tables,
        chart_title="Sản phẩm và doanh nghiệp được công nhận qua các năm",
        chart_labels=[str(r["year"]) for r in per_year],
        chart_series=[
            ("Sản phẩm", [r["products"] for r in per_year]),
            ("Doanh nghiệp", [r["enterprises"] for r in per_year]),
        ],
        values=values,
    )


def render_annual_report(report: AnnualReport, fmt: str) -> tuple[bytes, str]:
    from chuluc.monitoring import (  # noqa: PLC0415 - openpyxl and reportlab's charts load only when a report file is written
        annual_report_writers as writers,
    )

    write = {"xlsx": writers.write_xlsx, "pdf": writers.write_pdf, "docx": writers.write_docx}
    return write[fmt](report), CONTENT_TYPES[fmt]
