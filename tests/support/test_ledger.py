"""Policies, budget lines, the ledger, requests and events: what the services write, and
what they refuse (with a clear Vietnamese message, leaving the database unchanged)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from chuluc.core.errors import ApplicationError
from chuluc.core.models import AuditEntry
from chuluc.support import selectors, services
from chuluc.support.enums import Eligibility, PolicyCategory, RequestStatus, SupportForm
from chuluc.support.models import BudgetLine, EventParticipant, SupportRecord, SupportRequest
from tests.factories.files import PNG
from tests.factories.support import give, make_policy, pdf, valid_now


def _state():
    return (
        SupportRecord.objects.count(),
        SupportRequest.objects.count(),
        BudgetLine.objects.count(),
        EventParticipant.objects.count(),
        AuditEntry.objects.count(),
    )


def _message(exc) -> str:
    if isinstance(exc, ApplicationError):
        return exc.message
    return " ".join(exc.messages)


TODAY = timezone.localdate


# --------------------------------------------------------------------------- eligibility


def test_eligibility_rules_are_read_from_the_policy(officer, enterprise_a, enterprise_b):
    recognised = make_policy(officer, name="Biểu trưng", eligibility=Eligibility.VALID_RECOGNITION)
    top = make_policy(officer, name="Top", eligibility=Eligibility.TOP_RECOGNITION)
    anyone = make_policy(officer, name="Mọi doanh nghiệp")
    valid_now(officer, enterprise_a)
    assert selectors.eligibility_problem(recognised, enterprise_a.pk) == ""
    assert "còn hiệu lực" in selectors.eligibility_problem(recognised, enterprise_b.pk)
    assert "nhóm Top" in selectors.eligibility_problem(top, enterprise_a.pk)
    assert selectors.eligibility_problem(anyone, enterprise_b.pk) == ""
    valid_now(officer, enterprise_b, top=True)
    assert selectors.eligibility_problem(top, enterprise_b.pk) == ""


def test_support_is_refused_to_an_enterprise_the_policy_does_not_cover(officer, enterprise_b):
    policy = make_policy(officer, eligibility=Eligibility.VALID_RECOGNITION)
    before = _state()
    with pytest.raises(ApplicationError, match="được công nhận còn hiệu lực"):
        give(officer, enterprise_b, policy, on=TODAY())
    assert _state() == before


# --------------------------------------------------------------------------- ledger


def test_a_ledger_row_keeps_its_evidence_privately(officer, enterprise_a):
    policy = make_policy(officer)
    record = give(
        officer, enterprise_a, policy, on=TODAY(), amount=15_000_000, quantity=2, evidence=pdf()
    )
    assert (record.quantity, record.amount_vnd, record.agency.code) == (
        2,
        15_000_000,
        "so-cong-thuong",
    )
    assert record.evidence_name == "bien-ban.pdf"
    assert record.evidence_type == "application/pdf"
    assert not record.evidence.name.endswith("bien-ban.pdf")  # our own stored name
    entry = AuditEntry.objects.get(action="support.record_create")
    assert entry.diff["amount_vnd"] == [None, "15000000"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"amount_vnd": "-5"}, "Kinh phí không được âm."),
        ({"amount_vnd": "abc"}, "Kinh phí không hợp lệ"),
        ({"amount_vnd": "NaN"}, "Kinh phí không hợp lệ"),
        ({"amount_vnd": "12.5"}, "không có phần lẻ"),
        ({"amount_vnd": 10**16}, "quá lớn"),
        ({"quantity": -1}, "Số lượng phải lớn hơn 0."),
        ({"quantity": 0}, "Số lượng phải lớn hơn 0."),
        ({"quantity": "hai"}, "Số lượng không hợp lệ"),
        ({"kind": "bribe"}, "Vui lòng chọn hình thức hỗ trợ."),
        ({"given_on": "tomorrow"}, "Ngày hỗ trợ không thể ở tương lai."),
        ({"kind": SupportForm.GRANT, "amount_vnd": 0}, "số tiền lớn hơn 0"),
        ({"evidence": "exe"}, "Nội dung tệp không phải là PDF"),
        ({"evidence": "empty"}, "Tệp tải lên bị trống."),
    ],
)
def test_hostile_ledger_input_is_refused_and_changes_nothing(
    officer, enterprise_a, changes, message
):
    policy = make_policy(officer)
    values = {"kind": SupportForm.BOOTH, "quantity": 1, "amount_vnd": 1000, "given_on": TODAY()}
    values.update(changes)
    if values["given_on"] == "tomorrow":
        values["given_on"] = TODAY() + dt.timedelta(days=1)
    if values.get("evidence") == "exe":
        values["evidence"] = SimpleUploadedFile("bien-ban.pdf", b"MZ\x90\x00" + b"\x00" * 64)
    elif values.get("evidence") == "empty":
        values["evidence"] = SimpleUploadedFile("a.pdf", b"")
    before = _state()
    with pytest.raises((ApplicationError, ValidationError)) as info:
        services.support_record_create(
            actor=officer, enterprise=enterprise_a, policy=policy, **values
        )
    assert message in _message(info.value)
    assert _state() == before


def test_the_budget_line_caps_the_ledger_and_its_use_is_computed(officer, enterprise_a):
    policy = make_policy(officer)
    year = TODAY().year
    services.budget_line_set(actor=officer, policy=policy, year=year, amount_vnd=20_000_000)
    give(officer, enterprise_a, policy, on=TODAY(), amount=12_000_000)
    line = selectors.budget_lines(year=year).get()
    assert (line.amount_vnd, line.used, line.left) == (20_000_000, 12_000_000, 8_000_000)
    before = _state()
    with pytest.raises(ValidationError, match="vượt dự toán còn lại"):
        give(officer, enterprise_a, policy, on=TODAY(), amount=9_000_000)
    with pytest.raises(ValidationError, match="không thể thấp hơn kinh phí đã sử dụng"):
        services.budget_line_set(actor=officer, policy=policy, year=year, amount_vnd=10_000_000)
    with pytest.raises(ValidationError, match="Dự toán không được âm"):
        services.budget_line_set(actor=officer, policy=policy, year=year, amount_vnd=-1)
    assert _state() == before
    services.budget_line_set(actor=officer, policy=policy, year=year, amount_vnd=25_000_000)
    assert selectors.budget_lines(year=year).get().left == 13_000_000


def test_a_policy_needs_a_basis_a_category_and_a_sane_deadline(officer):
    before = _state()
    with pytest.raises(ValidationError) as info:
        services.policy_create(
            actor=officer,
            name="",
            category="bribes",
            legal_basis="",
            agency=None,
            sla_days=0,
        )
    assert set(info.value.message_dict) == {"name", "category", "legal_basis", "agency", "sla_days"}
    assert _state() == before


def test_a_policy_deadline_is_configurable(officer):
    policy = make_policy(officer, sla_days=15)
    services.policy_update(actor=officer, policy=policy, sla_days=30)
    policy.refresh_from_db()
    assert policy.sla_days == 30
    assert AuditEntry.objects.filter(action="support.policy_update").get().diff == {
        "sla_days": [15, 30]
    }


# --------------------------------------------------------------------------- requests


def test_a_request_gets_the_policy_deadline_and_becomes_overdue(officer, rep_a, enterprise_a):
    policy = make_policy(officer, sla_days=10)
    made = services.support_request_submit(
        actor=rep_a, enterprise=enterprise_a, policy=policy, description="Xin 2 gian hàng."
    )
    assert made.due_on == TODAY() + dt.timedelta(days=10)
    assert not selectors.is_overdue(made)
    assert selectors.is_overdue(made, TODAY() + dt.timedelta(days=11))
    SupportRequest.objects.filter(pk=made.pk).update(due_on=TODAY() - dt.timedelta(days=1))
    assert list(selectors.overdue_requests()) == [made]
    assert selectors.requests_for(officer).get().overdue


def test_approving_a_request_records_the_support_in_the_same_step(officer, rep_a, enterprise_a):
    policy = make_policy(officer)
    made = services.support_request_submit(
        actor=rep_a, enterprise=enterprise_a, policy=policy, description="Xin gian hàng."
    )
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.support_request_decide(
            actor=officer,
            support_request=made,
            status=RequestStatus.APPROVED,
            record={
                "given_on": TODAY(),
                "kind": SupportForm.BOOTH,
                "quantity": 1,
                "amount_vnd": 6_000_000,
            },
        )
    made.refresh_from_db()
    record = SupportRecord.objects.get()
    assert (made.status, record.request, record.amount_vnd) == ("approved", made, 6_000_000)
    assert AuditEntry.objects.filter(action="support_request.approve").count() == 1
    assert [m.to for m in mail.outbox] == [[rep_a.email]]


def test_a_refusal_needs_a_reason_and_a_decision_is_final(officer, rep_a, enterprise_a):
    made = services.support_request_submit(
        actor=rep_a, enterprise=enterprise_a, policy=make_policy(officer), description="Xin."
    )
    before = _state()
    with pytest.raises(ValidationError, match="lý do không chấp thuận"):
        services.support_request_decide(actor=officer, support_request=made, status="refused")
    with pytest.raises(ApplicationError, match="không thể chuyển"):
        services.support_request_decide(actor=officer, support_request=made, status="submitted")
    assert _state() == before
    services.support_request_decide(
        actor=officer, support_request=made, status="refused", reason="Hết dự toán năm."
    )
    with pytest.raises(ApplicationError, match="Không chấp thuận"):
        services.support_request_decide(actor=officer, support_request=made, status="approved")


def test_a_failed_record_leaves_the_request_waiting(officer, rep_a, enterprise_a):
    made = services.support_request_submit(
        actor=rep_a, enterprise=enterprise_a, policy=make_policy(officer), description="Xin."
    )
    before = _state()
    with pytest.raises(ValidationError, match="Số lượng phải lớn hơn 0"):
        services.support_request_decide(
            actor=officer,
            support_request=made,
            status="approved",
            record={"given_on": TODAY(), "kind": "booth", "quantity": -3, "amount_vnd": 0},
        )
    made.refresh_from_db()
    assert made.status == RequestStatus.SUBMITTED
    assert _state() == before


@pytest.mark.parametrize("who", ["rep_b", "outsider"])
def test_a_request_for_another_enterprise_is_refused(request, officer, enterprise_a, who):
    actor = request.getfixturevalue(who)
    policy = make_policy(officer)
    before = _state()
    with pytest.raises(ApplicationError, match="không phải đại diện"):
        services.support_request_submit(
            actor=actor, enterprise=enterprise_a, policy=policy, description="Xin."
        )
    assert _state() == before


def test_one_pending_request_per_policy_and_only_when_eligible(officer, rep_a, enterprise_a):
    open_policy = make_policy(officer)
    services.support_request_submit(
        actor=rep_a, enterprise=enterprise_a, policy=open_policy, description="Xin."
    )
    with pytest.raises(ApplicationError, match="đang chờ xử lý"):
        services.support_request_submit(
            actor=rep_a, enterprise=enterprise_a, policy=open_policy, description="Lần nữa."
        )
    recognised_only = make_policy(
        officer,
        name="Biểu trưng",
        category=PolicyCategory.BRANDING,
        eligibility=Eligibility.VALID_RECOGNITION,
    )
    with pytest.raises(ApplicationError, match="còn hiệu lực"):
        services.support_request_submit(
            actor=rep_a, enterprise=enterprise_a, policy=recognised_only, description="Xin."
        )


# --------------------------------------------------------------------------- events


def test_booths_supported_at_an_event_become_a_ledger_row(officer, enterprise_a, enterprise_b):
    policy = make_policy(officer)
    event = services.trade_event_create(
        actor=officer,
        name="Triển lãm SPCNCL Hà Nội",
        starts_on=TODAY() - dt.timedelta(days=3),
        ends_on=TODAY() - dt.timedelta(days=1),
        venue="Cung Văn hóa Hữu nghị",
        policy=policy,
        booth_amount_vnd=6_000_000,
    )
    services.event_participant_add(
        actor=officer, event=event, enterprise=enterprise_a, booths=2, supported_booths=2
    )
    services.event_participant_add(actor=officer, event=event, enterprise=enterprise_b, booths=1)
    record = SupportRecord.objects.get()
    assert (record.enterprise, record.kind, record.quantity, record.amount_vnd) == (
        enterprise_a,
        SupportForm.BOOTH,
        Decimal(2),
        12_000_000,
    )
    before = _state()
    with pytest.raises(ApplicationError, match="đã có trong danh sách"):
        services.event_participant_add(actor=officer, event=event, enterprise=enterprise_a)
    with pytest.raises(ValidationError, match="không thể vượt số gian hàng"):
        services.event_participant_add(
            actor=officer, event=event, enterprise=enterprise_b, booths=1, supported_booths=3
        )
    assert _state() == before


def test_an_image_is_accepted_as_evidence(officer, enterprise_a):
    record = give(
        officer,
        enterprise_a,
        make_policy(officer),
        on=TODAY(),
        evidence=SimpleUploadedFile("anh.png", PNG),
    )
    assert record.evidence_type == "image/png"


def test_a_request_gets_a_reference_number_shown_to_its_sender(
    client, officer, rep_a, enterprise_a
):
    """Seen: support requests got no reference number."""
    policy = make_policy(officer)
    client.force_login(rep_a)
    response = client.post(
        reverse("support:request_create"),
        {"enterprise": enterprise_a.pk, "policy": policy.pk, "description": "Xin gian hàng."},
    )
    made = SupportRequest.objects.get()
    assert response.status_code == 302
    year = timezone.localtime(made.submitted_at).year
    assert made.reference == f"SPCNCL-{year}-HT-{made.pk:06d}"
    page = client.get(response.url).content.decode()
    assert f"số tiếp nhận {made.reference}" in page  # the confirmation
    assert 'id="reference"' in page and made.reference in page  # the request's own page
    assert made.reference in client.get(reverse("support:requests")).content.decode()
    entry = AuditEntry.objects.get(action="support.request_submit")
    assert entry.diff["reference"] == [None, made.reference]
