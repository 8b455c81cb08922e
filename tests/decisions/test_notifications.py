"""What enterprises are told about the result and their recognitions
(chuluc/decisions/notifications.py): one notification per verified representative and one
mail each, after the commit."""

import datetime as dt

import pytest
from django.core import mail
from django.test import TestCase
from django.utils import timezone

from chuluc.core.models import Notification
from chuluc.decisions import services
from tests.factories.decisions import close_comments, closed_council, decided, published

pytestmark = pytest.mark.django_db


def _told(event):
    return list(
        Notification.objects.filter(event=event, user__isnull=False).values_list(
            "user__username", "url"
        )
    )


def _mails(subject_part):
    return [m for m in mail.outbox if subject_part in m.subject]


def test_publishing_the_result_tells_the_scored_enterprises(officer, rep_a, enterprise_a):
    world = closed_council(officer=officer, rep=rep_a, enterprise=enterprise_a)
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.publication_publish(actor=officer, campaign=world["campaign"])
    assert _told("decisions.result_published") == [("rep_a", "/lay-y-kien/2026/")]
    assert [m.to for m in _mails("đã được công bố")] == [[rep_a.email]]


def test_entering_the_decision_tells_the_recognised_then_the_certificates(
    officer, rep_a, enterprise_a
):
    world = published(officer=officer, rep=rep_a, enterprise=enterprise_a)
    close_comments(world["publication"])
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.decision_enter(
            actor=officer,
            campaign=world["campaign"],
            number="77/QĐ-UBND",
            signed_on=timezone.localdate(),
            signer_name="Nguyễn Văn Thử",
            signer_title="Phó Chủ tịch UBND Thành phố",
        )
    assert _told("decisions.decision_entered") == [("rep_a", "/cong-nhan-cua-toi/")]
    assert [m.to for m in _mails("Quyết định công nhận số 77/QĐ-UBND")] == [[rep_a.email]]
    # the certificates' PDFs are made by the background task, which tells them ready
    assert _told("decisions.certificate_issued") == [("rep_a", "/cong-nhan-cua-toi/")]
    assert [m.to for m in _mails("Giấy chứng nhận")] == [[rep_a.email]]


def test_revoking_tells_the_enterprise_why(officer, rep_a, enterprise_a):
    world = decided(officer=officer, rep=rep_a, enterprise=enterprise_a)
    recognition = world["decision"].recognitions.order_by("rank").first()
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.recognition_revoke(
            actor=officer,
            recognition=recognition,
            reason="Vi phạm cam kết chất lượng",
            decision_ref="QĐ 9/QĐ-UBND",
        )
    assert _told("decisions.certificate_revoked") == [("rep_a", "/cong-nhan-cua-toi/")]
    revoked = _mails("đã bị thu hồi")
    assert [m.to for m in revoked] == [[rep_a.email]]
    assert "Vi phạm cam kết chất lượng" in revoked[0].body


def test_an_expiring_recognition_tells_the_enterprise_and_the_officers(
    officer, rep_a, enterprise_a, settings
):
    settings.EXPIRY_REMINDER_DAYS = [30]
    world = decided(officer=officer, rep=rep_a, enterprise=enterprise_a, dossier_count=1)
    recognition = world["decision"].recognitions.get()
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.expiry_reminders_send(today=recognition.valid_until - dt.timedelta(days=10))
    assert sorted(_told("decisions.certificate_expiring")) == [
        ("officer", f"/cong-nhan/{recognition.pk}/"),
        ("rep_a", "/cong-nhan-cua-toi/"),
    ]
    assert sorted(m.to[0] for m in _mails("còn 10 ngày")) == sorted([rep_a.email, officer.email])
