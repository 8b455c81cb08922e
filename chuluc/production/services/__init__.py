"""Writes of the production index part, one module per record: ``base_years`` (a version's
lifecycle, discontinued products), ``imports`` (basket and weights, monthly quantities from
workbooks and from the firms' reports), ``published_growth`` (figures published elsewhere).
Each service runs in one transaction and writes its audit rows. Callers use
``from chuluc.production import services`` and ``services.<name>``."""

from chuluc.production.services.base_years import (
    base_year_activate,
    base_year_create,
    basket_product_discontinue,
)
from chuluc.production.services.imports import (
    base_year_load,
    quantities_import,
    quantities_pull_from_reports,
)
from chuluc.production.services.published_growth import (
    published_growth_create,
    published_growth_delete,
)

__all__ = [
    "base_year_activate",
    "base_year_create",
    "base_year_load",
    "basket_product_discontinue",
    "published_growth_create",
    "published_growth_delete",
    "quantities_import",
    "quantities_pull_from_reports",
]
