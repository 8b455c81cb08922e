"""Writes about base-year versions: creating a draft, putting it into use (its lifecycle,
``chuluc.production.lifecycles.BASE_YEAR``), and marking a basket product discontinued. A
draft's basket and weights are loaded from a workbook (``services.imports``)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from chuluc.core.audit import audit_record, snapshot
from chuluc.core.errors import ApplicationError
from chuluc.core.lifecycle import TransitionRefused
from chuluc.production.enums import BaseYearStatus
from chuluc.production.lifecycles import BASE_YEAR
from chuluc.production.models import BaseYear, BasketProduct


def base_year_create(*, actor, year: int, source_note: str = "", is_demo: bool = False) -> BaseYear:
    if not 2000 <= year <= 2100:  # noqa: PLR2004 - plausible base years
        raise ApplicationError(_("Năm gốc không hợp lệ."))
    with transaction.atomic():
        last = BaseYear.objects.filter(year=year).aggregate(v=Max("version"))["v"] or 0
        base_year = BaseYear.objects.create(
            year=year,
            version=last + 1,
            status=BASE_YEAR.initial,
            source_note=source_note.strip(),
            is_demo=is_demo,
        )
        audit_record(
            actor=actor,
            action="base_year.create",
            obj=base_year,
            changes=snapshot(base_year, ("year", "version", "status", "source_note", "is_demo")),
        )
    return base_year


def base_year_activate(*, actor, base_year: BaseYear) -> BaseYear:
    """Put a draft into use; the year's previous active version is retired. From then on
    its products and weights are frozen."""
    with transaction.atomic():
        base_year = BaseYear.objects.select_for_update().get(pk=base_year.pk)
        # Asked before the retirements: one version of a year is active at a time (a unique
        # constraint), so the old one must be retired before this one becomes active.
        reason = BASE_YEAR.refusal(base_year, "activate", actor=actor)
        if reason:
            raise TransitionRefused(reason)
        for old in BaseYear.objects.select_for_update().filter(
            year=base_year.year, status=BaseYearStatus.ACTIVE
        ):
            BASE_YEAR.fire(old, "retire", actor=actor)
        BASE_YEAR.fire(base_year, "activate", actor=actor, fields={"activated_at": timezone.now()})
    return base_year


def basket_product_discontinue(
    *, actor, product: BasketProduct, month: dt.date | None
) -> BasketProduct:
    """Mark a product discontinued from ``month`` (None: active again). Not a weight, so
    allowed on an active base year: its relatives are imputed from that month on."""
    if month is not None:
        month = month.replace(day=1)
        if month.year <= product.base_year.year:
            raise ApplicationError(
                _("Tháng ngừng sản xuất phải sau năm gốc %(year)s.")
                % {"year": product.base_year.year}
            )
    with transaction.atomic():
        product = BasketProduct.objects.select_for_update().get(pk=product.pk)
        before = product.discontinued_from
        product.discontinued_from = month
        product.save(update_fields=["discontinued_from"])
        audit_record(
            actor=actor,
            action="production.basket_product_discontinue",
            obj=product,
            changes={"discontinued_from": [before, month]},
        )
    return product
