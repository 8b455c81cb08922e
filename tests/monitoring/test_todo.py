"""Monitoring's "Việc cần làm": reports waiting for the officer's check, reports a recognised
firm owes; each appears in its state, links to its page and goes with the action."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from chuluc.monitoring import services
from chuluc.monitoring.enums import Quarter
from chuluc.monitoring.todo import check_tasks, missing_report_tasks, report_tasks
from tests.factories.monitoring import GOOD_REPORT
from tests.factories.support import recognition

pytestmark = pytest.mark.django_db


def _today():
    return timezone.localdate()


@pytest.fixture
def recognised_a(officer, enterprise_a):
    """Enterprise A recognised for the last year and the next two."""
    return recognition(
        officer,
        enterprise_a,
        valid_from=_today() - dt.timedelta(days=400),
        valid_until=_today() + dt.timedelta(days=700),
    )


def _period(officer, *, due_in_days: int, quarter=Quarter.YEAR):
    year = _today().year - 1
    return services.period_create(
        actor=officer, year=year, quarter=quarter, due_on=_today() + dt.timedelta(days=due_in_days)
    )


def _submit(rep, enterprise, period):
    return services.firm_report_submit(
        actor=rep, enterprise=enterprise, period=period, **GOOD_REPORT
    )


def test_a_recognised_firm_owes_the_report_due_soon_until_it_files_it(
    client, officer, rep_a, rep_b, enterprise_a, recognised_a
):
    period = _period(officer, due_in_days=5)

    [task] = report_tasks(rep_a, _today())
    assert enterprise_a.name in task.what
    assert task.due == period.due_on
    assert not task.overdue
    assert task.url == reverse("monitoring:report_submit") + f"?ky={period.pk}"
    client.force_login(rep_a)
    assert client.get(task.url).status_code == 200
    assert report_tasks(rep_b, _today()) == []

    _submit(rep_a, enterprise_a, period)
    assert report_tasks(rep_a, _today()) == []


def test_a_report_past_its_due_date_is_overdue(officer, rep_a, recognised_a):
    _period(officer, due_in_days=-10)

    [task] = report_tasks(rep_a, _today())
    assert task.overdue


def test_a_period_far_ahead_is_not_asked_yet(officer, rep_a, recognised_a):
    _period(officer, due_in_days=60)

    assert report_tasks(rep_a, _today()) == []


def test_the_officer_checks_a_submitted_report_then_it_goes(
    client, officer, leader, rep_a, enterprise_a, recognised_a
):
    report = _submit(rep_a, enterprise_a, _period(officer, due_in_days=5))

    [task] = check_tasks(officer, _today())
    assert task.what.endswith(": 1")
    assert task.url == reverse("monitoring:reports") + f"?trang_thai={report.status}"
    client.force_login(officer)
    assert enterprise_a.name in client.get(task.url).content.decode()
    assert check_tasks(leader, _today()) == []
    assert check_tasks(rep_a, _today()) == []

    services.firm_report_check(actor=officer, report=report, note="Khớp")
    assert check_tasks(officer, _today()) == []


def test_officers_and_the_leader_see_the_firms_late_with_a_report_until_they_file(
    client, officer, leader, rep_a, enterprise_a, recognised_a
):
    soon = _period(officer, due_in_days=5)
    assert missing_report_tasks(officer, _today()) == []
    late = _period(officer, due_in_days=-3, quarter=Quarter.Q4)

    for user in (officer, leader):
        [task] = missing_report_tasks(user, _today())
        assert task.what.endswith(": 1")
        assert task.overdue
        assert task.due == late.due_on
        assert task.url == reverse("monitoring:dashboard")
        client.force_login(user)
        assert client.get(task.url).status_code == 200
    assert missing_report_tasks(rep_a, _today()) == []

    _submit(rep_a, enterprise_a, late)
    _submit(rep_a, enterprise_a, soon)
    assert missing_report_tasks(officer, _today()) == []


def _queries(source, user):
    with CaptureQueriesContext(connection) as ctx:
        source(user, _today())
    return len(ctx)


def test_the_sources_read_in_a_fixed_number_of_queries(officer, rep_a, enterprise_a, recognised_a):
    whole_year = _period(officer, due_in_days=5)
    _submit(rep_a, enterprise_a, whole_year)
    _period(officer, due_in_days=-3, quarter=Quarter.Q4)
    _queries(check_tasks, officer)  # the roles, read once per request and kept
    _queries(report_tasks, rep_a)
    sources = [(check_tasks, officer), (report_tasks, rep_a), (missing_report_tasks, officer)]
    one = [_queries(source, user) for source, user in sources]
    for quarter in (Quarter.Q1, Quarter.Q2, Quarter.Q3):
        _submit(rep_a, enterprise_a, _period(officer, due_in_days=2, quarter=quarter))
        recognition(
            officer,
            enterprise_a,
            valid_from=_today() - dt.timedelta(days=400),
            valid_until=_today() + dt.timedelta(days=700),
        )
    assert [_queries(source, user) for source, user in sources] == one
