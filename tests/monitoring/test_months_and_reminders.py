"""The month split of a quarter's quantities (read by the IIP's production part) and the
daily reminders about reports not yet submitted."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from chuluc.core.errors import ApplicationError
from chuluc.decisions.models import Recognition
from chuluc.monitoring import selectors, services
from chuluc.monitoring.enums import Quarter
from chuluc.monitoring.models import FirmReport, FirmReportLine, ReportReminder
from tests.factories.decisions import decided
from tests.factories.monitoring import GOOD_REPORT


@pytest.fixture
def world(officer, rep_a, enterprise_a):
    decided(officer=officer, rep=rep_a, enterprise=enterprise_a, year=2026)
    products = [r.product for r in Recognition.objects.order_by("rank")]
    return {"products": products}


def _quarter(officer, quarter=3, due=dt.date(2026, 10, 20)):
    return services.period_create(actor=officer, year=2026, quarter=quarter, due_on=due)


def _submit(rep_a, enterprise_a, period, product, qty, months):
    return services.firm_report_submit(
        actor=rep_a,
        enterprise=enterprise_a,
        period=period,
        lines={product.pk: qty},
        monthly={product.pk: months} if months is not None else None,
        **GOOD_REPORT,
    )


def test_month_split_stored_and_read_by_month(world, officer, rep_a, enterprise_a):
    product = world["products"][0]
    months = [Decimal(10), Decimal("20.5"), Decimal("30.5")]
    _submit(rep_a, enterprise_a, _quarter(officer), product, Decimal(61), months)
    line = FirmReportLine.objects.get()
    assert line.monthly == ["10", "20.5", "30.5"]
    assert selectors.monthly_quantities(2026) == [
        (product.pk, "2026-07", Decimal(10)),
        (product.pk, "2026-08", Decimal("20.5")),
        (product.pk, "2026-09", Decimal("30.5")),
    ]
    assert selectors.monthly_quantities(2025) == []


@pytest.mark.parametrize(
    ("months", "message"),
    [
        ([Decimal(1), Decimal(2)], "đủ ba tháng"),
        ([Decimal(1), Decimal(2), Decimal(-3)], "không được âm"),
        ([Decimal(1), Decimal(2), Decimal(3)], "khác sản lượng quý"),
    ],
)
def test_bad_month_split_refused_and_nothing_stored(
    world, officer, rep_a, enterprise_a, months, message
):
    with pytest.raises(ApplicationError, match=message):
        _submit(rep_a, enterprise_a, _quarter(officer), world["products"][0], Decimal(61), months)
    assert FirmReport.objects.count() == 0


def test_month_split_refused_in_a_year_report(world, officer, rep_a, enterprise_a):
    period = services.period_create(
        actor=officer, year=2026, quarter=Quarter.YEAR, due_on=dt.date(2027, 3, 31)
    )
    with pytest.raises(ApplicationError, match="báo cáo quý"):
        _submit(rep_a, enterprise_a, period, world["products"][0], Decimal(3), [1, 1, 1])
    assert FirmReport.objects.count() == 0


def test_period_bounds():
    class P:
        year, quarter = 2026, 4

    assert selectors.period_bounds(P) == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    P.quarter = 1
    assert selectors.period_bounds(P) == (dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    P.quarter = 0
    assert selectors.period_bounds(P) == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def test_reminders_before_and_after_due_date_never_twice(
    world, officer, rep_a, enterprise_a, settings, django_capture_on_commit_callbacks
):
    settings.REPORT_REMINDER_DAYS = [7, 1]
    settings.REPORT_OVERDUE_DAYS = [1, 7]
    due = dt.date(2027, 1, 20)
    _quarter(officer, quarter=4, due=due)
    rep_a.email, officer.email = "dn@example.vn", "sct@example.vn"
    rep_a.save()
    officer.save()
    mail.outbox.clear()

    def send(today):
        with django_capture_on_commit_callbacks(execute=True):
            return services.report_reminders_send(today=today)

    assert send(due - dt.timedelta(days=10)) == 0  # too early
    assert send(due - dt.timedelta(days=5)) == 1  # inside 7 days
    assert send(due - dt.timedelta(days=5)) == 0  # same day again
    assert send(due - dt.timedelta(days=1)) == 1  # the 1-day lead
    before = list(mail.outbox)
    assert all("sct@example.vn" not in m.to for m in before)  # the enterprise only
    assert "Nhắc nộp báo cáo" in before[0].subject

    assert send(due + dt.timedelta(days=9)) == 1  # +1 and +7 at once
    overdue = mail.outbox[-1]
    assert "Quá hạn" in overdue.subject and "sct@example.vn" in overdue.to
    assert sorted(ReportReminder.objects.values_list("offset_days", flat=True)) == [-7, -1, 1, 7]
    assert send(due + dt.timedelta(days=12)) == 0


def test_no_reminder_once_reported(world, officer, rep_a, enterprise_a, settings):
    settings.REPORT_REMINDER_DAYS = [7]
    due = dt.date(2027, 1, 20)
    period = _quarter(officer, quarter=4, due=due)
    _submit(rep_a, enterprise_a, period, world["products"][0], Decimal(3), None)
    assert services.report_reminders_send(today=due - dt.timedelta(days=3)) == 0
    assert ReportReminder.objects.count() == 0


def test_command_refuses_bad_date_and_runs(world):
    with pytest.raises(CommandError, match="không hợp lệ"):
        call_command("send_report_reminders", "--date", "2027-13-01")
    call_command("send_report_reminders", "--date", "2027-01-01")
