"""Writes of the support ledger: the support given to enterprises (one ledger row each),
and the online requests decided into it (``lifecycles.SUPPORT_REQUEST``). Each service runs
in one transaction and writes one audit row; what it refuses leaves nothing behind. Trade
events add their booth support through ``support_record_add``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuluc.core import receipts
from chuluc.core.audit import audit_record
from chuluc.core.errors import ApplicationError
from chuluc.core.formatting import group_digits
from chuluc.core.lifecycle import TransitionRefused
from chuluc.core.receipts import give_reference
from chuluc.core.text import nfc
from chuluc.core.uploads import DOCX, JPEG, PDF, PNG, XLSX, check_upload, display_name
from chuluc.registry.rules import represents
from chuluc.support import selectors
from chuluc.support.amounts import parse_amount, parse_quantity
from chuluc.support.enums import RequestStatus, SupportForm
from chuluc.support.lifecycles import SUPPORT_REQUEST
from chuluc.support.models import BudgetLine, Policy, SupportRecord, SupportRequest

EVIDENCE_KINDS = (PDF, JPEG, PNG, DOCX, XLSX)
TEXT_MAX = 5_000


# --------------------------------------------------------------------------- ledger


def _record_values(quantity, amount_vnd, kind: str, given_on) -> tuple[Decimal, Decimal]:
    errors = {}
    try:
        quantity = parse_quantity(quantity)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        amount = parse_amount(amount_vnd, "amount_vnd", label=_("Kinh phí"))
    except ValidationError as exc:
        errors.update(exc.message_dict)
        amount = Decimal(0)
    if kind not in SupportForm.values:
        errors["kind"] = _("Vui lòng chọn hình thức hỗ trợ.")
    if not isinstance(given_on, dt.date):
        errors["given_on"] = _("Vui lòng ghi ngày hỗ trợ.")
    elif given_on > timezone.localdate():
        errors["given_on"] = _("Ngày hỗ trợ không thể ở tương lai.")
    if kind == SupportForm.GRANT and amount <= 0 and "amount_vnd" not in errors:
        errors["amount_vnd"] = _("Hỗ trợ bằng kinh phí phải ghi số tiền lớn hơn 0.")
    if errors:
        raise ValidationError(errors)
    return quantity, amount


def _check_budget(policy: Policy, year: int, amount: Decimal) -> None:
    """A ledger amount never takes a policy-year beyond its budget line (when it has one)."""
    line = BudgetLine.objects.select_for_update().filter(policy=policy, year=year).first()
    if line is None or amount <= 0:
        return
    left = line.amount_vnd - selectors.budget_used(policy.pk, year)
    if amount > left:
        raise ValidationError(
            {
                "amount_vnd": _(
                    "Kinh phí vượt dự toán còn lại của chính sách năm %(year)s (còn %(left)s đồng)."
                )
                % {"year": year, "left": group_digits(max(left, 0))}
            }
        )


def support_record_add(
    *,
    actor,
    enterprise,
    policy: Policy,
    given_on: dt.date,
    kind: str,
    quantity,
    amount_vnd=0,
    agency=None,
    description: str = "",
    evidence=None,
    is_demo: bool = False,
    **links: Any,
) -> SupportRecord:
    """Check and save one ledger row, without an audit row: it runs inside the service that
    gives the support (a record, a request's decision, a trade event's booths), whose one
    audit row names it."""
    quantity, amount = _record_values(quantity, amount_vnd, kind, given_on)
    problem = selectors.eligibility_problem(policy, enterprise.pk, given_on)
    if problem:
        raise ApplicationError(problem)
    _check_budget(policy, given_on.year, amount)
    record = SupportRecord(
        enterprise=enterprise,
        policy=policy,
        given_on=given_on,
        kind=kind,
        quantity=quantity,
        amount_vnd=amount,
        agency=agency or policy.agency,
        description=nfc(description)[:300],
        recorded_by=actor,
        recorded_at=timezone.now(),
        is_demo=is_demo,
        **links,
    )
    if evidence:
        kind = check_upload(evidence, allowed=EVIDENCE_KINDS, max_bytes=settings.EVIDENCE_MAX_BYTES)
        record.evidence_name = display_name(evidence.name)
        record.evidence_type = kind.content_type
        record.evidence.save(evidence.safe_name, evidence, save=False)
    try:
        record.save()
    except Exception:
        if record.evidence:
            record.evidence.delete(save=False)  # the database refused: keep no orphan file
        raise
    return record


def _record_summary(record: SupportRecord) -> dict:
    return {
        "enterprise": [None, record.enterprise_id],
        "policy": [None, record.policy_id],
        "given_on": [None, record.given_on],
        "kind": [None, record.kind],
        "quantity": [None, record.quantity],
        "amount_vnd": [None, record.amount_vnd],
        "agency": [None, record.agency_id],
        "evidence": [None, record.evidence_name or None],
    }


@transaction.atomic
def support_record_create(
    *,
    actor,
    enterprise,
    policy: Policy,
    given_on: dt.date,
    kind: str,
    quantity,
    amount_vnd=0,
    agency=None,
    description: str = "",
    evidence=None,
    is_demo: bool = False,
) -> SupportRecord:
    """Record a support given (a ledger row), with its evidence document if any."""
    record = support_record_add(
        actor=actor,
        enterprise=enterprise,
        policy=policy,
        given_on=given_on,
        kind=kind,
        quantity=quantity,
        amount_vnd=amount_vnd,
        agency=agency,
        description=description,
        evidence=evidence,
        is_demo=is_demo,
    )
    audit_record(
        actor=actor, action="support.record_create", obj=record, changes=_record_summary(record)
    )
    return record


# --------------------------------------------------------------------------- requests


@transaction.atomic
def support_request_submit(
    *, actor, enterprise, policy: Policy, description: str, is_demo: bool = False
) -> SupportRequest:
    """A representative asks for support under a policy for their own enterprise. The due
    date is the policy's service deadline from today."""
    if not represents(actor, enterprise.pk):
        raise ApplicationError(_("Bạn không phải đại diện đã xác minh của doanh nghiệp này."))
    if not policy.is_active:
        raise ApplicationError(_("Chính sách này không còn áp dụng."))
    description = nfc(description)
    if not description:
        raise ValidationError({"description": _("Vui lòng ghi nội dung đề nghị hỗ trợ.")})
    if len(description) > TEXT_MAX:
        raise ValidationError({"description": _("Nội dung đề nghị tối đa 5.000 ký tự.")})
    problem = selectors.eligibility_problem(policy, enterprise.pk)
    if problem:
        raise ApplicationError(problem)
    if SupportRequest.objects.filter(
        enterprise=enterprise, policy=policy, status=RequestStatus.SUBMITTED
    ).exists():
        raise ApplicationError(_("Doanh nghiệp đã có đề nghị đang chờ xử lý theo chính sách này."))
    now = timezone.now()
    support_request = SupportRequest.objects.create(
        status=SUPPORT_REQUEST.initial,
        enterprise=enterprise,
        policy=policy,
        description=description,
        submitted_by=actor,
        submitted_at=now,
        due_on=timezone.localdate(now) + dt.timedelta(days=policy.sla_days),
        is_demo=is_demo,
    )
    give_reference(support_request, receipts.SUPPORT_REQUEST, timezone.localtime(now).year)
    audit_record(
        actor=actor,
        action="support.request_submit",
        obj=support_request,
        changes={
            "reference": [None, support_request.reference],
            "enterprise": [None, enterprise.pk],
            "policy": [None, policy.pk],
            "due_on": [None, support_request.due_on],
        },
    )
    return support_request


