"""Writes of reporting periods: the year or quarter enterprises report on, with its due
date, its USD rate and its growth threshold."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from chuluc.core.audit import audit_record
from chuluc.core.errors import ApplicationError
from chuluc.monitoring.enums import Quarter
from chuluc.monitoring.models import ReportingPeriod


def period_create(
    *,
    actor,
    year: int,
    quarter: int,
    due_on: dt.date,
    usd_rate: Decimal | None = None,
    growth_threshold_pct: int = 50,
) -> ReportingPeriod:
    if quarter not in Quarter.values:
        raise ApplicationError(_("Kỳ báo cáo không hợp lệ."))
    if usd_rate is not None and usd_rate <= 0:
        raise ApplicationError(_("Tỷ giá phải lớn hơn 0."))
    with transaction.atomic():
        if ReportingPeriod.objects.filter(year=year, quarter=quarter).exists():
            raise ApplicationError(_("Kỳ báo cáo này đã có."))
        period = ReportingPeriod.objects.create(
            year=year,
            quarter=quarter,
            due_on=due_on,
            usd_rate=usd_rate,
            growth_threshold_pct=growth_threshold_pct,
        )
        audit_record(
            actor=actor,
            action="monitoring.period_create",
            obj=period,
            changes={"year": year, "quarter": quarter, "due_on": due_on},
        )
    return period
