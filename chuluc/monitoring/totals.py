"""Totals of each reporting period's firm reports (count, revenue, export), stored on the
period (``ReportingPeriod.reports_count`` …) so that the dashboard's yearly series reads one
row a period instead of summing every report of every year.

The one service that writes a report (``firm_report_submit``) adds the difference it made,
in its transaction, as one ``UPDATE … SET x = x + δ`` (atomic on SQLite and PostgreSQL: two
submissions at once cannot lose each other's change). Reports are never deleted (their
foreign keys protect them). Data written around the service (a bulk load) is followed by
``period_totals_refresh``, which recomputes the totals from the reports."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, F, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from chuluc.monitoring.models import FirmReport, ReportingPeriod


def period_totals_add(
    period_id: int, *, reports: int, revenue_vnd: Decimal, export_usd: Decimal
) -> None:
    """Add a report's change to its period's totals (call inside the writing transaction)."""
    ReportingPeriod.objects.filter(pk=period_id).update(
        reports_count=F("reports_count") + reports,
        revenue_total_vnd=F("revenue_total_vnd") + revenue_vnd,
        export_total_usd=F("export_total_usd") + export_usd,
    )


def _from_reports() -> dict:
    """The totals as computed from the reports, as expressions over each period (summed in
    the database: exact, where reading a sum above 15 digits back through Django's SQLite
    converter would round it)."""
    of_period = FirmReport.objects.filter(period=OuterRef("pk")).order_by().values("period")

    def total(aggregate, field) -> Coalesce:
        found = Subquery(of_period.annotate(t=aggregate).values("t")[:1], output_field=field)
        return Coalesce(found, Value(0), output_field=field)

    fields = {f.name: f for f in ReportingPeriod._meta.fields}
    return {
        "reports_count": total(Count("id"), fields["reports_count"]),
        "revenue_total_vnd": total(Sum("revenue_vnd"), fields["revenue_total_vnd"]),
        "export_total_usd": total(Sum("export_usd"), fields["export_total_usd"]),
    }


def period_totals_refresh() -> int:
    """Recompute every period's totals from its reports (one statement); returns the
    number of periods."""
    return ReportingPeriod.objects.update(**_from_reports())


def period_totals_differ() -> list[int]:
    """Ids of the periods whose stored totals differ from their reports (an integrity
    check: empty when every write went through the service or was refreshed)."""
    computed = {f"computed_{name}": expression for name, expression in _from_reports().items()}
    return list(
        ReportingPeriod.objects.alias(**computed)
        .exclude(**{name.removeprefix("computed_"): F(name) for name in computed})
        .order_by("pk")
        .values_list("pk", flat=True)
    )
