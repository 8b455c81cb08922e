"""Industrial production index (IIP) and contributions to its growth: pure, typed, numpy.

No Django import: the ``monitoring`` app feeds these functions from its models. The method
is shared/domain/iip.md; the API, conventions and choices are in docs/iip.md.

    basket = Basket.build(base_year=2020, product_ids=..., level4=..., product_weights=...,
                          base_quantities=..., level4_weights=..., level2_weights=...,
                          level1_weights=...)
    result = compute_iip(basket, quantities, start="2023-01")
    result.index("total"), result.yoy("level1"), result.ytd("total")
    result.contributions(key_mask, comparison="ytd")
"""

from chuluc.statistics.comparisons import (
    cumulative_yoy,
    month_on_month,
    period_sums,
    round_half_up,
    year_on_year,
)
from chuluc.statistics.hierarchy import flat_index
from chuluc.statistics.iip import IIPResult, compute_iip
from chuluc.statistics.types import (
    LEVELS,
    Basket,
    Contributions,
    IIPOptions,
    Level,
    NodeFlag,
    ProductFlag,
    ProductStatus,
)
from chuluc.statistics.units import product_quantities
from chuluc.statistics.vsic import SECTIONS, division_of, section_of

__all__ = [
    "LEVELS",
    "SECTIONS",
    "Basket",
    "Contributions",
    "IIPOptions",
    "IIPResult",
    "Level",
    "NodeFlag",
    "ProductFlag",
    "ProductStatus",
    "compute_iip",
    "cumulative_yoy",
    "division_of",
    "flat_index",
    "month_on_month",
    "period_sums",
    "product_quantities",
    "round_half_up",
    "section_of",
    "year_on_year",
]
