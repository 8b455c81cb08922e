"""Writes of the catalogue: support policies (category, legal basis, eligibility as a
declared rule, usual form, agency, service deadline) and their yearly budget lines. Each
service runs in one transaction and writes one audit row."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from chuluc.core.audit import audit_record, diff, snapshot
from chuluc.core.errors import ApplicationError
from chuluc.core.formatting import group_digits
from chuluc.core.text import nfc
from chuluc.support import selectors
from chuluc.support.amounts import parse_amount
from chuluc.support.enums import Eligibility, PolicyCategory, SupportForm
from chuluc.support.models import BudgetLine, Policy

POLICY_FIELDS = (
    "code",
    "name",
    "category",
    "legal_basis",
    "eligibility",
    "kind",
    "description",
    "agency",
    "sla_days",
    "is_active",
)
MAX_SLA_DAYS = 365
YEARS = (2000, 2100)


# --------------------------------------------------------------------------- policies


def _policy_errors(values: dict) -> dict[str, str]:
    errors = {}
    if not values["name"]:
        errors["name"] = _("Vui lòng ghi tên chính sách.")
    if not values["legal_basis"]:
        errors["legal_basis"] = _("Vui lòng ghi căn cứ pháp lý.")
    if values["category"] not in PolicyCategory.values:
        errors["category"] = _("Vui lòng chọn một trong chín nhóm hỗ trợ.")
    if values["eligibility"] not in Eligibility.values:
        errors["eligibility"] = _("Vui lòng chọn đối tượng được hỗ trợ.")
    if values["kind"] not in SupportForm.values:
        errors["kind"] = _("Vui lòng chọn hình thức hỗ trợ.")
    sla = values["sla_days"]
    if not isinstance(sla, int) or not 1 <= sla <= MAX_SLA_DAYS:
        errors["sla_days"] = _("Thời hạn xử lý phải từ 1 đến %s ngày.") % MAX_SLA_DAYS
    if values["agency"] is None:
        errors["agency"] = _("Vui lòng chọn cơ quan chủ trì.")
    return errors


@transaction.atomic
def policy_create(
    *,
    actor,
    name: str,
    category: str,
    legal_basis: str,
    agency,
    eligibility: str = Eligibility.VALID_RECOGNITION,
    kind: str = SupportForm.OTHER,
    description: str = "",
    sla_days: int = 15,
    code: str = "",
    is_demo: bool = False,
) -> Policy:
    values = {
        "name": nfc(name),
        "category": category,
        "legal_basis": nfc(legal_basis),
        "eligibility": eligibility,
        "kind": kind,
        "description": nfc(description),
        "sla_days": sla_days,
        "agency": agency,
    }
    errors = _policy_errors(values)
    code = slugify(code or values["name"])[:40] or "chinh-sach"
    base, n = code, 1
    while Policy.objects.filter(code=code).exists():
        n += 1
        code = f"{base[:36]}-{n}"
    if errors:
        raise ValidationError(errors)
    policy = Policy.objects.create(code=code, is_demo=is_demo, **values)
    audit_record(
        actor=actor,
        action="support.policy_create",
        obj=policy,
        changes=diff({}, snapshot(policy, POLICY_FIELDS)),
    )
    return policy


@transaction.atomic
def policy_update(*, actor, policy: Policy, **changes: Any) -> Policy:
    """Change a policy (name, basis, eligibility, form, deadline, active). Requests already
    sent keep the due date they were given."""
    policy = Policy.objects.select_for_update().get(pk=policy.pk)
    unknown = set(changes) - set(POLICY_FIELDS) - {"agency"}
    if unknown or "code" in changes:
        raise ApplicationError(_("Không thể sửa trường: %s") % ", ".join(sorted(unknown)))
    before = snapshot(policy, POLICY_FIELDS)
    for field, value in changes.items():
        setattr(policy, field, nfc(value) if isinstance(value, str) and field != "kind" else value)
    errors = _policy_errors(
        {f: getattr(policy, f) for f in POLICY_FIELDS if f not in {"code", "is_active"}}
    )
    if errors:
        raise ValidationError(errors)
    policy.save()
    audit_record(
        actor=actor,
        action="support.policy_update",
        obj=policy,
        changes=diff(before, snapshot(policy, POLICY_FIELDS)),
    )
    return policy


@transaction.atomic
def budget_line_set(*, actor, policy: Policy, year: int, amount_vnd) -> BudgetLine:
    """The budget of a policy for a year (set or changed); never below what is already used."""
    amount = parse_amount(amount_vnd, "amount_vnd", label=_("Dự toán"))
    if not isinstance(year, int) or not YEARS[0] <= year <= YEARS[1]:
        raise ValidationError({"year": _("Năm không hợp lệ.")})
    used = selectors.budget_used(policy.pk, year)
    if amount < used:
        raise ValidationError(
            {
                "amount_vnd": _(
                    "Dự toán không thể thấp hơn kinh phí đã sử dụng (%(used)s đồng) trong năm %(year)s."
                )
                % {"used": group_digits(used), "year": year}
            }
        )
    line = BudgetLine.objects.select_for_update().filter(policy=policy, year=year).first()
    before = line.amount_vnd if line else None
    if line is None:
        line = BudgetLine.objects.create(policy=policy, year=year, amount_vnd=amount)
    else:
        line.amount_vnd = amount
        line.save(update_fields=["amount_vnd"])
    audit_record(
        actor=actor,
        action="support.budget_line_set",
        obj=line,
        changes={"policy": [None, policy.pk], "year": [None, year], "amount_vnd": [before, amount]},
    )
    return line