#: The decision a request can receive, as the event that makes it.
DECISIONS = {RequestStatus.APPROVED: "approve", RequestStatus.REFUSED: "refuse"}


@transaction.atomic
def support_request_decide(
    *,
    actor,
    support_request: SupportRequest,
    status: str,
    reason: str = "",
    record: dict | None = None,
) -> SupportRequest:
    """Decide a request (``lifecycles.SUPPORT_REQUEST``): approve it (and, given ``record``,
    write the ledger row in the same step) or refuse it with a reason."""
    support_request = (
        SupportRequest.objects.select_for_update()
        .select_related("policy", "enterprise")
        .get(pk=support_request.pk)
    )
    event = DECISIONS.get(status)
    if event is None:
        raise ApplicationError(
            _("Đề nghị đang ở trạng thái “%(now)s”, không thể chuyển sang “%(to)s”.")
            % {
                "now": support_request.get_status_display(),
                "to": RequestStatus(status).label if status in RequestStatus.values else status,
            }
        )
    refused = SUPPORT_REQUEST.refusal(support_request, event, actor=actor)
    if refused:
        raise TransitionRefused(refused)
    reason = nfc(reason)
    if event == "refuse" and not reason:
        raise ValidationError({"reason": _("Vui lòng ghi lý do không chấp thuận.")})
    changes: dict = {}
    if event == "approve" and record:
        written = support_record_add(
            actor=actor,
            enterprise=support_request.enterprise,
            policy=support_request.policy,
            request=support_request,
            **record,
        )
        changes["record"] = [None, written.pk]
        changes["amount_vnd"] = [None, written.amount_vnd]
    SUPPORT_REQUEST.fire(
        support_request,
        event,
        actor=actor,
        fields={
            "refusal_reason": reason if event == "refuse" else "",
            "decided_by": actor,
            "decided_at": timezone.now(),
        },
        changes=changes,
    )
    return support_request


@transaction.atomic
def support_request_record(
    *, actor, support_request: SupportRequest, **record: Any
) -> SupportRecord:
    """Record the support of a request approved earlier without it (one ledger row)."""
    support_request = (
        SupportRequest.objects.select_for_update()
        .select_related("policy", "enterprise")
        .get(pk=support_request.pk)
    )
    if support_request.status != RequestStatus.APPROVED:
        raise ApplicationError(_("Chỉ ghi sổ hỗ trợ cho đề nghị đã được chấp thuận."))
    if SupportRecord.objects.filter(request=support_request).exists():
        raise ApplicationError(_("Hỗ trợ của đề nghị này đã được ghi sổ."))
    written = support_record_add(
        actor=actor,
        enterprise=support_request.enterprise,
        policy=support_request.policy,
        request=support_request,
        **record,
    )
    audit_record(
        actor=actor,
        action="support.record_create",
        obj=written,
        changes={**_record_summary(written), "request": [None, support_request.pk]},
    )
    return written
