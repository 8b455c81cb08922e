"""The demo production index: built through the services, labelled demo, every §2 case
present and flagged, the published 2023 figures beside, loaded once."""

from __future__ import annotations

import numpy as np

from chuluc.demo.production import production_missing, seed_production
from chuluc.production import selectors, tables
from chuluc.production.enums import BaseYearStatus, QuantitySource
from chuluc.production.models import BaseYear, MonthlyQuantity, PublishedGrowth
from tests.factories.registry import ProductFactory


def test_seed_production_once_with_every_case_flagged(officer):
    key = ProductFactory(name="Khóa mẫu", is_demo=True, vsic="2599")
    assert production_missing()
    created = seed_production(officer=officer)
    assert created == {
        "base_years": 1,
        "basket_products": 23,
        "quantities": 23 * 48 - 24,
        "published": 3,
    }
    base_year = BaseYear.objects.get()
    assert (base_year.year, base_year.status, base_year.is_demo) == (
        2020,
        BaseYearStatus.ACTIVE,
        True,
    )
    assert base_year.products.get(registry_product=key).vsic4 == "2599"
    assert set(MonthlyQuantity.objects.values_list("source", flat=True)) == {QuantitySource.IMPORT}
    data = selectors.load_iip(base_year)
    assert (data.months[0], data.months[-1], int(data.key_mask.sum())) == ("2022-01", "2025-12", 1)
    flags = set()
    for t in range(len(data.months)):
        for row in tables.flagged_products(data, t):
            flags.update(row["flags"])
    assert {
        "ước theo ngành cấp 4 (thiếu số liệu)",
        "sản lượng bằng 0",
        "đã ngừng sản xuất",
        "sản phẩm mới (không có trong năm gốc)",
        "chưa tính vào chỉ số đến kỳ gốc sau",
    } <= flags
    assert tables.contributions(data, 47, "ytd", "A")["adds_up"]
    # 2023 has its year-earlier months: the published 9M 2023 IIP can be read beside the index
    assert np.isfinite(data.result.ytd("total")[0, data.months.index("2023-09")])
    assert seed_production(officer=officer) == {
        "base_years": 0,
        "basket_products": 0,
        "quantities": 0,
        "published": 0,
    }
    assert (BaseYear.objects.count(), PublishedGrowth.objects.count()) == (1, 3)
    assert not production_missing()
