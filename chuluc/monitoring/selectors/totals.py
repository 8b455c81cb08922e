"""Reads of the totals each reporting period keeps of its reports (``services.totals``
writes them): the totals as computed from the reports, and the periods whose stored totals
differ."""

from __future__ import annotations

from django.db.models import Count, F, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from chuluc.monitoring.models import FirmReport, ReportingPeriod


def period_totals_from_reports() -> dict:
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


def period_totals_differ() -> list[int]:
    """Ids of the periods whose stored totals differ from their reports (an integrity
    check: empty when every write went through the service or was refreshed)."""
    computed = {
        f"computed_{name}": expression for name, expression in period_totals_from_reports().items()
    }
    return list(
        ReportingPeriod.objects.alias(**computed)
        .exclude(**{name.removeprefix("computed_"): F(name) for name in computed})
        .order_by("pk")
        .values_list("pk", flat=True)
    )
