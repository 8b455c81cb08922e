"""The selector feeds the engine what the database holds: the same numbers as the engine
called by hand on the same arrays, in a fixed number of queries; the key-products/rest
contributions add up to the total growth; every §2 case is flagged on the page's tables."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chuluc.production import selectors, services, tables
from chuluc.statistics import Basket, IIPOptions, compute_iip
from tests.factories.production import (
    NODES,
    PRODUCTS,
    loaded,
    quantities_book,
    quantity_rows,
    upload,
    with_months,
)


def _by_hand(rows, *, months: int, stopped: dict[str, int], options: IIPOptions):
    """The engine on arrays built here from the worlds' raw data (basket order: VSIC, code)."""
    order = sorted(PRODUCTS, key=lambda p: (p[3], p[0]))
    codes = [p[0] for p in order]
    matrix = np.full((len(codes), months), np.nan)
    for r in rows:
        year, month = map(int, r["month"].split("-"))
        if r["quantity"] is not None:
            matrix[codes.index(r["code"]), (year - 2021) * 12 + month - 1] = r["quantity"]
    weights = {lvl: {c: float(v) for level, c, _n, v in NODES if level == lvl} for lvl in (4, 2, 1)}
    basket = Basket.build(
        base_year=2020,
        product_ids=np.arange(len(codes)),
        level4=[p[3] for p in order],
        product_weights=[float(p[4]) for p in order],
        base_quantities=[float(p[5] or 0) for p in order],
        level4_weights=weights[4],
        level2_weights=weights[2],
        level1_weights=weights[1],
    )
    first = np.array([stopped.get(c, -1) for c in codes], dtype=np.intp)
    return compute_iip(basket, matrix, start="2021-01", discontinued_from=first, options=options)


@pytest.mark.parametrize("options", [IIPOptions(), IIPOptions(cumulative="B", new_products="link")])
def test_selector_reproduces_engine(officer, options):
    base_year = loaded(officer)
    rows = quantity_rows(30)
    rows[5]["quantity"] = None  # P1, 2021-06: reported missing
    rows[40]["quantity"] = 0  # P2, 2021-05: plant stopped
    rows = [r for r in rows if not (r["code"] == "P4" and r["month"] < "2022-03")]  # new product
    services.quantities_import(
        actor=officer, base_year=base_year, upload=upload(quantities_book(rows))
    )
    services.basket_product_discontinue(
        actor=officer, product=base_year.products.get(code="P3"), month=dt.date(2023, 1, 1)
    )
    data = selectors.load_iip(base_year, options=options)
    expected = _by_hand(rows, months=36, stopped={"P3": 24}, options=options)
    assert (data.months[0], data.months[-1]) == ("2021-01", "2023-06")
    for name in ("product", "level4", "level2", "level1", "total"):
        np.testing.assert_allclose(
            data.result.index(name), expected.index(name)[:, :30], rtol=1e-12, equal_nan=True
        )
        np.testing.assert_array_equal(
            data.result.level(name).flags, expected.level(name).flags[:, :30]
        )
        np.testing.assert_allclose(
            data.result.ytd(name), expected.ytd(name)[:, :30], rtol=1e-12, equal_nan=True
        )


def test_key_and_rest_contributions_add_up_to_total(officer, product_a):
    base_year = with_months(officer, 36, key_product=product_a)
    for method in ("A", "B"):
        data = selectors.load_iip(base_year, options=IIPOptions(cumulative=method))
        for comparison in ("mom", "yoy", "ytd"):
            for t in range(12, 36):
                c = tables.contributions(data, t, comparison, method)
                assert c["adds_up"], (method, comparison, t, c["difference"])
                assert c["sum"] == pytest.approx(c["total_growth"], abs=1e-9)
                sections = sum(s["contribution"] for s in c["sections"])
                assert sections == pytest.approx(c["total_growth"], abs=1e-9)
    data = selectors.load_iip(base_year)
    c = tables.contributions(data, 35, "yoy", "A")
    total = data.result.yoy("total")[0, 35] - 100
    assert c["total_growth"] == pytest.approx(total, abs=1e-12)
    assert [g["products"] for g in c["groups"]] == [1, 3]


def test_node_rows_in_hierarchy_order_with_names(officer):
    data = selectors.load_iip(with_months(officer, 14))
    rows = tables.node_rows(data, 13, "A")
    assert [(r["level"], r["code"]) for r in rows] == [
        ("total", ""),
        ("level1", "C"),
        ("level2", "10"),
        ("level4", "1010"),
        ("level4", "1050"),
        ("level1", "D"),
        ("level2", "35"),
        ("level4", "3510"),
    ]
    assert rows[3]["name"] == "Chế biến thịt"
    assert rows[0]["index"] == pytest.approx(float(data.result.index("total")[0, 13]))
    assert rows[0]["yoy"] == pytest.approx(float(data.result.yoy("total")[0, 13]))
    assert rows[0]["ytd"] == pytest.approx(float(data.result.ytd("total")[0, 13]))
    assert sum(r["weight"] for r in rows if r["level"] == "level1") == pytest.approx(100)


def test_flagged_products_listed_with_flags(officer):
    base_year = loaded(officer)
    rows = quantity_rows(13, codes=("P1", "P2", "P3"))
    rows[12]["quantity"] = None  # P1 missing in 2022-01
    rows[25]["quantity"] = 0  # P2 zero in 2022-01
    services.quantities_import(
        actor=officer, base_year=base_year, upload=upload(quantities_book(rows))
    )
    data = selectors.load_iip(base_year)
    flagged = {p["code"]: p["flags"] for p in tables.flagged_products(data, 12)}
    assert flagged == {
        "P1": ["ước theo ngành cấp 4 (thiếu số liệu)"],
        "P2": ["sản lượng bằng 0"],
        "P4": [
            "sản phẩm mới (không có trong năm gốc)",
            "chưa tính vào chỉ số đến kỳ gốc sau",
        ],
    }
    node = next(r for r in tables.node_rows(data, 12, "A") if r["code"] == "1010")
    assert node["flags"] == ["ước theo ngành cấp trên", "có sản phẩm phải ước"]


@pytest.mark.parametrize("months", [12, 36])
def test_load_iip_runs_three_queries(officer, months):
    base_year = with_months(officer, months)
    with CaptureQueriesContext(connection) as ctx:
        data = selectors.load_iip(base_year)
    assert (len(ctx), len(data.months)) == (3, months)
