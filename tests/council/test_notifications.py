"""What the council's members are told (chuluc/council/notifications.py): one notification
row and one mail per person for each event, after the commit."""

import pytest
from django.core import mail
from django.utils import timezone

from chuluc.core.models import Notification
from chuluc.council import services
from chuluc.council.enums import MemberRole
from chuluc.council.models import Score
from tests.factories.accounts import UserFactory
from tests.factories.campaigns import eligible_dossier
from tests.factories.council import score_all
from tests.factories.registry import ProductFactory

pytestmark = pytest.mark.django_db


def _told(event: str) -> list[tuple[str, str]]:
    """(username, title) of the event's notifications, by user."""
    return sorted(Notification.objects.filter(event=event).values_list("user__username", "title"))


def _mailed() -> list[tuple[str, str]]:
    return sorted((m.to[0], m.subject) for m in mail.outbox)


def _closed(setup):
    for who in ("uv1", "uv2"):
        score_all(setup, setup["members"][who], lambda d, c: 5)
    round_ = setup["council"].rounds.get()
    services.round_close(actor=setup["members"]["thu_ky"].user, round_=round_)
    return round_


def test_a_member_given_criteria_is_told_once_per_council(
    setup, officer, django_capture_on_commit_callbacks
):
    council = setup["council"]
    # build_council gave uv1 and uv2 every judged criterion: one notification each
    assert [t[0] for t in _told("council.sheet_assigned")] == [
        setup["members"]["uv1"].user.username,
        setup["members"]["uv2"].user.username,
    ]
    user = UserFactory(username="uv3")
    uv3 = services.member_add(actor=officer, council=council, user=user, title="Sở Xây dựng")
    Notification.objects.update(emailed_at=timezone.now())  # the first assignment's mails left
    with django_capture_on_commit_callbacks(execute=True):
        for criterion in setup["judged"][:2]:
            members = [setup["members"]["uv1"], setup["members"]["uv2"], uv3]
            services.assignment_set(
                actor=officer, council=council, criterion=criterion, members=members
            )
    title = f"Bạn được phân công chấm điểm: {council.name}"
    assert [t for t in _told("council.sheet_assigned") if t[0] == "uv3"] == [("uv3", title)]
    assert _mailed() == [(user.email, f"[Chủ Lực] {title}")]


def test_a_reopened_sheet_tells_its_member(
    setup, officer, rep_a, enterprise_a, django_capture_on_commit_callbacks
):
    uv1 = setup["members"]["uv1"]
    score_all(setup, uv1, lambda d, c: 6)
    services.sheet_submit(actor=uv1.user, round_=setup["council"].rounds.get())
    product = ProductFactory(enterprise=enterprise_a, name="Cáp điện ngầm Gamma")
    with django_capture_on_commit_callbacks(execute=True):
        eligible_dossier(officer=officer, actor=rep_a, campaign=setup["campaign"], product=product)
    assert [t[0] for t in _told("council.sheet_reopened")] == [uv1.user.username]
    reopened = [m for m in mail.outbox if "đã được mở lại" in m.subject]
    assert [m.to for m in reopened] == [[uv1.user.email]]
    assert "Cáp điện ngầm Gamma" in reopened[0].body


def test_locking_the_round_tells_every_member(setup, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        round_ = _closed(setup)
    users = sorted(m.user.username for m in setup["members"].values())
    assert [t[0] for t in _told("council.round_locked")] == users
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        m.user.email for m in setup["members"].values()
    )
    assert {m.subject for m in mail.outbox} == {f"[Chủ Lực] {round_.name} đã khóa"}


def test_a_correction_tells_the_chair_then_the_member_the_decision(
    setup, django_capture_on_commit_callbacks
):
    round_ = _closed(setup)
    uv1, chair = setup["members"]["uv1"], setup["members"]["chu_tich"]
    assert chair.role == MemberRole.CHAIR
    score = Score.objects.filter(round=round_, member=uv1).first()
    with django_capture_on_commit_callbacks(execute=True):
        correction = services.correction_request(
            actor=uv1.user, score=score, new_value="7", reason="Nhập nhầm"
        )
    assert [t[0] for t in _told("council.correction_requested")] == [chair.user.username]
    assert [m.to for m in mail.outbox] == [[chair.user.email]]
    assert "Nhập nhầm" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        services.correction_decide(
            actor=chair.user, correction=correction, approve=False, reason="Điểm đã đúng"
        )
    assert _told("council.correction_decided") == [
        (uv1.user.username, "Đề nghị điều chỉnh điểm: Bị từ chối")
    ]
    assert [m.to for m in mail.outbox[1:]] == [[uv1.user.email]]
    assert "Điểm đã đúng" in mail.outbox[1].body
