"""Writes of firm reports: the enterprise's report for a period (submitted, resubmitted,
flagged by the plausibility checks) and the officer's check, through
``lifecycles.FIRM_REPORT``. Each service runs in one transaction and writes one audit row."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuluc.core.audit import audit_record, snapshot
from chuluc.core.errors import ApplicationError
from chuluc.monitoring import selectors
from chuluc.monitoring.enums import Quarter, ReportStatus
from chuluc.monitoring.lifecycles import FIRM_REPORT
from chuluc.monitoring.models import FirmReport, FirmReportLine, ReportingPeriod
from chuluc.monitoring.plausibility import plausibility_flags
from chuluc.monitoring.services.totals import period_totals_add
from chuluc.registry.models import Enterprise

FIGURES = ("revenue_vnd", "production_value_vnd", "export_usd", "employees")


def _check_figures(figures: dict) -> None:
    for field in FIGURES:
        value = figures.get(field)
        if value is None:
            raise ApplicationError(
                _("Thiếu “%s”.") % FirmReport._meta.get_field(field).verbose_name
            )
        if value < 0:
            raise ApplicationError(
                _("“%s” không được âm.") % FirmReport._meta.get_field(field).verbose_name
            )


MONTHS_IN_QUARTER = 3


def _check_monthly(period: ReportingPeriod, lines: dict, monthly: dict) -> dict[int, list]:
    """The optional month split of a quarter's quantities: three non-negative numbers per
    product, adding up to the quarter's quantity (the IIP reads months, iip.md §1)."""
    if not monthly:
        return {}
    if period.quarter == Quarter.YEAR:
        raise ApplicationError(
            _("Sản lượng từng tháng chỉ nhập trong báo cáo quý, không nhập trong báo cáo năm.")
        )
    checked = {}
    for pk, given in monthly.items():
        if pk not in lines:
            raise ApplicationError(
                _("Có sản lượng từng tháng của sản phẩm không có trong báo cáo.")
            )
        months = list(given)
        if len(months) != MONTHS_IN_QUARTER or any(m is None or m < 0 for m in months):
            raise ApplicationError(
                _("Sản lượng từng tháng: nhập đủ ba tháng của quý, không được âm.")
            )
        if sum(months) != lines[pk]:
            raise ApplicationError(
                _("Tổng sản lượng ba tháng (%(sum)s) khác sản lượng quý (%(quarter)s).")
                % {"sum": sum(months), "quarter": lines[pk]}
            )
        checked[pk] = [str(m) for m in months]
    return checked


def firm_report_submit(
    *,
    actor,
    enterprise: Enterprise,
    period: ReportingPeriod,
    revenue_vnd: Decimal,
    production_value_vnd: Decimal,
    export_usd: Decimal,
    employees: int,
    lines: dict[int, Decimal] | None = None,
    units: dict[int, str] | None = None,
    monthly: dict[int, list[Decimal]] | None = None,
) -> FirmReport:
    """Submit (or resubmit) an enterprise's report for a period; computes and stores the
    plausibility flags. A report with flags is flagged (``FIRM_REPORT`` event ``flag``);
    without, a first submission stays submitted and a later one is ``resubmit``. Lines: quantity per recognised product id; ``monthly``: optionally,
    for a quarter, the quantity of each of its three months per product."""
    lines = lines or {}
    units = units or {}
    figures = {
        "revenue_vnd": revenue_vnd,
        "production_value_vnd": production_value_vnd,
        "export_usd": export_usd,
        "employees": employees,
    }
    _check_figures(figures)
    allowed = {p.pk for p in selectors.recognised_products(enterprise.pk)}
    if set(lines) - allowed:
        raise ApplicationError(
            _("Chỉ báo cáo sản lượng của sản phẩm được công nhận của doanh nghiệp.")
        )
    if any(qty is None or qty < 0 for qty in lines.values()):
        raise ApplicationError(_("Sản lượng không được âm."))
    months = _check_monthly(period, lines, monthly or {})
    now = timezone.now()
    with transaction.atomic():
        report = (
            FirmReport.objects.select_for_update()
            .filter(enterprise=enterprise, period=period)
            .first()
        )
        new = report is None
        before = {} if new else snapshot(report, FIGURES)
        old_revenue, old_export = (0, 0) if new else (report.revenue_vnd, report.export_usd)
        if new:
            report = FirmReport(enterprise=enterprise, period=period, status=FIRM_REPORT.initial)
        for field, value in figures.items():
            setattr(report, field, value)
        report.flags = plausibility_flags(
            report,
            previous=selectors.same_period_last_year(enterprise.pk, period),
            lines=lines,
            usd_rate=selectors.usd_rate_for(period),
            growth_threshold_pct=period.growth_threshold_pct,
        )
        report.submitted_by, report.submitted_at = actor, now
        report.checked_by, report.checked_at, report.check_note = None, None, ""
        report.save()
        period_totals_add(
            period.pk,
            reports=1 if new else 0,
            revenue_vnd=revenue_vnd - old_revenue,
            export_usd=export_usd - old_export,
        )
        report.lines.all().delete()
        FirmReportLine.objects.bulk_create(
            FirmReportLine(
                report=report,
                product_id=pk,
                quantity=qty,
                unit=units.get(pk, ""),
                monthly=months.get(pk, []),
            )
            for pk, qty in sorted(lines.items())
        )
        changes = {
            "before": before,
            "after": snapshot(report, FIGURES),
            "lines": {str(k): v for k, v in lines.items()},
            "monthly": {str(k): v for k, v in months.items()},
            "flags": [f["code"] for f in report.flags],
        }
        if report.flags:
            FIRM_REPORT.fire(report, "flag", actor=actor, changes=changes, at=now)
        elif not new:
            FIRM_REPORT.fire(report, "resubmit", actor=actor, changes=changes, at=now)
        else:
            audit_record(
                actor=actor,
                action="firm_report.submit",
                obj=report,
                changes={"status": [None, report.status], **changes},
            )
    return report


def firm_report_check(*, actor, report: FirmReport, note: str) -> FirmReport:
    """The officer marks a report as checked; a flagged one needs a note."""
    note = (note or "").strip()
    with transaction.atomic():
        report = FirmReport.objects.select_for_update().get(pk=report.pk)
        if report.status == ReportStatus.CHECKED:
            raise ApplicationError(_("Báo cáo đã được kiểm tra."))
        if report.flags and not note:
            raise ApplicationError(_("Báo cáo có cảnh báo: cần ghi chú kết quả kiểm tra."))
        FIRM_REPORT.fire(
            report,
            "check",
            actor=actor,
            fields={"checked_by": actor, "checked_at": timezone.now(), "check_note": note},
            changes={"note": note},
        )
    return report
