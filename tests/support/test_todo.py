"""The support part's "Việc cần làm": requests waiting for a decision, overdue difficulties;
each appears in its state, links to its page and goes with the action."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from chuluc.support import services
from chuluc.support.enums import DifficultyStatus, RequestStatus
from chuluc.support.todo import support_tasks
from tests.factories.support import make_policy, overdue, routed

pytestmark = pytest.mark.django_db


def _today():
    return timezone.localdate()


def _request(rep, enterprise, policy):
    return services.support_request_submit(
        actor=rep, enterprise=enterprise, policy=policy, description="Xin gian hàng."
    )


def test_officer_sees_requests_waiting_for_a_decision_until_decided(
    client, officer, rep_a, enterprise_a
):
    made = _request(rep_a, enterprise_a, make_policy(officer))

    [task] = support_tasks(officer, _today())
    assert task.what.endswith(": 1")
    assert task.url == "/ho-tro/de-nghi/?trang-thai=submitted"
    assert task.due == made.due_on
    assert not task.overdue
    client.force_login(officer)
    assert enterprise_a.name in client.get(task.url).content.decode()

    services.support_request_decide(
        actor=officer, support_request=made, status=RequestStatus.REFUSED, reason="Hết kinh phí."
    )
    assert support_tasks(officer, _today()) == []


def test_a_request_past_its_due_date_is_overdue(officer, rep_a, enterprise_a):
    made = _request(rep_a, enterprise_a, make_policy(officer))
    made.__class__.objects.filter(pk=made.pk).update(due_on=_today().replace(year=2020))

    [task] = support_tasks(officer, _today())
    assert task.overdue


def test_an_overdue_difficulty_is_on_the_officers_and_its_agencys_queue_until_answered(
    client, officer, agency_officer, leader, rep_a, enterprise_a
):
    routed(officer, rep_a, enterprise_a)
    assert support_tasks(agency_officer, _today()) == []

    late = overdue(officer, rep_a, enterprise_a)
    for user in (officer, agency_officer):
        [task] = [t for t in support_tasks(user, _today()) if "Vướng mắc" in t.what]
        assert task.overdue
        assert task.due == late.due_on
        assert task.url.endswith("?qua-han=1")
        client.force_login(user)
        assert late.title in client.get(task.url).content.decode()
    assert support_tasks(leader, _today()) == []
    assert support_tasks(rep_a, _today()) == []

    services.difficulty_move(
        actor=agency_officer,
        difficulty=late,
        status=DifficultyStatus.ANSWERED,
        note="Đã cấp phép.",
    )
    assert support_tasks(agency_officer, _today()) == []


def _queries(user):
    with CaptureQueriesContext(connection) as ctx:
        support_tasks(user, _today())
    return len(ctx)


def test_the_source_reads_in_a_fixed_number_of_queries(officer, rep_a, enterprise_a):
    made = []

    def add(n):
        for _ in range(n):
            policy = make_policy(officer, name=f"Chính sách {len(made)}")
            made.append(_request(rep_a, enterprise_a, policy))
            overdue(officer, rep_a, enterprise_a)

    add(1)
    _queries(officer)  # the roles, read once per request and kept
    one = _queries(officer)
    add(5)
    assert _queries(officer) == one
