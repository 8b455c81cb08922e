"""What an enterprise is told about its dossier (chuluc/campaigns/notifications.py): for
each event one notification per verified representative, and one mail each to them and to
the enterprise's own address, after the commit."""

import pytest
from django.core import mail

from chuluc.accounts.enums import MembershipStatus
from chuluc.campaigns import services
from chuluc.core.models import Notification
from chuluc.registry.models import Enterprise
from tests.factories.accounts import MembershipFactory
from tests.factories.campaigns import complete_dossier, screen_eligible

pytestmark = pytest.mark.django_db


def _told(event):
    """(username, url) of the event's notifications shown in the application."""
    return list(
        Notification.objects.filter(event=event, user__isnull=False).values_list(
            "user__username", "url"
        )
    )


def _to(subject_start):
    return sorted(m.to[0] for m in mail.outbox if m.subject.startswith(subject_start))


@pytest.fixture
def dossier(rep_a, enterprise_a, campaign, product_a):
    Enterprise.objects.filter(pk=enterprise_a.pk).update(email="lienhe@a.example.vn")
    # a pending representative is told nothing
    MembershipFactory(enterprise=enterprise_a, status=MembershipStatus.PENDING)
    return complete_dossier(actor=rep_a, campaign=campaign, product=product_a)


def test_submitting_tells_the_representatives(dossier, rep_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.dossier_submit(actor=rep_a, dossier=dossier)
    assert _told("campaigns.dossier_received") == [("rep_a", f"/ho-so/{dossier.pk}/")]
    assert _to("[Chủ Lực] Đã nhận hồ sơ") == sorted([rep_a.email, "lienhe@a.example.vn"])


def test_returning_tells_why_and_by_when(
    dossier, rep_a, officer, django_capture_on_commit_callbacks
):
    services.dossier_submit(actor=rep_a, dossier=dossier)
    with django_capture_on_commit_callbacks(execute=True):
        services.dossier_return(actor=officer, dossier=dossier, comment="Thiếu chữ ký")
    assert [u for u, _url in _told("campaigns.dossier_returned")] == ["rep_a"]
    returned = [m for m in mail.outbox if m.subject.startswith("[Chủ Lực] Hồ sơ cần bổ sung")]
    assert sorted(m.to[0] for m in returned) == sorted([rep_a.email, "lienhe@a.example.vn"])
    assert all("Thiếu chữ ký" in m.body and "hạn bổ sung" in m.body for m in returned)


def test_screening_tells_the_result(dossier, rep_a, officer, django_capture_on_commit_callbacks):
    services.dossier_submit(actor=rep_a, dossier=dossier)
    with django_capture_on_commit_callbacks(execute=True):
        screen_eligible(officer=officer, dossier=dossier)
    assert [u for u, _url in _told("campaigns.dossier_screened")] == ["rep_a"]
    assert _to("[Chủ Lực] Hồ sơ đủ điều kiện") == sorted([rep_a.email, "lienhe@a.example.vn"])
