"""The production index's stateful record: a base-year version.

A version is drafted (its basket and node weights loaded from workbooks), then put into
use (``activate``), which freezes its products and weights; when another version of the
same year is put into use, this one is retired (``retire``). One version per year is active
at a time."""

from __future__ import annotations

import numpy as np
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from chuluc.core.lifecycle import Lifecycle, Transition
from chuluc.production import rules
from chuluc.production.enums import BaseYearStatus
from chuluc.statistics import Basket


def basket_complete(base_year, **context) -> str | None:
    """The engine accepts the basket: products with a weight and a base quantity, every
    node weight present, numbers in range."""
    products = list(base_year.products.values_list("id", "vsic4", "weight", "base_quantity"))
    if not products:
        return _("Năm gốc chưa có sản phẩm nào trong rổ.")
    if not any(w > 0 and q > 0 for _i, _c, w, q in products):
        return _("Rổ chưa có sản phẩm nào có trọng số và sản lượng năm gốc.")
    weights: dict[int, dict[str, float]] = {4: {}, 2: {}, 1: {}}
    for level, code, value in base_year.node_weights.values_list("level", "code", "value_added"):
        weights[level][code] = float(value)
    try:
        Basket.build(
            base_year=base_year.year,
            product_ids=np.array([p[0] for p in products]),
            level4=np.array([p[1] for p in products]),
            product_weights=np.array([float(p[2]) for p in products]),
            base_quantities=np.array([float(p[3]) for p in products]),
            level4_weights=weights[4],
            level2_weights=weights[2],
            level1_weights=weights[1],
        )
    except ValueError as exc:
        return _("Dữ liệu năm gốc không hợp lệ: %s") % exc
    return None


BASE_YEAR = Lifecycle(
    name="base_year",
    title=_lazy("Năm gốc"),
    model="production.BaseYear",
    states=BaseYearStatus,
    initial=BaseYearStatus.DRAFT,
    final=(BaseYearStatus.RETIRED,),
    transitions=(
        Transition(
            event="activate",
            label=_lazy("Chuyển sang dùng chính thức"),
            source=(BaseYearStatus.DRAFT,),
            target=BaseYearStatus.ACTIVE,
            who=_lazy("Cán bộ Sở Công Thương"),
            rule=rules.can_activate_base_year,
            guards=(basket_complete,),
        ),
        Transition(
            event="retire",
            label=_lazy("Thay thế"),
            source=(BaseYearStatus.ACTIVE,),
            target=BaseYearStatus.RETIRED,
            who=_lazy("Hệ thống, khi một phiên bản khác của cùng năm được dùng chính thức"),
        ),
    ),
)
