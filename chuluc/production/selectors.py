"""Reads of the production index part: the base years, and one base year's basket and
quantities loaded into numpy arrays for the engine (``chuluc.statistics``).

:func:`load_iip` runs a constant number of queries (the products, the node weights, the
quantities, each one ``values_list``) whatever the number of products or months, builds the
:class:`~chuluc.statistics.Basket` and the (products × months) quantity matrix (NaN for a
month with no value or a value reported missing) and calls
:func:`~chuluc.statistics.compute_iip`. The months run from January of the first year
with data (so that year-to-date figures have their first month) to the last month with
data. Everything the pages and the export show is derived from that one result
(:mod:`chuluc.production.tables`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
from django.db.models import Count, Q, QuerySet

from chuluc.core.text import localized
from chuluc.production.enums import BaseYearStatus
from chuluc.production.models import (
    BaseYear,
    BasketProduct,
    MonthlyQuantity,
    NodeWeight,
    PublishedGrowth,
    SheetImport,
)
from chuluc.statistics import Basket, IIPOptions, IIPResult, compute_iip
from chuluc.statistics.vsic import SECTION_TITLES, SECTION_TITLES_EN

PRODUCT_FIELDS = (
    "id",
    "code",
    "name",
    "unit",
    "vsic4",
    "weight",
    "base_quantity",
    "registry_product_id",
    "discontinued_from",
)


@dataclass(frozen=True)
class IIPData:
    """One base year's computation and what the pages need to label it."""

    base_year: BaseYear
    products: list[dict]  # in the basket's (engine's) order
    node_names: dict[tuple[str, str], str]  # (level name, code) → name
    key_mask: np.ndarray  # (n,) bool: linked to a key product (sản phẩm chủ lực)
    result: IIPResult | None  # None: no quantity yet
    options: IIPOptions

    @property
    def months(self) -> list[str]:
        if self.result is None:
            return []
        return [str(m) for m in self.result.months]


def base_years() -> QuerySet[BaseYear]:
    return BaseYear.objects.annotate(
        n_products=Count("products", distinct=True),
        n_nodes=Count("node_weights", distinct=True),
    ).order_by("-year", "-version")


def viewable_base_years() -> list[BaseYear]:
    """Base years whose index can be shown: the active ones first, then the drafts."""
    years = list(BaseYear.objects.exclude(status=BaseYearStatus.RETIRED))
    return sorted(years, key=lambda b: (b.status != BaseYearStatus.ACTIVE, -b.year, -b.version))


def basket_products(base_year: BaseYear) -> QuerySet[BasketProduct]:
    return base_year.products.select_related("registry_product").order_by("vsic4", "code")


def node_weights(base_year: BaseYear) -> QuerySet[NodeWeight]:
    return base_year.node_weights.order_by("-level", "code")


def imports(base_year: BaseYear) -> QuerySet[SheetImport]:
    return base_year.imports.select_related("created_by").order_by("-created_at", "-id")


def quantity_months(base_year: BaseYear) -> list[dict]:
    """Per month: how many products have a value, how many are reported missing, and from
    which source (one query)."""
    return list(
        MonthlyQuantity.objects.filter(product__base_year=base_year)
        .values("month", "source")
        .annotate(n=Count("id"), missing=Count("id", filter=Q(quantity__isnull=True)))
        .order_by("month", "source")
    )


def published_growth() -> QuerySet[PublishedGrowth]:
    return PublishedGrowth.objects.select_related("entered_by").order_by(
        "-year", "-month", "kind", "id"
    )


def _month_position(first: dt.date, month: dt.date) -> int:
    return (month.year - first.year) * 12 + month.month - first.month


def _node_names(nodes: list[tuple]) -> dict[tuple[str, str], str]:
    """Each node's name; a section keeps its official title in the reader's language unless
    the base year's file named it otherwise."""
    names = {
        ("level1", code): localized(title, SECTION_TITLES_EN[code])
        for code, title in SECTION_TITLES.items()
    }
    level_names = {4: "level4", 2: "level2", 1: "level1"}
    for level, code, name, _value in nodes:
        if name and not (level == 1 and name == SECTION_TITLES.get(code)):
            names[(level_names[level], code)] = name
    return names


def load_iip(base_year: BaseYear, *, options: IIPOptions | None = None) -> IIPData:
    """Load one base year and compute its index (three queries)."""
    options = options or IIPOptions()
    products = [
        dict(zip(PRODUCT_FIELDS, row, strict=True))
        for row in BasketProduct.objects.filter(base_year=base_year)
        .order_by("vsic4", "code")
        .values_list(*PRODUCT_FIELDS)
    ]
    nodes = list(
        NodeWeight.objects.filter(base_year=base_year).values_list(
            "level", "code", "name", "value_added"
        )
    )
    quantities = list(
        MonthlyQuantity.objects.filter(product__base_year=base_year).values_list(
            "product_id", "month", "quantity"
        )
    )
    key_mask = np.array([p["registry_product_id"] is not None for p in products], dtype=bool)
    data = {
        "base_year": base_year,
        "products": products,
        "node_names": _node_names(nodes),
        "key_mask": key_mask,
        "options": options,
    }
    if not products or not quantities:
        return IIPData(result=None, **data)
    first = dt.date(min(m for _p, m, _q in quantities).year, 1, 1)
    months = _month_position(first, max(m for _p, m, _q in quantities)) + 1
    row_of = {p["id"]: i for i, p in enumerate(products)}
    matrix = np.full((len(products), months), np.nan)
    for product_id, month, quantity in quantities:
        if quantity is not None:
            matrix[row_of[product_id], _month_position(first, month)] = float(quantity)
    stopped = np.array(
        [
            -1
            if p["discontinued_from"] is None
            else max(0, _month_position(first, p["discontinued_from"]))
            for p in products
        ],
        dtype=np.intp,
    )
    weights = {
        level: {code: float(value) for lvl, code, _n, value in nodes if lvl == level}
        for level in (4, 2, 1)
    }
    basket = Basket.build(
        base_year=base_year.year,
        product_ids=np.array([p["id"] for p in products]),
        level4=np.array([p["vsic4"] for p in products]),
        product_weights=np.array([float(p["weight"]) for p in products]),
        base_quantities=np.array([float(p["base_quantity"]) for p in products]),
        level4_weights=weights[4],
        level2_weights=weights[2],
        level1_weights=weights[1],
    )
    result = compute_iip(
        basket,
        matrix,
        start=f"{first:%Y-%m}",
        discontinued_from=stopped if (stopped >= 0).any() else None,
        options=options,
    )
    return IIPData(result=result, **data)


def published_for(year: int, month: int) -> list[PublishedGrowth]:
    """Published figures ending in this month (one query): shown beside, never mixed in."""
    return list(
        PublishedGrowth.objects.filter(year=year, month=month).order_by("kind", "period", "id")
    )
