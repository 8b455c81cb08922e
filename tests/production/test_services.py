"""Production index writes: base-year workbooks and monthly quantities validated whole (a
hostile file leaves the database as it was, with a Vietnamese report naming the line),
activation and freezing, the pull from the firms' reports, published figures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from chuluc.core.errors import ApplicationError
from chuluc.core.models import AuditEntry
from chuluc.decisions.models import Recognition
from chuluc.monitoring import selectors as monitoring_selectors
from chuluc.monitoring import services as monitoring
from chuluc.monitoring.enums import Quarter
from chuluc.production import services
from chuluc.production.enums import BaseYearStatus, GrowthKind, GrowthPeriod, QuantitySource
from chuluc.production.models import (
    BaseYear,
    BasketProduct,
    MonthlyQuantity,
    NodeWeight,
    PublishedGrowth,
    SheetImport,
)
from chuluc.production.sheets import ImportRejected
from tests.factories.decisions import decided
from tests.factories.production import (
    NODES,
    PRODUCTS,
    basket_book,
    loaded,
    quantities_book,
    quantity_rows,
    upload,
)


def _state() -> dict:
    return {
        "products": sorted(
            BasketProduct.objects.values_list(
                "code", "name", "unit", "vsic4", "weight", "base_quantity", "registry_product_id"
            )
        ),
        "nodes": sorted(NodeWeight.objects.values_list("level", "code", "value_added")),
        "quantities": sorted(
            MonthlyQuantity.objects.values_list("product_id", "month", "quantity", "source")
        ),
        "imports": SheetImport.objects.count(),
        "audit": AuditEntry.objects.count(),
    }


def test_base_year_load_stores_basket_weights_and_audit(officer, product_a):
    base_year = services.base_year_create(actor=officer, year=2020, source_note="Thử")
    rows = [list(r) for r in PRODUCTS]
    rows[0][6] = product_a.pk
    counts = services.base_year_load(
        actor=officer, base_year=base_year, upload=upload(basket_book(rows))
    )
    assert counts == {"created": 4, "updated": 0, "removed": 0, "node_weights": 7}
    p1 = BasketProduct.objects.get(code="P1")
    assert (p1.vsic4, p1.weight, p1.base_quantity, p1.registry_product, p1.is_key) == (
        "1010",
        Decimal(100),
        Decimal(10),
        product_a,
        True,
    )
    assert BasketProduct.objects.get(code="P4").base_quantity == 0  # a new product
    assert NodeWeight.objects.filter(base_year=base_year, level=2).count() == 2
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert actions.count("production.basket_write") == 4 + 7
    assert actions.count("production.base_year_load") == 1
    assert SheetImport.objects.get().rows == 11


def test_base_year_reload_matches_products_by_code(officer):
    base_year = loaded(officer, activate=False)
    p2 = BasketProduct.objects.get(code="P2")
    rows = [list(r) for r in PRODUCTS if r[0] != "P3"]
    rows[1][4] = 350
    nodes = [n for n in NODES if n[1] not in ("3510", "35", "D")]
    counts = services.base_year_load(
        actor=officer, base_year=base_year, upload=upload(basket_book(rows, nodes))
    )
    assert counts == {"created": 0, "updated": 1, "removed": 1, "node_weights": 4}
    assert BasketProduct.objects.get(code="P2").pk == p2.pk
    assert BasketProduct.objects.get(code="P2").weight == 350


def _with(rows, index, column, value):
    rows = [list(r) for r in rows]
    rows[index][column] = value
    return rows


HOSTILE_BASKETS = [
    (lambda: basket_book(_with(PRODUCTS, 1, 3, "9999")), "Sản phẩm", 3, "không phải mã VSIC cấp 4"),
    (lambda: basket_book(_with(PRODUCTS, 0, 4, "-5")), "Sản phẩm", 2, "Số âm không hợp lệ."),
    (lambda: basket_book(_with(PRODUCTS, 2, 5, "nhiều")), "Sản phẩm", 4, "không phải là số"),
    (lambda: basket_book(_with(PRODUCTS, 3, 0, "P1")), "Sản phẩm", 5, "trùng với dòng 2"),
    (
        lambda: basket_book(_with(PRODUCTS, 0, 6, 999_999)),
        "Sản phẩm",
        2,
        "Không có sản phẩm số 999999",
    ),
    (lambda: basket_book(_with(PRODUCTS, 0, 7, "2019-05")), "Sản phẩm", 2, "phải sau năm gốc 2020"),
    (
        lambda: basket_book(nodes=[n for n in NODES if n[1] != "35"]),
        "Sản phẩm",
        4,
        "Thiếu giá trị tăng thêm của ngành 35 (cấp 2)",
    ),
    (
        lambda: basket_book(nodes=_with(NODES, 0, 0, 3)),
        "Trọng số ngành",
        2,
        "Cấp phải là 4, 2 hoặc 1.",
    ),
    (
        lambda: basket_book(nodes=_with(NODES, 5, 1, "A")),
        "Trọng số ngành",
        7,
        "không phải mã ngành",
    ),
]


@pytest.mark.parametrize(("book", "sheet", "line", "message"), HOSTILE_BASKETS)
def test_hostile_basket_leaves_database_unchanged(officer, book, sheet, line, message):
    base_year = loaded(officer, activate=False)
    before = _state()
    with pytest.raises(ImportRejected) as caught:
        services.base_year_load(actor=officer, base_year=base_year, upload=upload(book()))
    assert "chưa lưu dữ liệu nào" in caught.value.message
    assert any(
        e["sheet"] == sheet and e["line"] == line and message in e["message"]
        for e in caught.value.errors
    ), caught.value.errors
    assert _state() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"ma,ten\nP1,x\n", "không phải là XLSX"),
        (
            basket_book(product_header=["Mã", "Tên"]),
            "tiêu đề cột không đúng mẫu",
        ),
    ],
)
def test_wrong_file_refused_nothing_stored(officer, content, message):
    base_year = loaded(officer, activate=False)
    before = _state()
    with pytest.raises(ApplicationError, match=message):
        services.base_year_load(actor=officer, base_year=base_year, upload=upload(content))
    assert _state() == before


def test_active_base_year_is_frozen_and_one_active_per_year(officer):
    first = loaded(officer)
    with pytest.raises(ApplicationError, match="không sửa được rổ sản phẩm"):
        services.base_year_load(actor=officer, base_year=first, upload=upload(basket_book()))
    with pytest.raises(ApplicationError, match="đang ở trạng thái “Đang dùng”"):
        services.base_year_activate(actor=officer, base_year=first)
    second = loaded(officer)
    first.refresh_from_db()
    assert (first.version, first.status, second.version, second.status) == (
        1,
        BaseYearStatus.RETIRED,
        2,
        BaseYearStatus.ACTIVE,
    )
    empty = services.base_year_create(actor=officer, year=2020)
    with pytest.raises(ApplicationError, match="chưa có sản phẩm"):
        services.base_year_activate(actor=officer, base_year=empty)


def test_quantities_import_stores_missing_as_null_and_replaces(officer):
    base_year = loaded(officer)
    rows = quantity_rows(3, codes=("P1", "P2"))
    rows[1]["quantity"] = None
    counts = services.quantities_import(
        actor=officer, base_year=base_year, upload=upload(quantities_book(rows))
    )
    assert counts == {"rows": 6, "created": 6, "replaced": 0, "missing": 1}
    assert (
        MonthlyQuantity.objects.get(product__code="P1", month=dt.date(2021, 2, 1)).quantity is None
    )
    rows = quantity_rows(1, codes=("P1",))
    rows[0]["quantity"] = 12.345
    counts = services.quantities_import(
        actor=officer, base_year=base_year, upload=upload(quantities_book(rows))
    )
    assert counts == {"rows": 1, "created": 0, "replaced": 1, "missing": 0}
    assert MonthlyQuantity.objects.get(
        product__code="P1", month=dt.date(2021, 1, 1)
    ).quantity == Decimal("12.345")
    audit = AuditEntry.objects.filter(action="production.quantities_import").latest("id")
    assert audit.diff["replaced"] == 1


def _quantity_case(index, key, value):
    rows = quantity_rows(2, codes=("P1", "P2"))
    rows[index] = {**rows[index], key: value}
    return rows


HOSTILE_QUANTITIES = [
    (_quantity_case(1, "code", "KHONGCO"), 3, "không có trong rổ"),
    (_quantity_case(2, "month", "13/2021"), 4, "Tháng “13/2021” không hợp lệ"),
    (_quantity_case(0, "month", "2019-05"), 2, "nằm ngoài khoảng"),
    (_quantity_case(3, "quantity", "-4"), 5, "Số âm không hợp lệ."),
    (_quantity_case(3, "quantity", "mười"), 5, "không phải là số"),
    (_quantity_case(1, "month", "2021-01"), 3, "trùng với dòng 2"),
    (_quantity_case(2, "unit", "kg"), 4, "khác đơn vị của sản phẩm"),
]


@pytest.mark.parametrize(("rows", "line", "message"), HOSTILE_QUANTITIES)
def test_hostile_quantities_leave_database_unchanged(officer, rows, line, message):
    base_year = loaded(officer)
    services.quantities_import(
        actor=officer,
        base_year=base_year,
        upload=upload(quantities_book(quantity_rows(1, first_year=2022))),
    )
    before = _state()
    with pytest.raises(ImportRejected) as caught:
        services.quantities_import(
            actor=officer, base_year=base_year, upload=upload(quantities_book(rows))
        )
    assert [(e["line"], message in e["message"]) for e in caught.value.errors] == [(line, True)]
    assert _state() == before


def test_pull_from_reports_replaces_earlier_pull_keeps_imports(officer, product_a, monkeypatch):
    base_year = loaded(officer, key_product=product_a)
    services.quantities_import(
        actor=officer,
        base_year=base_year,
        upload=upload(quantities_book(quantity_rows(1, first_year=2024, codes=("P1",)))),
    )
    reported = [
        (product_a.pk, "2024-01", Decimal(11)),  # imported already: kept
        (product_a.pk, "2024-02", Decimal(12)),
        (product_a.pk, "2024-03", Decimal(13)),
        (987_654, "2024-03", Decimal(5)),  # not in the basket
    ]
    monkeypatch.setattr(monitoring_selectors, "monthly_quantities", lambda year: reported)
    counts = services.quantities_pull_from_reports(actor=officer, base_year=base_year, year=2024)
    assert counts == {
        "stored": 2,
        "replaced": 0,
        "not_in_basket": 1,
        "kept_import": 1,
        "invalid": 0,
    }
    reported[1:3] = [(product_a.pk, "2024-02", Decimal(20))]
    counts = services.quantities_pull_from_reports(actor=officer, base_year=base_year, year=2024)
    assert counts["stored"] == 1 and counts["replaced"] == 2
    assert sorted(MonthlyQuantity.objects.values_list("month", "quantity", "source")) == [
        (dt.date(2024, 1, 1), Decimal(10), QuantitySource.IMPORT),
        (dt.date(2024, 2, 1), Decimal(20), QuantitySource.FIRM_REPORT),
    ]
    assert AuditEntry.objects.filter(action="production.quantities_pull_from_reports").count() == 2
    with pytest.raises(ApplicationError, match="sau năm gốc"):
        services.quantities_pull_from_reports(actor=officer, base_year=base_year, year=2020)


def test_discontinue_allowed_on_active_after_base_year(officer):
    base_year = loaded(officer)
    product = base_year.products.get(code="P3")
    with pytest.raises(ApplicationError, match="sau năm gốc"):
        services.basket_product_discontinue(
            actor=officer, product=product, month=dt.date(2020, 5, 1)
        )
    services.basket_product_discontinue(actor=officer, product=product, month=dt.date(2022, 5, 9))
    product.refresh_from_db()
    assert product.discontinued_from == dt.date(2022, 5, 1)


def test_published_growth_kept_with_source(officer):
    item = services.published_growth_create(
        actor=officer,
        kind=GrowthKind.VALUE_ADDED,
        period=GrowthPeriod.YEAR_TO_DATE,
        year=2023,
        month=9,
        value_pct=Decimal("3.93"),
        source="Báo Đầu tư",
    )
    assert (item.value_pct, item.entered_by, item.scope) == (
        Decimal("3.93"),
        officer,
        "Toàn ngành công nghiệp",
    )
    base = {
        "actor": officer,
        "kind": GrowthKind.IIP_PUBLISHED,
        "year": 2023,
        "value_pct": Decimal(1),
    }
    with pytest.raises(ApplicationError, match="tháng cuối quý"):
        services.published_growth_create(**base, period=GrowthPeriod.QUARTER, month=8, source="x")
    with pytest.raises(ApplicationError, match="Cần ghi nguồn"):
        services.published_growth_create(**base, period=GrowthPeriod.MONTH, month=8, source=" ")
    services.published_growth_delete(actor=officer, item=item)
    assert PublishedGrowth.objects.count() == 0
    assert AuditEntry.objects.filter(action="production.published_growth_delete").count() == 1
    assert BaseYear.objects.count() == 0


def test_blank_quantities_change_nothing(officer):
    base_year = loaded(officer)
    services.quantities_import(
        actor=officer,
        base_year=base_year,
        upload=upload(quantities_book(quantity_rows(2, codes=("P1",)))),
    )
    before = sorted(MonthlyQuantity.objects.values_list("month", "quantity"))
    rows = quantity_rows(3, codes=("P1",))
    rows[0]["quantity"] = rows[1]["quantity"] = ""  # a template filled for March only
    counts = services.quantities_import(
        actor=officer, base_year=base_year, upload=upload(quantities_book(rows))
    )
    assert counts == {"rows": 1, "created": 1, "replaced": 0, "missing": 0}
    assert sorted(MonthlyQuantity.objects.values_list("month", "quantity"))[:2] == before
    rows[2]["quantity"] = ""
    with pytest.raises(ImportRejected) as caught:
        services.quantities_import(
            actor=officer, base_year=base_year, upload=upload(quantities_book(rows))
        )
    assert "mọi ô “Sản lượng” đều trống" in caught.value.errors[0]["message"]


def test_pull_reads_the_month_split_of_real_firm_reports(officer, rep_a, enterprise_a):
    """End to end with the monitoring part: a quarterly report split by month becomes three
    monthly observations of the basket product linked to the recognised product."""
    decided(officer=officer, rep=rep_a, enterprise=enterprise_a, year=2024)
    product = Recognition.objects.order_by("rank").first().product
    base_year = loaded(officer, key_product=product)
    period = monitoring.period_create(
        actor=officer, year=2024, quarter=Quarter.Q2, due_on=dt.date(2024, 7, 20)
    )
    monitoring.firm_report_submit(
        actor=rep_a,
        enterprise=enterprise_a,
        period=period,
        revenue_vnd=Decimal(10**11),
        production_value_vnd=Decimal(9 * 10**10),
        export_usd=Decimal(10**5),
        employees=100,
        lines={product.pk: Decimal(60)},
        monthly={product.pk: [Decimal(15), Decimal(20), Decimal(25)]},
    )
    counts = services.quantities_pull_from_reports(actor=officer, base_year=base_year, year=2024)
    assert counts["stored"] == 3
    assert sorted(
        MonthlyQuantity.objects.filter(source=QuantitySource.FIRM_REPORT).values_list(
            "month", "quantity"
        )
    ) == [
        (dt.date(2024, 4, 1), Decimal(15)),
        (dt.date(2024, 5, 1), Decimal(20)),
        (dt.date(2024, 6, 1), Decimal(25)),
    ]
