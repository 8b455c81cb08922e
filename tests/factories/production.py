"""Worlds for the production index tests, built through the services from in-memory
workbooks (the same path as an officer's upload): base year 2020 with four products in
sections C and D (one new, no base-year quantity), and monthly quantities from 2021-01."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from chuluc.production import exports, services, sheets

PRODUCTS = [
    ["P1", "Thịt lợn thử", "tấn", "1010", 100, 10, "", ""],
    ["P2", "Sữa thử", "nghìn lít", "1050", 300, 20, "", ""],
    ["P3", "Điện thử", "triệu kWh", "3510", 200, 50, "", ""],
    ["P4", "Sản phẩm mới thử", "cái", "1050", 50, "", "", ""],
]
NODES = [
    [4, "1010", "Chế biến thịt", 30],
    [4, "1050", "Chế biến sữa", 90],
    [4, "3510", "Sản xuất điện", 80],
    [2, "10", "Chế biến thực phẩm", 125],
    [2, "35", "Điện", 80],
    [1, "C", "", 125],
    [1, "D", "", 80],
]


def upload(content: bytes, name: str = "tep.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=exports.CONTENT_TYPE)


def basket_book(products=None, nodes=None, *, product_header=None, node_header=None) -> bytes:
    return exports.workbook(
        [
            (
                sheets.PRODUCTS_SHEET,
                product_header or sheets.PRODUCT_COLUMNS,
                PRODUCTS if products is None else products,
            ),
            (
                sheets.NODES_SHEET,
                node_header or sheets.NODE_COLUMNS,
                NODES if nodes is None else nodes,
            ),
        ]
    )


def quantity_rows(
    months: int, *, first_year: int = 2021, codes=("P1", "P2", "P3", "P4")
) -> list[dict]:
    """Deterministic quantities: each product grows by its own step every month."""
    units = {p[0]: (p[1], p[2], float(p[5] or 5)) for p in PRODUCTS}
    rows = []
    for code in codes:
        name, unit, base = units[code]
        for m in range(months):
            year, month = first_year + m // 12, m % 12 + 1
            step = {"P1": 0.01, "P2": 0.02, "P3": -0.005, "P4": 0.03}[code]
            rows.append(
                {
                    "code": code,
                    "name": name,
                    "month": f"{year}-{month:02d}",
                    "quantity": round(base * (1 + step * m) * (0.9 if month == 2 else 1), 4),
                    "unit": unit,
                }
            )
    return rows


def quantities_book(rows) -> bytes:
    return exports.quantities_rows(rows)


def loaded(officer, *, key_product=None, products=None, activate: bool = True):
    """An active base year 2020 with the four products (P1 linked to ``key_product``)."""
    rows = [list(r) for r in (products or PRODUCTS)]
    if key_product is not None:
        rows[0][6] = key_product.pk
    base_year = services.base_year_create(actor=officer, year=2020, source_note="Thử nghiệm")
    services.base_year_load(actor=officer, base_year=base_year, upload=upload(basket_book(rows)))
    if activate:
        base_year = services.base_year_activate(actor=officer, base_year=base_year)
    return base_year


def with_months(officer, months: int, *, key_product=None):
    base_year = loaded(officer, key_product=key_product)
    services.quantities_import(
        actor=officer, base_year=base_year, upload=upload(quantities_book(quantity_rows(months)))
    )
    return base_year
