"""The accounts part's "Việc cần làm": memberships waiting for verification appear for those
who verify them, link to the filtered list and go once decided."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from chuluc.accounts import services
from chuluc.accounts.enums import MembershipStatus
from chuluc.accounts.todo import membership_tasks
from tests.factories.accounts import MembershipFactory

pytestmark = pytest.mark.django_db


def _today():
    return timezone.localdate()


def test_a_pending_membership_waits_for_the_officer_until_decided(client, officer, leader, rep_a):
    pending = MembershipFactory(status=MembershipStatus.PENDING)

    [task] = membership_tasks(officer, _today())
    assert task.what.endswith(": 1")
    assert task.url == "/tai-khoan/dai-dien/?status=pending"
    client.force_login(officer)
    assert pending.user.username in client.get(task.url).content.decode()
    assert membership_tasks(leader, _today()) == []
    assert membership_tasks(rep_a, _today()) == []

    services.membership_decide(actor=officer, membership=pending, status=MembershipStatus.VERIFIED)
    assert membership_tasks(officer, _today()) == []


def test_the_source_reads_in_a_fixed_number_of_queries(officer):
    MembershipFactory(status=MembershipStatus.PENDING)
    membership_tasks(officer, _today())  # the roles, read once per request and kept
    with CaptureQueriesContext(connection) as one:
        membership_tasks(officer, _today())
    MembershipFactory.create_batch(5, status=MembershipStatus.PENDING)
    with CaptureQueriesContext(connection) as many:
        membership_tasks(officer, _today())
    assert len(one) == len(many)
