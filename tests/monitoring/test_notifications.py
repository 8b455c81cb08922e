"""What periodic reports tell (chuluc/monitoring/notifications.py): the enterprise that has
not reported (with the officers once it is overdue), and the officers when figures are
flagged for review. One notification per person and one mail each, after the commit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.test import TestCase

from chuluc.core.models import Notification
from chuluc.decisions.models import Recognition
from chuluc.monitoring import services
from chuluc.monitoring.enums import Quarter
from tests.factories.decisions import decided
from tests.factories.monitoring import BN, GOOD_REPORT

pytestmark = pytest.mark.django_db


def _told(event):
    return sorted(
        Notification.objects.filter(event=event, user__isnull=False).values_list(
            "user__username", "url"
        )
    )


def _period(officer, year, **options):
    return services.period_create(
        actor=officer, year=year, quarter=Quarter.YEAR, due_on=dt.date(year + 1, 3, 31), **options
    )


def test_a_report_due_then_overdue_tells_the_enterprise_then_the_officers(
    officer, rep_a, enterprise_a, settings
):
    settings.REPORT_REMINDER_DAYS = [7]
    settings.REPORT_OVERDUE_DAYS = [1]
    decided(officer=officer, rep=rep_a, enterprise=enterprise_a, year=2026)
    assert Recognition.objects.exists()
    period = _period(officer, 2026)
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.report_reminders_send(today=period.due_on - dt.timedelta(days=3))
    assert _told("monitoring.report_due") == [("rep_a", "/theo-doi/bao-cao/nop/")]
    assert [m.to for m in mail.outbox] == [[rep_a.email]]
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.report_reminders_send(today=period.due_on + dt.timedelta(days=2))
    assert [u for u, _url in _told("monitoring.report_due")] == ["officer", "rep_a", "rep_a"]
    assert sorted(m.to[0] for m in mail.outbox[1:]) == sorted([rep_a.email, officer.email])


def test_flagged_figures_tell_the_officers(officer, rep_a, enterprise_a):
    services.firm_report_submit(
        actor=rep_a, enterprise=enterprise_a, period=_period(officer, 2023), **GOOD_REPORT
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        report = services.firm_report_submit(
            actor=rep_a,
            enterprise=enterprise_a,
            period=_period(officer, 2024, growth_threshold_pct=30),
            **{**GOOD_REPORT, "revenue_vnd": 300 * BN},
        )
    assert _told("monitoring.report_flagged") == [("officer", f"/theo-doi/bao-cao/{report.pk}/")]
    assert [m.to for m in mail.outbox] == [[officer.email]]
