"""Writes of firm reports: the enterprise's report for a period (submitted, resubmitted,
flagged by the plausibility checks, corrected after the check) and the officer's check,
through ``lifecycles.FIRM_REPORT``. Every submission is kept as a ``FirmReportVersion``; a
checked report's figures are never overwritten: a correction waits as a new version (with
its reason) until the officer checks it. Each service runs in one transaction and writes
one audit row."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuluc.core.audit import audit_record, snapshot
from chuluc.core.errors import ApplicationError
from chuluc.monitoring import selectors
from chuluc.monitoring.enums import CHECKED_STATES, Quarter, ReportStatus
from chuluc.monitoring.lifecycles import FIRM_REPORT
from chuluc.monitoring.models import (
    FirmReport,
    FirmReportLine,
    FirmReportVersion,
    ReportingPeriod,
)
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


def _line_rows(lines: dict, units: dict, months: dict) -> list[dict]:
    """A version's lines as stored (``FirmReportVersion.lines``), by product id."""
    return [
        {
            "product": pk,
            "quantity": str(qty),
            "unit": units.get(pk, ""),
            "monthly": months.get(pk, []),
        }
        for pk, qty in sorted(lines.items())
    ]


def _replace_lines(report: FirmReport, rows: list[dict]) -> None:
    """The report's lines in effect become ``rows`` (a version's lines)."""
    report.lines.all().delete()
    FirmReportLine.objects.bulk_create(
        FirmReportLine(
            report=report,
            product_id=row["product"],
            quantity=Decimal(row["quantity"]),
            unit=row["unit"],
            monthly=row["monthly"],
        )
        for row in rows
    )


def _next_number(report: FirmReport | None) -> int:
    if report is None:
        return 1
    latest = report.versions.order_by("-number").values_list("number", flat=True).first()
    return max(latest or 0, report.version) + 1


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
    reason: str = "",
) -> FirmReport:
    """Submit an enterprise's report for a period, as a new version; computes and stores the
    plausibility flags. Before the officer's check the version replaces the figures: a
    report with flags is flagged (``FIRM_REPORT`` event ``flag``); without, a first
    submission stays submitted and a later one is ``resubmit``. Once checked, the version is
    a correction (``correct``): ``reason`` is required, the checked figures stay in effect
    until the officer checks the correction (``firm_report_check``). Lines: quantity per
    recognised product id; ``monthly``: optionally, for a quarter, the quantity of each of
    its three months per product."""
    lines = lines or {}
    units = units or {}
    reason = (reason or "").strip()
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
        flags = selectors.report_flags(enterprise.pk, period, figures=figures, lines=lines)
        version = FirmReportVersion(
            number=_next_number(report),
            **figures,
            lines=_line_rows(lines, units, months),
            flags=flags,
            reason=reason,
            submitted_by=actor,
            submitted_at=now,
        )
        if report is not None and report.status in CHECKED_STATES:
            _correct(actor=actor, report=report, version=version, now=now)
            return report
        new = report is None
        before = {} if new else snapshot(report, FIGURES)
        old_revenue, old_export = (0, 0) if new else (report.revenue_vnd, report.export_usd)
        if new:
            report = FirmReport(enterprise=enterprise, period=period, status=FIRM_REPORT.initial)
        for field, value in figures.items():
            setattr(report, field, value)
        report.flags, report.version = flags, version.number
        report.submitted_by, report.submitted_at = actor, now
        report.checked_by, report.checked_at, report.check_note = None, None, ""
        report.save()
        version.report = report
        version.save()
        period_totals_add(
            period.pk,
            reports=1 if new else 0,
            revenue_vnd=revenue_vnd - old_revenue,
            export_usd=export_usd - old_export,
        )
        _replace_lines(report, version.lines)
        changes = {
            "before": before,
            "after": snapshot(report, FIGURES),
            "lines": {str(k): v for k, v in lines.items()},
            "monthly": {str(k): v for k, v in months.items()},
            "flags": [f["code"] for f in report.flags],
            "version": version.number,
            **({"reason": reason} if reason else {}),
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


def _correct(*, actor, report: FirmReport, version: FirmReportVersion, now) -> None:
    """A checked report's correction: stored as a version waiting for the officer's check;
    the report's figures, lines and the period's totals do not change."""
    if not version.reason:
        raise ApplicationError(
            _(
                "Báo cáo kỳ này đã được Sở Công Thương kiểm tra nên không bị ghi đè: số liệu "
                "mới được gửi thành bản sửa, cần nêu lý do sửa."
            )
        )
    in_effect = snapshot(report, FIGURES)
    proposed = snapshot(version, FIGURES)
    if proposed == in_effect and _same_lines(version.lines, _lines_in_effect(report)):
        raise ApplicationError(_("Bản sửa không thay đổi số liệu nào so với báo cáo đã kiểm tra."))
    version.report = report
    version.save()
    FIRM_REPORT.fire(
        report,
        "correct",
        actor=actor,
        changes={
            "version": version.number,
            "reason": version.reason,
            "proposed": {k: [in_effect[k], v] for k, v in proposed.items() if in_effect[k] != v},
            "flags": [f["code"] for f in version.flags],
        },
        at=now,
    )


def _same_lines(one: list[dict], other: list[dict]) -> bool:
    """Two versions' lines hold the same numbers (1500.5 typed, 1500.50 read back)."""

    def numbers(rows: list[dict]) -> list[tuple]:
        return sorted(
            (
                int(row["product"]),
                Decimal(row["quantity"]),
                row["unit"],
                [Decimal(m) for m in row["monthly"]],
            )
            for row in rows
        )

    return numbers(one) == numbers(other)


def _lines_in_effect(report: FirmReport) -> list[dict]:
    return [
        {
            "product": line.product_id,
            "quantity": str(line.quantity),
            "unit": line.unit,
            "monthly": line.monthly,
        }
        for line in report.lines.order_by("product_id")
    ]


def firm_report_check(*, actor, report: FirmReport, note: str) -> FirmReport:
    """The officer marks a report's latest version as checked; one with flags needs a note.
    Checking a correction puts its figures and lines in effect (and into the period's
    totals)."""
    note = (note or "").strip()
    now = timezone.now()
    with transaction.atomic():
        report = FirmReport.objects.select_for_update().get(pk=report.pk)
        if report.status == ReportStatus.CHECKED:
            raise ApplicationError(_("Báo cáo đã được kiểm tra."))
        version = report.versions.order_by("-number").first()
        correction = report.status == ReportStatus.CORRECTED
        flags = version.flags if correction else report.flags
        if flags and not note:
            raise ApplicationError(_("Báo cáo có cảnh báo: cần ghi chú kết quả kiểm tra."))
        fields = {"checked_by": actor, "checked_at": now, "check_note": note}
        changes = {"note": note}
        if version is not None:
            changes["version"] = version.number
        if correction:
            old_revenue, old_export = report.revenue_vnd, report.export_usd
            fields.update(
                {field: getattr(version, field) for field in FIGURES},
                flags=version.flags,
                version=version.number,
                submitted_by=version.submitted_by,
                submitted_at=version.submitted_at,
            )
        FIRM_REPORT.fire(report, "check", actor=actor, fields=fields, changes=changes, at=now)
        if correction:
            _replace_lines(report, version.lines)
            period_totals_add(
                report.period_id,
                reports=0,
                revenue_vnd=report.revenue_vnd - old_revenue,
                export_usd=report.export_usd - old_export,
            )
        if version is not None:
            version.checked_by, version.checked_at, version.check_note = actor, now, note
            version.save(update_fields=["checked_by", "checked_at", "check_note"])
    return report
