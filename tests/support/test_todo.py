"""The support part's "Việc cần làm": requests waiting for a decision, overdue difficulties;
each appears in its state, links to its page and goes with the action."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from chuluc.support import services
from chuluc.support.enums import DifficultyStatus, RequestStatus
from chuluc.support.todo import support_tasks
from tests.factories.support import khcn, make_policy, overdue, raise_difficulty, routed

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


def test_a_request_past_its_due_date_is_overdue_and_shown_to_the_leader(
    officer, leader, rep_a, enterprise_a
):
    made = _request(rep_a, enterprise_a, make_policy(officer))
    assert support_tasks(leader, _today()) == []
    made.__class__.objects.filter(pk=made.pk).update(due_on=_today().replace(year=2020))

    for user in (officer, leader):
        [task] = support_tasks(user, _today())
        assert task.overdue


def _named(user, words):
    return [t for t in support_tasks(user, _today()) if words in t.what]


def test_a_received_difficulty_waits_for_the_officer_to_route_it(officer, rep_a, enterprise_a):
    difficulty = raise_difficulty(rep_a, enterprise_a)

    [task] = _named(officer, "chuyển cơ quan")
    assert task.url == "/ho-tro/vuong-mac/?trang-thai=received"

    services.difficulty_move(
        actor=officer, difficulty=difficulty, status=DifficultyStatus.ROUTED, agency=khcn()
    )
    assert _named(officer, "chuyển cơ quan") == []


def test_a_routed_difficulty_waits_for_its_agency_and_then_is_overdue_for_all_who_act(
    client, officer, agency_officer, leader, rep_a, enterprise_a
):
    on_time = routed(officer, rep_a, enterprise_a)
    [task] = _named(agency_officer, "chờ cơ quan trả lời")
    assert task.due == on_time.due_on
    assert not task.overdue
    assert _named(officer, "quá hạn") == []

    late = overdue(officer, rep_a, enterprise_a)
    for user in (officer, agency_officer, leader):
        [task] = _named(user, "quá hạn")
        assert task.overdue
        assert task.due == late.due_on
        assert task.url.endswith("?qua-han=1")
        client.force_login(user)
        assert late.title in client.get(task.url).content.decode()
    assert _named(rep_a, "quá hạn") == []

    services.difficulty_move(
        actor=agency_officer,
        difficulty=late,
        status=DifficultyStatus.ANSWERED,
        note="Đã cấp phép.",
    )
    assert _named(agency_officer, "quá hạn") == []


def test_the_firm_confirms_an_answer_then_it_goes(client, officer, rep_a, rep_b, enterprise_a):
    difficulty = routed(officer, rep_a, enterprise_a)
    assert support_tasks(rep_a, _today()) == []
    services.difficulty_move(
        actor=officer, difficulty=difficulty, status=DifficultyStatus.ANSWERED, note="Đã cấp."
    )

    [task] = support_tasks(rep_a, _today())
    assert difficulty.title in task.what
    assert task.url == f"/ho-tro/vuong-mac/{difficulty.pk}/"
    client.force_login(rep_a)
    assert client.get(task.url).status_code == 200
    assert support_tasks(rep_b, _today()) == []

    services.difficulty_move(actor=rep_a, difficulty=difficulty, status=DifficultyStatus.RESOLVED)
    assert support_tasks(rep_a, _today()) == []


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
            services.difficulty_move(
                actor=officer,
                difficulty=routed(officer, rep_a, enterprise_a),
                status=DifficultyStatus.ANSWERED,
                note="Đã trả lời.",
            )

    add(1)
    _queries(officer)  # the roles, read once per request and kept
    _queries(rep_a)
    one = [_queries(officer), _queries(rep_a)]
    add(5)
    assert [_queries(officer), _queries(rep_a)] == one
