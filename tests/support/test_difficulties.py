"""Difficulties: one transition table, one transition function, a history row and an audit
row per change; who may take which step; dialogues."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from chuluc.core.errors import ApplicationError
from chuluc.core.models import AuditEntry
from chuluc.support import selectors, services
from chuluc.support.enums import DifficultyCategory, DifficultySource, DifficultyStatus
from chuluc.support.lifecycles import DIFFICULTY
from chuluc.support.models import Difficulty, DifficultyEvent
from tests.factories.accounts import UserFactory
from tests.factories.support import khcn, overdue, raise_difficulty, routed, tnmt

S = DifficultyStatus


def _state():
    return (
        Difficulty.objects.count(),
        DifficultyEvent.objects.count(),
        AuditEntry.objects.count(),
        list(Difficulty.objects.values_list("status", "agency_id", "answer").order_by("pk")),
    )


def test_the_lifecycle_leads_every_state_to_an_end():
    reached = {DIFFICULTY.initial} | {t.target for t in DIFFICULTY.transitions}
    assert reached == set(S.values)
    assert DIFFICULTY.targets_from(S.RESOLVED) == set()
    assert DIFFICULTY.targets_from(S.CANNOT_RESOLVE) == set()
    assert S.RESOLVED in DIFFICULTY.targets_from(S.ANSWERED)


def test_the_whole_path_leaves_a_history_and_an_audit_row_per_step(
    officer, agency_officer, rep_a, enterprise_a
):
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        difficulty = raise_difficulty(rep_a, enterprise_a)
        assert (difficulty.status, difficulty.source) == (S.RECEIVED, DifficultySource.ONLINE)
        assert difficulty.due_on == timezone.localdate() + dt.timedelta(days=15)
        services.difficulty_move(
            actor=officer, difficulty=difficulty, status=S.ROUTED, agency=khcn()
        )
        services.difficulty_move(actor=agency_officer, difficulty=difficulty, status=S.IN_PROGRESS)
        services.difficulty_move(
            actor=agency_officer,
            difficulty=difficulty,
            status=S.ANSWERED,
            note="Sở KH&CN đã hướng dẫn thủ tục thẩm định công nghệ.",
        )
        services.difficulty_move(
            actor=rep_a, difficulty=difficulty, status=S.IN_PROGRESS, note="Chưa rõ hồ sơ mẫu."
        )
        services.difficulty_move(
            actor=agency_officer, difficulty=difficulty, status=S.ANSWERED, note="Gửi kèm mẫu."
        )
        services.difficulty_move(actor=rep_a, difficulty=difficulty, status=S.RESOLVED)
    difficulty.refresh_from_db()
    assert (difficulty.status, difficulty.resolved_on, difficulty.answer) == (
        S.RESOLVED,
        timezone.localdate(),
        "Gửi kèm mẫu.",
    )
    history = list(difficulty.events.values_list("from_status", "to_status"))
    assert history == [
        ("", S.RECEIVED),
        (S.RECEIVED, S.ROUTED),
        (S.ROUTED, S.IN_PROGRESS),
        (S.IN_PROGRESS, S.ANSWERED),
        (S.ANSWERED, S.IN_PROGRESS),
        (S.IN_PROGRESS, S.ANSWERED),
        (S.ANSWERED, S.RESOLVED),
    ]
    actions = list(
        AuditEntry.objects.filter(object_id=str(difficulty.pk), content_type__model="difficulty")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "support.difficulty_raise",
        "difficulty.route",
        "difficulty.start",
        "difficulty.answer",
        "difficulty.reopen",
        "difficulty.answer",
        "difficulty.resolve",
    ]
    # routed → the agency; answered twice → the enterprise; reopened → the agency again
    assert [m.to for m in mail.outbox] == [
        [agency_officer.email],
        [rep_a.email],
        [agency_officer.email],
        [rep_a.email],
    ]


@pytest.mark.parametrize(
    ("who", "step", "message"),
    [
        ("rep_a", S.ROUTED, "không có quyền"),  # only officers route
        ("rep_a", S.ANSWERED, "không có quyền"),  # the enterprise does not answer itself
        ("rep_b", S.IN_PROGRESS, "không có quyền"),  # another enterprise's representative
        ("outsider", S.ANSWERED, "không có quyền"),
        ("council_member", S.CANNOT_RESOLVE, "không có quyền"),
        ("leader", S.ANSWERED, "không có quyền"),  # leaders read
        ("tnmt_officer", S.ANSWERED, "không có quyền"),  # another agency's officer
        ("officer", S.RESOLVED, "không thể chuyển sang"),  # not answered yet
        ("officer", S.RECEIVED, "không thể chuyển sang"),  # no way back
        ("officer", "deleted", "không thể chuyển sang"),  # not a state at all
        ("agency_officer", S.ANSWERED, "Vui lòng ghi nội dung trả lời"),  # empty answer
        ("agency_officer", S.CANNOT_RESOLVE, "Vui lòng ghi lý do"),
    ],
)
def test_invalid_moves_are_refused_and_change_nothing(
    request, officer, rep_a, enterprise_a, who, step, message
):
    difficulty = routed(officer, rep_a, enterprise_a)
    if who == "tnmt_officer":
        actor = UserFactory(username="tnmt", roles=[("agency_officer", tnmt())])
    else:
        actor = request.getfixturevalue(who)
    before = _state()
    with pytest.raises((ApplicationError, ValidationError)) as info:
        services.difficulty_move(actor=actor, difficulty=difficulty, status=step)
    text = info.value.message if isinstance(info.value, ApplicationError) else str(info.value)
    assert message in text
    assert _state() == before


def test_a_closed_difficulty_stays_closed(officer, rep_a, enterprise_a):
    difficulty = routed(officer, rep_a, enterprise_a)
    services.difficulty_move(
        actor=officer, difficulty=difficulty, status=S.CANNOT_RESOLVE, note="Thuộc thẩm quyền TW."
    )
    for step in S.values:
        with pytest.raises(ApplicationError, match="Không thể giải quyết"):
            services.difficulty_move(actor=officer, difficulty=difficulty, status=step, note="x")


def test_a_representative_raises_only_for_their_own_enterprise(rep_b, enterprise_a):
    before = _state()
    with pytest.raises(ApplicationError, match="không phải đại diện"):
        raise_difficulty(rep_b, enterprise_a)
    with pytest.raises(ApplicationError, match="Chỉ cán bộ Sở"):
        services.difficulty_raise(
            actor=rep_b,
            enterprise=rep_b.memberships.get().enterprise,
            category=DifficultyCategory.TAX,
            title="Hoàn thuế",
            description="Chậm hoàn thuế.",
            due_on=timezone.localdate() + dt.timedelta(days=365),
        )
    assert _state() == before


def test_bad_difficulty_input_is_refused_with_every_reason(officer, enterprise_a):
    before = _state()
    with pytest.raises(ValidationError) as info:
        services.difficulty_raise(
            actor=officer,
            enterprise=enterprise_a,
            category="gossip",
            title="  ",
            description="",
            received_on=timezone.localdate() + dt.timedelta(days=2),
        )
    assert set(info.value.message_dict) == {"category", "title", "description", "received_on"}
    assert _state() == before


def test_a_dialogue_records_difficulties_routed_at_once(officer, enterprise_a, enterprise_b):
    held = timezone.localdate() - dt.timedelta(days=20)
    dialogue = services.dialogue_create(
        actor=officer,
        title="Hội nghị đối thoại doanh nghiệp SPCNCL",
        held_on=held,
        chair="Phó Chủ tịch UBND Thành phố",
        minutes="Các doanh nghiệp nêu 2 vướng mắc.",
        participants=[enterprise_a, enterprise_b],
    )
    difficulty = services.difficulty_raise(
        actor=officer,
        enterprise=enterprise_a,
        category=DifficultyCategory.PREMISES_LAND,
        title="Thiếu mặt bằng mở rộng",
        description="Cần 2 ha trong cụm công nghiệp.",
        dialogue=dialogue,
        agency=tnmt(),
    )
    assert (difficulty.source, difficulty.received_on, difficulty.status) == (
        DifficultySource.MEETING,
        held,
        S.ROUTED,
    )
    assert difficulty.due_on == held + dt.timedelta(days=15)
    assert selectors.is_overdue(difficulty)  # 20 days ago + 15 days: overdue, never stored
    assert list(difficulty.events.values_list("to_status", flat=True)) == [S.RECEIVED, S.ROUTED]
    assert sorted(dialogue.participants.values_list("pk", flat=True)) == sorted(
        [enterprise_a.pk, enterprise_b.pk]
    )


def test_overdue_is_derived_from_the_dates(officer, agency_officer, rep_a, enterprise_a, rep_b):
    late = overdue(officer, rep_a, enterprise_a, days=3)
    routed(officer, rep_a, enterprise_a, agency=tnmt())
    assert list(selectors.overdue_difficulties_for(officer)) == [late]
    assert list(selectors.overdue_difficulties_for(agency_officer)) == [late]
    assert list(selectors.overdue_difficulties_for(rep_a)) == [late]
    assert list(selectors.overdue_difficulties_for(rep_b)) == []
    services.difficulty_move(
        actor=agency_officer, difficulty=late, status=S.ANSWERED, note="Đã trả lời."
    )
    assert list(selectors.overdue_difficulties_for(officer)) == []  # waits for the firm now


def test_a_difficulty_gets_a_reference_number_shown_to_its_sender(client, rep_a, enterprise_a):
    """Seen: difficulties got no reference number."""
    client.force_login(rep_a)
    response = client.post(
        reverse("support:difficulty_create"),
        {
            "enterprise": enterprise_a.pk,
            "category": DifficultyCategory.values[0],
            "title": "Chậm cấp phép",
            "description": "Hồ sơ nộp từ tháng 3.",
        },
    )
    assert response.status_code == 302
    difficulty = Difficulty.objects.get()
    assert difficulty.reference == (f"SPCNCL-{difficulty.received_on.year}-VM-{difficulty.pk:06d}")
    page = client.get(response.url).content.decode()
    assert f"số tiếp nhận {difficulty.reference}" in page
    assert 'id="reference"' in page


def test_a_difficulty_recorded_and_routed_by_an_officer_has_its_number(
    officer, rep_a, enterprise_a
):
    difficulty = routed(officer, rep_a, enterprise_a)
    assert difficulty.reference.startswith("SPCNCL-") and difficulty.reference.endswith(
        f"-VM-{difficulty.pk:06d}"
    )
