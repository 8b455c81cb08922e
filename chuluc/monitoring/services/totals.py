"""Totals of each reporting period's firm reports (count, revenue, export), stored on the
period (``ReportingPeriod.reports_count`` …) so that the dashboard's yearly series reads one
row a period instead of summing every report of every year. Neither service writes an audit
row: the totals are derived data, recomputable from the reports at any time
(``selectors.period_totals_differ`` checks them).

The one service that writes a report (``firm_report_submit``) adds the difference it made,
in its transaction, as one ``UPDATE … SET x = x + δ`` (atomic on SQLite and PostgreSQL: two
submissions at once cannot lose each other's change). Reports are never deleted (their
foreign keys protect them). Data written around the service (a bulk load) is followed by
``period_totals_refresh``, which recomputes the totals from the reports."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import F

from chuluc.monitoring.models import ReportingPeriod
from chuluc.monitoring.selectors.totals import period_totals_from_reports


def period_totals_add(
    period_id: int, *, reports: int, revenue_vnd: Decimal, export_usd: Decimal
) -> None:
    """Add a report's change to its period's totals (call inside the writing transaction)."""
    ReportingPeriod.objects.filter(pk=period_id).update(
        reports_count=F("reports_count") + reports,
        revenue_total_vnd=F("revenue_total_vnd") + revenue_vnd,
        export_total_usd=F("export_total_usd") + export_usd,
    )


def period_totals_refresh() -> int:
    """Recompute every period's totals from its reports (one statement); returns the
    number of periods."""
    return ReportingPeriod.objects.update(**period_totals_from_reports())
