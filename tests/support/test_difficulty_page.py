"""A difficulty's page as the enterprise sees it: the case, its answer and timeline, and once
answered two buttons ("Xác nhận đã giải quyết", "Chưa giải quyết được" with a reason);
never the officers' form. The officers' form preselects no step."""

from __future__ import annotations

import pytest
from django.urls import reverse

from chuluc.core.models import AuditEntry
from chuluc.support import services
from chuluc.support.enums import DifficultyStatus
from chuluc.support.models import Difficulty, DifficultyEvent
from tests.factories.support import routed

S = DifficultyStatus
ANSWER = "Sở Khoa học và Công nghệ đã hướng dẫn hồ sơ thẩm định công nghệ."


@pytest.fixture
def answered(officer, agency_officer, rep_a, enterprise_a):
    difficulty = routed(officer, rep_a, enterprise_a)
    return services.difficulty_move(
        actor=agency_officer, difficulty=difficulty, status=S.ANSWERED, note=ANSWER
    )


def _url(difficulty) -> str:
    return reverse("support:difficulty_detail", args=[difficulty.pk])


def _state(difficulty):
    row = Difficulty.objects.get(pk=difficulty.pk)
    return row.status, DifficultyEvent.objects.count(), AuditEntry.objects.count()


def test_the_enterprise_sees_its_two_buttons_and_never_the_officers_form(client, rep_a, answered):
    client.force_login(rep_a)
    page = client.get(_url(answered)).content.decode()
    assert ANSWER in page
    assert 'id="difficulty-history"' in page
    assert "Xác nhận đã giải quyết" in page
    assert "Chưa giải quyết được" in page
    assert 'id="move-form"' not in page
    assert "Hạn xử lý mới" not in page
    assert 'name="agency"' not in page
    assert 'name="status"' not in page


def test_before_the_answer_the_enterprise_sees_the_case_without_any_form(
    client, officer, rep_a, enterprise_a
):
    difficulty = routed(officer, rep_a, enterprise_a)
    client.force_login(rep_a)
    page = client.get(_url(difficulty)).content.decode()
    assert difficulty.reference in page
    assert 'id="difficulty-confirm"' not in page
    assert 'id="move-form"' not in page
    before = _state(difficulty)
    assert client.post(_url(difficulty), {"outcome": "resolved"}).status_code == 403
    assert _state(difficulty) == before


def test_the_enterprise_confirms_the_answer(client, rep_a, answered):
    client.force_login(rep_a)
    response = client.post(_url(answered), {"outcome": "resolved"})
    assert response.status_code == 302
    assert Difficulty.objects.get(pk=answered.pk).status == S.RESOLVED
    page = client.get(_url(answered)).content.decode()
    assert 'id="difficulty-confirm"' not in page  # nothing left to confirm


def test_not_resolved_needs_a_reason_and_then_reopens_the_case(client, rep_a, answered):
    client.force_login(rep_a)
    before = _state(answered)
    response = client.post(_url(answered), {"outcome": "not_resolved", "reason": "  "})
    assert response.status_code == 422
    assert "Vui lòng ghi lý do vướng mắc chưa được giải quyết." in response.content.decode()
    assert _state(answered) == before
    reason = "Vẫn chưa được cấp phép sau khi nộp đủ hồ sơ."
    response = client.post(_url(answered), {"outcome": "not_resolved", "reason": reason})
    assert response.status_code == 302
    difficulty = Difficulty.objects.get(pk=answered.pk)
    assert difficulty.status == S.IN_PROGRESS
    assert difficulty.events.order_by("at", "id").last().note == reason


@pytest.mark.parametrize(
    "data", [{}, {"outcome": "closed"}, {"status": "resolved"}, {"outcome": "x" * 5000}]
)
def test_a_made_up_answer_is_refused_and_changes_nothing(client, rep_a, answered, data):
    client.force_login(rep_a)
    before = _state(answered)
    response = client.post(_url(answered), data)
    assert response.status_code == 422
    assert "Vui lòng chọn một trong hai nút." in response.content.decode()
    assert _state(answered) == before


def test_another_enterprise_cannot_confirm_the_difficulty(client, rep_b, answered):
    client.force_login(rep_b)
    before = _state(answered)
    assert client.get(_url(answered)).status_code == 404
    assert client.post(_url(answered), {"outcome": "resolved"}).status_code == 404
    assert _state(answered) == before


def test_the_service_refuses_another_enterprise_and_every_other_step(
    rep_b, rep_a, officer, enterprise_a, answered
):
    with pytest.raises(Exception, match="không"):
        services.difficulty_confirm(actor=rep_b, difficulty=answered, resolved=True)
    difficulty = routed(officer, rep_a, enterprise_a)
    # an officer's "not resolved" on a case not yet answered never starts it by this path
    with pytest.raises(Exception, match="đang ở trạng thái “Đã chuyển cơ quan xử lý”"):
        services.difficulty_confirm(
            actor=officer, difficulty=difficulty, resolved=False, reason="x"
        )
    assert Difficulty.objects.get(pk=difficulty.pk).status == S.ROUTED
    assert Difficulty.objects.get(pk=answered.pk).status == S.ANSWERED


def test_a_missing_difficulty_is_404(client, rep_a):
    client.force_login(rep_a)
    assert client.get(reverse("support:difficulty_detail", args=[999999])).status_code == 404
    assert client.post(reverse("support:difficulty_detail", args=[999999])).status_code == 404


def test_the_officers_form_preselects_no_step(client, officer, answered):
    client.force_login(officer)
    page = client.get(_url(answered)).content.decode()
    assert 'id="move-form"' in page
    assert '<option value="" selected>' in page
    before = _state(answered)
    response = client.post(_url(answered), {"note": ""})  # a plain "Cập nhật"
    assert response.status_code == 422
    assert "Vui lòng chọn bước tiếp theo." in response.content.decode()
    assert _state(answered) == before
