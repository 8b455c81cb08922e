"""What support tells (chuluc/support/notifications.py): the enterprise when its request
is answered or its difficulty answered, the agency's officers when a difficulty is routed
to them, and them with the department's officers when it is overdue. One notification per
person and one mail each, after the commit."""

import pytest
from django.core import mail
from django.test import TestCase
from django.utils import timezone

from chuluc.core.models import Notification
from chuluc.support import services
from chuluc.support.enums import DifficultyStatus, RequestStatus
from tests.factories.support import make_policy, overdue, raise_difficulty, routed

pytestmark = pytest.mark.django_db


def _told(event):
    return sorted(
        Notification.objects.filter(event=event, user__isnull=False).values_list(
            "user__username", "url"
        )
    )


def test_a_refused_request_tells_the_enterprise_why(officer, rep_a, enterprise_a):
    made = services.support_request_submit(
        actor=rep_a, enterprise=enterprise_a, policy=make_policy(officer), description="Xin."
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.support_request_decide(
            actor=officer,
            support_request=made,
            status=RequestStatus.REFUSED,
            reason="Hết dự toán năm.",
        )
    assert _told("support.request_answered") == [("rep_a", f"/ho-tro/de-nghi/{made.pk}/")]
    assert [m.to for m in mail.outbox] == [[rep_a.email]]
    assert "Hết dự toán năm." in mail.outbox[0].body


def test_routing_tells_the_agency_officers(officer, rep_a, enterprise_a, agency_officer):
    difficulty = raise_difficulty(rep_a, enterprise_a)
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.difficulty_move(
            actor=officer,
            difficulty=difficulty,
            status=DifficultyStatus.ROUTED,
            agency=agency_officer.role_assignments.get().agency,
        )
    path = f"/ho-tro/vuong-mac/{difficulty.pk}/"
    assert _told("support.difficulty_routed") == [("agency", path)]
    assert [m.to for m in mail.outbox] == [[agency_officer.email]]


def test_an_answer_tells_the_enterprise(officer, rep_a, enterprise_a, agency_officer):
    difficulty = routed(officer, rep_a, enterprise_a)
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.difficulty_move(
            actor=officer, difficulty=difficulty, status=DifficultyStatus.ANSWERED, note="Xong."
        )
    assert [u for u, _p in _told("support.difficulty_answered")] == ["rep_a"]
    assert [m.to for m in mail.outbox] == [[rep_a.email]]


def test_an_overdue_difficulty_tells_the_agency_and_the_department(
    officer, rep_a, enterprise_a, agency_officer
):
    overdue(officer, rep_a, enterprise_a, days=3)
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.difficulty_reminders_send(today=timezone.localdate())
    assert [u for u, _p in _told("support.difficulty_overdue")] == ["agency", "officer"]
    assert sorted(m.to[0] for m in mail.outbox) == sorted([agency_officer.email, officer.email])
