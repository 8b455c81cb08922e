"""Growth figures published elsewhere (the statistics office's IIP, the value added of
industry): entered with their source and shown beside the computed index, never in it."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from chuluc.core.audit import audit_record, snapshot
from chuluc.core.errors import ApplicationError
from chuluc.production.enums import GrowthKind, GrowthPeriod
from chuluc.production.models import PublishedGrowth

GROWTH_FIELDS = ("kind", "period", "year", "month", "scope", "value_pct", "source", "source_url")
QUARTER_END_MONTHS = (3, 6, 9, 12)


def published_growth_create(
    *,
    actor,
    kind: str,
    period: str,
    year: int,
    month: int,
    value_pct: Decimal,
    source: str,
    source_url: str = "",
    scope: str = "Toàn ngành công nghiệp",
) -> PublishedGrowth:
    if kind not in GrowthKind.values or period not in GrowthPeriod.values:
        raise ApplicationError(_("Loại số liệu hoặc kỳ không hợp lệ."))
    if not 1 <= month <= 12:  # noqa: PLR2004
        raise ApplicationError(_("Tháng phải từ 1 đến 12."))
    if period == GrowthPeriod.QUARTER and month not in QUARTER_END_MONTHS:
        raise ApplicationError(_("Số liệu quý ghi tháng cuối quý (3, 6, 9 hoặc 12)."))
    if not source.strip():
        raise ApplicationError(_("Cần ghi nguồn của số liệu đã công bố."))
    if not -100 < value_pct < 1000:  # noqa: PLR2004 - a growth in %
        raise ApplicationError(_("Tỷ lệ tăng/giảm không hợp lệ."))
    scope = scope.strip() or "Toàn ngành công nghiệp"
    with transaction.atomic():
        if PublishedGrowth.objects.filter(
            kind=kind, period=period, year=year, month=month, scope=scope
        ).exists():
            raise ApplicationError(_("Số liệu này (cùng loại, kỳ và phạm vi) đã có."))
        item = PublishedGrowth.objects.create(
            kind=kind,
            period=period,
            year=year,
            month=month,
            scope=scope,
            value_pct=value_pct,
            source=source.strip(),
            source_url=source_url.strip(),
            entered_by=actor if getattr(actor, "pk", None) else None,
        )
        audit_record(
            actor=actor,
            action="production.published_growth_create",
            obj=item,
            changes=snapshot(item, GROWTH_FIELDS),
        )
    return item


def published_growth_delete(*, actor, item: PublishedGrowth) -> None:
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="production.published_growth_delete",
            obj=item,
            changes=snapshot(item, GROWTH_FIELDS),
        )
        item.delete()
