"""Writes of the monitoring part: reporting periods, firm reports with their plausibility
flags, and the officer's check. Each service runs in one transaction and writes its audit
row."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuluc.campaigns.models import Campaign
from chuluc.core.audit import audit_record, snapshot
from chuluc.core.errors import ApplicationError
from chuluc.decisions.models import Recognition
from chuluc.monitoring.enums import REPORT_TRANSITIONS, Flag, Quarter, ReportStatus
from chuluc.monitoring.models import FirmReport, FirmReportLine, ReportingPeriod
from chuluc.monitoring.totals import period_totals_add
from chuluc.registry.models import Enterprise

DEFAULT_USD_RATE = Decimal(25_000)
REPORT_FIELDS = ("revenue_vnd", "production_value_vnd", "export_usd", "employees", "status")
FIGURES = ("revenue_vnd", "production_value_vnd", "export_usd", "employees")


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


def usd_rate_for(period: ReportingPeriod) -> Decimal:
    """The period's own rate; else the rate of the campaign of the same year; else 25.000."""
    if period.usd_rate:
        return period.usd_rate
    rate = (
        Campaign.objects.filter(year=period.year).order_by("id").values_list("usd_rate", flat=True)
    ).first()
    return rate or DEFAULT_USD_RATE


def recognised_products(enterprise_id: int) -> list:
    """The enterprise's products that have been recognised (one line each in a report)."""
    seen: dict[int, object] = {}
    for rec in (
        Recognition.objects.filter(enterprise_id=enterprise_id)
        .select_related("product")
        .order_by("product__name", "product_id")
    ):
        seen.setdefault(rec.product_id, rec.product)
    return list(seen.values())


def _growth_flags(report: FirmReport, previous: FirmReport | None, threshold: int) -> list[dict]:
    flags = []
    if previous is None:
        return flags
    for field in ("revenue_vnd", "production_value_vnd", "export_usd"):
        before, now = getattr(previous, field), getattr(report, field)
        if before and before > 0:
            change = (Decimal(now) - before) * 100 / before
            if abs(change) > threshold:
                flags.append(
                    {
                        "code": Flag.GROWTH,
                        "field": field,
                        "message": _("%(field)s thay đổi %(pct)s%% so với cùng kỳ năm trước.")
                        % {
                            "field": FirmReport._meta.get_field(field).verbose_name,
                            "pct": f"{change:+.1f}".replace(".", ","),
                        },
                    }
                )
    return flags


def plausibility_flags(
    report: FirmReport, *, previous: FirmReport | None, lines: dict[int, Decimal]
) -> list[dict]:
    """What looks wrong in a report (the officer reviews; nothing is silently accepted)."""
    period = report.period
    flags = _growth_flags(report, previous, period.growth_threshold_pct)
    rate = usd_rate_for(period)
    if report.export_usd * rate > report.revenue_vnd:
        flags.append(
            {
                "code": Flag.EXPORT_ABOVE_REVENUE,
                "field": "export_usd",
                "message": _("Xuất khẩu quy đổi (tỷ giá %(rate)s đồng/USD) lớn hơn doanh thu.")
                % {"rate": f"{rate:,.0f}".replace(",", ".")},
            }
        )
    for field in ("revenue_vnd", "production_value_vnd", "employees"):
        if not getattr(report, field):
            flags.append(
                {
                    "code": Flag.ZERO,
                    "field": field,
                    "message": _("%(field)s bằng 0.")
                    % {"field": FirmReport._meta.get_field(field).verbose_name},
                }
            )
    zero_lines = [pk for pk, qty in lines.items() if not qty]
    if zero_lines:
        flags.append(
            {
                "code": Flag.ZERO,
                "field": "lines",
                "message": _("Sản lượng bằng 0 ở %(n)s sản phẩm được công nhận.")
                % {"n": len(zero_lines)},
            }
        )
    return flags


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
    plausibility flags. Lines: quantity per recognised product id; ``monthly``: optionally,
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
    allowed = {p.pk for p in recognised_products(enterprise.pk)}
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
        before = snapshot(report, REPORT_FIELDS) if report else {}
        old_revenue, old_export = (report.revenue_vnd, report.export_usd) if report else (0, 0)
        new = report is None
        if report is None:
            report = FirmReport(enterprise=enterprise, period=period)
        for field, value in figures.items():
            setattr(report, field, value)
        previous = FirmReport.objects.filter(
            enterprise=enterprise, period__year=period.year - 1, period__quarter=period.quarter
        ).first()
        report.flags = plausibility_flags(report, previous=previous, lines=lines)
        status = ReportStatus.FLAGGED if report.flags else ReportStatus.SUBMITTED
        if report.pk and status not in REPORT_TRANSITIONS[report.status]:
            raise ApplicationError(_("Không thể nộp lại báo cáo ở trạng thái này."))
        report.status = status
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
        audit_record(
            actor=actor,
            action="monitoring.firm_report_submit",
            obj=report,
            changes={
                "before": before,
                "after": snapshot(report, REPORT_FIELDS),
                "lines": {str(k): v for k, v in lines.items()},
                "monthly": {str(k): v for k, v in months.items()},
                "flags": [f["code"] for f in report.flags],
            },
        )
    return report


def firm_report_check(*, actor, report: FirmReport, note: str) -> FirmReport:
    """The officer marks a report as checked; a flagged one needs a note."""
    note = (note or "").strip()
    with transaction.atomic():
        report = FirmReport.objects.select_for_update().get(pk=report.pk)
        if ReportStatus.CHECKED not in REPORT_TRANSITIONS[report.status]:
            raise ApplicationError(_("Báo cáo đã được kiểm tra."))
        if report.flags and not note:
            raise ApplicationError(_("Báo cáo có cảnh báo: cần ghi chú kết quả kiểm tra."))
        before = report.status
        report.status = ReportStatus.CHECKED
        report.checked_by, report.checked_at, report.check_note = actor, timezone.now(), note
        report.save(update_fields=["status", "checked_by", "checked_at", "check_note"])
        audit_record(
            actor=actor,
            action="monitoring.firm_report_check",
            obj=report,
            changes={"status": [before, report.status], "note": note},
        )
    return report
