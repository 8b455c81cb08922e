"""Workbooks written by the production index part: the blank templates an officer fills
(base-year data, monthly quantities) and the export of a computed index. Every cell goes
through ``chuluc.core.spreadsheets.safe_cell`` (a text that starts like a formula is never
evaluated); figures are rounded half up for the file (2 decimals)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.translation import gettext as _

from chuluc.core.spreadsheets import write_workbook
from chuluc.production import sheets, tables
from chuluc.production.selectors import IIPData
from chuluc.statistics import round_half_up

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Sheet = tuple[str, Sequence[str], Iterable[Sequence[Any]]]


def workbook(sheet_list: Sequence[Sheet]) -> bytes:
    """An XLSX with one sheet per (title, header, rows), header bold and frozen."""
    return write_workbook(sheet_list)


def basket_template(products=(), nodes=()) -> bytes:
    """The base-year workbook, filled with the given rows (a draft's current data) or empty."""
    product_rows = [
        [
            p.code,
            p.name,
            p.unit,
            p.vsic4,
            p.weight,
            p.base_quantity,
            p.registry_product_id or "",
            f"{p.discontinued_from:%Y-%m}" if p.discontinued_from else "",
        ]
        for p in products
    ]
    node_rows = [[n.level, n.code, n.name, n.value_added] for n in nodes]
    return workbook(
        [
            (sheets.PRODUCTS_SHEET, sheets.PRODUCT_COLUMNS, product_rows),
            (sheets.NODES_SHEET, sheets.NODE_COLUMNS, node_rows),
        ]
    )


def quantities_template(products, year: int, *, last_month: int = 12) -> bytes:
    """One row per basket product and month of ``year`` up to ``last_month``, the quantity
    left blank (a blank row changes nothing when the file comes back)."""
    rows = [
        [p.code, p.name, f"{year}-{month:02d}", "", p.unit]
        for p in products
        for month in range(1, last_month + 1)
    ]
    return workbook([(sheets.QUANTITIES_SHEET, sheets.QUANTITY_COLUMNS, rows)])


def quantities_rows(rows: Iterable[dict]) -> bytes:
    """A quantities workbook from ``{"code", "name", "month", "quantity", "unit"}`` rows,
    None written “thiếu” (the demo data goes in through the same import as an officer's
    file)."""
    body = [
        [
            r["code"],
            r["name"],
            r["month"],
            "thiếu" if r["quantity"] is None else r["quantity"],
            r["unit"],
        ]
        for r in rows
    ]
    return workbook([(sheets.QUANTITIES_SHEET, sheets.QUANTITY_COLUMNS, body)])


def _r(value: float | None, decimals: int = 2) -> float | None:
    return None if value is None else float(round_half_up(value, decimals))


def export_iip(data: IIPData, *, t: int, comparison: str, method: str, published) -> bytes:
    """The computed index of a base year: every node and month, the contributions, the
    flagged products of the chosen month and, on their own sheet, the published figures."""
    result = data.result
    index_rows = []
    for name in ("total", "level1", "level2", "level4"):
        level = result.level(name)
        mom, yoy = result.mom(name), result.yoy(name)
        ytd = result.ytd(name, method=method)
        for i, code in enumerate(level.codes):
            label = (
                _("Toàn ngành công nghiệp")
                if name == "total"
                else data.node_names.get((name, str(code)), "")
            )
            for m, month in enumerate(data.months):
                index_rows.append(
                    [
                        _(tables.LEVEL_LABELS[name]),
                        "" if name == "total" else str(code),
                        label,
                        month,
                        _r(tables.number(level.index[i, m])),
                        _r(tables.number(mom[i, m])),
                        _r(tables.number(yoy[i, m])),
                        _r(tables.number(ytd[i, m])),
                        "; ".join(
                            tables.flag_labels(int(level.flags[i, m]), tables.NODE_FLAG_LABELS)
                        ),
                    ]
                )
    contrib = tables.contributions(data, t, comparison, method)
    contrib_rows = [
        [g["label"], g["products"], _r(g["contribution"]), _r(g["share"]), _r(g["growth"])]
        for g in contrib["groups"]
    ]
    contrib_rows.append(
        [
            _("Tổng (tăng/giảm của toàn ngành)"),
            len(data.products),
            _r(contrib["total_growth"]),
            100,
            _r(contrib["total_growth"]),
        ]
    )
    contrib_rows += [
        [f"{s['code']} {s['name']}", "", _r(s["contribution"]), "", _r(s["growth"])]
        for s in contrib["sections"]
    ]
    flagged = [
        [p["code"], p["name"], p["vsic4"], p["status"], _r(p["index"]), "; ".join(p["flags"])]
        for p in tables.flagged_products(data, t)
    ]
    published_rows = [
        [
            p.get_kind_display(),
            p.get_period_display(),
            f"{p.month:02d}/{p.year}",
            p.scope,
            float(p.value_pct),
            p.source,
            p.source_url,
        ]
        for p in published
    ]
    month = data.months[t]
    return workbook(
        [
            (
                _("Chỉ số IIP"),
                [
                    _("Cấp"),
                    _("Mã"),
                    _("Tên ngành"),
                    _("Tháng"),
                    _("Chỉ số gốc cố định"),
                    _("So tháng trước (%)"),
                    _("So cùng kỳ (%)"),
                    _("Lũy kế so cùng kỳ (%)"),
                    _("Ghi chú"),
                ],
                index_rows,
            ),
            (
                _("Đóng góp"),
                [
                    _("Nhóm (%(comparison)s, tháng %(month)s)")
                    % {"comparison": comparison, "month": month},
                    _("Số sản phẩm"),
                    _("Đóng góp (điểm %)"),
                    _("Tỷ trọng kỳ so sánh (%)"),
                    _("Tăng/giảm của nhóm (%)"),
                ],
                contrib_rows,
            ),
            (
                _("Sản phẩm gắn cờ"),
                [
                    _("Mã"),
                    _("Tên sản phẩm"),
                    _("VSIC cấp 4"),
                    _("Tình trạng"),
                    _("Chỉ số cá thể"),
                    _("Cờ"),
                ],
                flagged,
            ),
            (
                _("Số liệu đã công bố"),
                [
                    _("Loại (không phải chỉ số tính toán)"),
                    _("Kỳ"),
                    _("Đến tháng"),
                    _("Phạm vi"),
                    _("Tăng/giảm (%)"),
                    _("Nguồn"),
                    _("Địa chỉ nguồn"),
                ],
                published_rows,
            ),
        ]
    )
