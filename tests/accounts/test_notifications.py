"""What a representative is told when an officer decides on their membership
(chuluc/accounts/notifications.py): verified, or rejected with the reason."""

import pytest
from django.core import mail

from chuluc.accounts import services
from chuluc.accounts.enums import MembershipStatus
from chuluc.core.models import Notification
from tests.factories.accounts import MembershipFactory

pytestmark = pytest.mark.django_db


def test_a_verified_representative_is_told(officer, django_capture_on_commit_callbacks):
    membership = MembershipFactory(status=MembershipStatus.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_decide(
            actor=officer, membership=membership, status=MembershipStatus.VERIFIED
        )
    told = Notification.objects.get(event="accounts.membership_verified")
    assert (told.user, told.url) == (membership.user, "/tong-quan/")
    assert [m.to for m in mail.outbox] == [[membership.user.email]]
    assert membership.enterprise.name in mail.outbox[0].subject


def test_a_rejected_representative_is_told_why(officer, django_capture_on_commit_callbacks):
    membership = MembershipFactory(status=MembershipStatus.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_decide(
            actor=officer,
            membership=membership,
            status=MembershipStatus.REJECTED,
            note="Giấy ủy quyền không có chữ ký",
        )
    told = Notification.objects.get(event="accounts.membership_rejected")
    assert told.user == membership.user
    assert "Giấy ủy quyền không có chữ ký" in told.body
    assert [m.to for m in mail.outbox] == [[membership.user.email]]
    assert "bị từ chối" in mail.outbox[0].subject
