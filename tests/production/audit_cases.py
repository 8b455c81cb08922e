"""One call of each production service, for tests/core/test_audit.py (exactly one audit row).
The service that writes several records (one audit row each) is listed in
``NOT_SINGLE_WRITES`` and counted in tests/production/test_services.py."""

import datetime as dt
import inspect
from decimal import Decimal

from chuluc.production import services
from chuluc.production.enums import GrowthKind, GrowthPeriod
from chuluc.production.models import BasketProduct
from tests.factories.production import loaded, quantities_book, quantity_rows, upload

NOT_SINGLE_WRITES = {
    # the load's row, and one per basket product and node weight written
    # (tests/production/test_services.py::test_base_year_load_stores_basket_weights_and_audit)
    "base_year_load",
}


def _growth(officer):
    return services.published_growth_create(
        actor=officer,
        kind=GrowthKind.VALUE_ADDED,
        period=GrowthPeriod.YEAR_TO_DATE,
        year=2023,
        month=9,
        value_pct=Decimal("3.93"),
        source="Báo Đầu tư",
    )


def base_year_create(officer):
    return lambda: services.base_year_create(actor=officer, year=2020, source_note="Thử")


def base_year_activate(officer):
    # A first version: nothing to retire. Activating over an active version also writes
    # the old one's ``retire`` row (one row per version moved).
    draft = loaded(officer, activate=False)
    return lambda: services.base_year_activate(actor=officer, base_year=draft)


def basket_product_discontinue(officer):
    loaded(officer)
    product = BasketProduct.objects.get(code="P1")
    return lambda: services.basket_product_discontinue(
        actor=officer, product=product, month=dt.date(2022, 5, 1)
    )


def quantities_import(officer):
    base_year = loaded(officer)
    book = upload(quantities_book(quantity_rows(3)))
    return lambda: services.quantities_import(actor=officer, base_year=base_year, upload=book)


def quantities_pull_from_reports(officer):
    base_year = loaded(officer)
    return lambda: services.quantities_pull_from_reports(
        actor=officer, base_year=base_year, year=2021
    )


def published_growth_create(officer):
    return lambda: _growth(officer)


def published_growth_delete(officer):
    item = _growth(officer)
    # A delete returns nothing: the case returns the deleted item once the call is done.
    return lambda: services.published_growth_delete(actor=officer, item=item) or item


CASES = {
    name: fn
    for name, fn in dict(globals()).items()
    if inspect.isfunction(fn) and fn.__module__ == __name__ and not name.startswith("_")
}
