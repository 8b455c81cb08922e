"""A firm registers itself and its representative (the public sign-up page). Nothing acts
until the applicant confirms the e-mail address and an officer verifies the membership
(``accounts.services.membership_decide``).

A tax code the register already holds belongs to a firm someone may already speak for:
the applicant then uploads an authorisation letter (giấy ủy quyền) for the officer to
check, and the firm's record is never changed by the registration. A tax code the register
does not hold is written into it only when an officer verifies the registration
(``enterprise_found``), so a rejected registration leaves no firm behind."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chuluc.accounts.email_confirmation import send_confirmation
from chuluc.accounts.enums import MembershipStatus
from chuluc.accounts.models import EnterpriseMembership
from chuluc.accounts.services import membership_insert, user_insert
from chuluc.core.audit import audit_record
from chuluc.core.errors import ApplicationError
from chuluc.core.phones import normalize_phone
from chuluc.core.text import nfc
from chuluc.core.uploads import IMAGES, PDF, check_upload
from chuluc.registry.cleaning import enterprise_search_key
from chuluc.registry.enums import Ownership
from chuluc.registry.models import Enterprise
from chuluc.registry.selectors import enterprise_by_tax_code
from chuluc.registry.validators import normalize_tax_code, validate_tax_code

#: What an authorisation letter may be: a signed scan or photo, or the PDF itself.
LETTER_KINDS = (PDF, *IMAGES)


def letter_max_bytes() -> int:
    return settings.EVIDENCE_MAX_BYTES


def check_letter(letter) -> None:
    """Refuse a letter of the wrong kind or size (ApplicationError, in Vietnamese)."""
    check_upload(letter, allowed=LETTER_KINDS, max_bytes=letter_max_bytes())


def _registration_errors(
    *, tax_code: str, phone: str, ownership: str, enterprise: Enterprise | None, letter
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    try:
        validate_tax_code(tax_code)
    except ValidationError as exc:
        errors["tax_code"] = exc.messages
    try:
        normalize_phone(phone)
    except ValidationError as exc:
        errors["phone"] = exc.messages
    if enterprise is None and ownership and ownership not in Ownership.values:
        errors["ownership"] = [_("Loại hình sở hữu không hợp lệ.")]
    if letter is not None:
        try:
            check_letter(letter)
        except ApplicationError as exc:
            errors["letter"] = [exc.message]
    elif enterprise is not None:
        errors["letter"] = [
            _(
                "Mã số thuế %(code)s đã có trong sổ đăng ký (%(name)s). Vui lòng tải lên giấy "
                "ủy quyền của doanh nghiệp cho người đại diện."
            )
            % {"code": enterprise.tax_code, "name": enterprise.name}
        ]
    return errors


@transaction.atomic
def enterprise_self_register(
    *,
    username: str,
    email: str,
    full_name: str,
    phone: str,
    password: str,
    position: str,
    tax_code: str,
    enterprise_name: str,
    ownership: str = "",
    address: str = "",
    letter=None,
) -> EnterpriseMembership:
    """The account and a membership waiting for the applicant to confirm the e-mail
    address, then for an officer: to the firm the register holds under the tax code (with
    the authorisation letter), or applying for a new one; one audit row for the whole."""
    tax_code = normalize_tax_code(tax_code)
    enterprise = enterprise_by_tax_code(tax_code)
    errors = _registration_errors(
        tax_code=tax_code, phone=phone, ownership=ownership, enterprise=enterprise, letter=letter
    )
    if errors:
        raise ValidationError(errors)
    user = user_insert(
        username=username,
        email=email,
        full_name=full_name,
        phone=normalize_phone(phone),
        password=password,
        is_demo=False,
    )
    applied = {"tax_code": tax_code, "name": nfc(enterprise_name)}
    if enterprise is None:
        applied.update(ownership=ownership, address=nfc(address))
    membership = membership_insert(
        user=user,
        enterprise=enterprise,
        position=position,
        status=MembershipStatus.UNCONFIRMED,
        applied=applied,
        letter=letter,
    )
    audit_record(
        actor=user,
        action="enterprise.self_register",
        obj=membership,
        changes={
            "user": [None, user.username],
            "enterprise": [None, enterprise.pk if enterprise else None],
            "tax_code": [None, tax_code],
            "letter": [None, membership.letter_name or None],
            "status": [None, membership.status],
        },
    )
    send_confirmation(membership)
    return membership


def enterprise_found(membership: EnterpriseMembership) -> Enterprise:
    """The firm a verified registration applied for, written into the register now (a step
    of ``membership_decide``, whose audit row records it). A firm registered under the
    same tax code since is joined only with an authorisation letter, and never renamed."""
    tax_code = membership.applied_tax_code
    existing = Enterprise.objects.filter(tax_code=tax_code).first()
    if existing is not None:
        if membership.letter:
            return existing
        raise ApplicationError(
            _(
                "Mã số thuế %(code)s đã được ghi vào sổ đăng ký (%(name)s) sau khi người này "
                "đăng ký, và đăng ký không kèm giấy ủy quyền. Hãy từ chối và đề nghị đăng ký "
                "lại kèm giấy ủy quyền."
            )
            % {"code": tax_code, "name": existing.name}
        )
    details = membership.applied_details
    enterprise = Enterprise(
        tax_code=tax_code,
        name=nfc(membership.applied_name),
        ownership=details.get("ownership", ""),
        address=nfc(details.get("address", "")),
    )
    enterprise.search_key = enterprise_search_key(enterprise)
    try:
        enterprise.full_clean(exclude=["search_key"])
    except ValidationError as exc:
        raise ApplicationError(" ".join(exc.messages)) from None
    enterprise.save()
    return enterprise
