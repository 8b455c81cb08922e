"""The daily reminder command sends each overdue notice once per period (ISO week) while
the difficulty stays overdue, to the routed agency's officers and the department's."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import TestCase

from chuluc.support import services
from chuluc.support.enums import DifficultyStatus
from chuluc.support.models import Difficulty, DifficultyReminder
from tests.factories.accounts import UserFactory
from tests.factories.support import routed, tnmt

DUE = dt.date(2026, 1, 5)  # a Monday
TUESDAY, SUNDAY, NEXT_MONDAY = dt.date(2026, 1, 6), dt.date(2026, 1, 11), dt.date(2026, 1, 12)


def _send(day: dt.date) -> int:
    """As the command runs it: the mail goes out when the transaction commits."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return services.difficulty_reminders_send(today=day)


@pytest.fixture
def late(officer, agency_officer, rep_a, enterprise_a):
    difficulty = routed(officer, rep_a, enterprise_a)  # to Sở KH&CN, the agency officer's
    Difficulty.objects.filter(pk=difficulty.pk).update(
        received_on=dt.date(2025, 12, 20), due_on=DUE
    )
    mail.outbox.clear()
    return difficulty


def test_an_overdue_notice_goes_once_per_week(late, officer, agency_officer):
    other_agency = UserFactory(username="tnmt", roles=[("agency_officer", tnmt())])
    assert _send(DUE) == 0  # due today: not yet overdue
    assert _send(TUESDAY) == 1
    # one mail per recipient: the routed agency's officer and the department's
    assert sorted(m.to[0] for m in mail.outbox) == sorted([officer.email, agency_officer.email])
    assert other_agency.email not in [m.to[0] for m in mail.outbox]
    assert all("quá hạn 1 ngày" in m.subject for m in mail.outbox)
    assert _send(TUESDAY) == 0  # rerun the same day
    assert _send(SUNDAY) == 0  # later in the same week
    assert len(mail.outbox) == 2
    assert _send(NEXT_MONDAY) == 1  # still overdue, a new week
    assert len(mail.outbox) == 4
    assert list(DifficultyReminder.objects.values_list("period", flat=True).order_by("period")) == [
        "2026-W02",
        "2026-W03",
    ]


def test_no_notice_once_answered(late, officer):
    services.difficulty_move(
        actor=officer, difficulty=late, status=DifficultyStatus.ANSWERED, note="Đã trả lời."
    )
    mail.outbox.clear()
    assert _send(TUESDAY) == 0
    assert mail.outbox == []


def test_the_command_is_idempotent_within_a_period(late):
    out = StringIO()
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("send_difficulty_reminders", "--date", TUESDAY.isoformat(), stdout=out)
        call_command("send_difficulty_reminders", "--date", SUNDAY.isoformat(), stdout=out)
    assert out.getvalue().splitlines() == [
        "Đã gửi 1 thư nhắc vướng mắc quá hạn.",
        "Đã gửi 0 thư nhắc vướng mắc quá hạn.",
    ]
    assert len(mail.outbox) == 2  # the agency's officer and the department's, once each


def test_the_command_refuses_a_bad_date(db):
    with pytest.raises(CommandError, match="Ngày không hợp lệ"):
        call_command("send_difficulty_reminders", "--date", "26/11/2026")
