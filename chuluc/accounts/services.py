"""Writes about people: accounts, roles, who represents which enterprise."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuluc.accounts.enums import MEMBERSHIP_TRANSITIONS, MembershipStatus, Role
from chuluc.accounts.models import EnterpriseMembership, RoleAssignment, User
from chuluc.core.audit import audit_record, diff, snapshot
from chuluc.core.errors import ApplicationError
from chuluc.core.text import nfc

USER_FIELDS = ("username", "email", "full_name", "phone", "is_active", "is_demo")


def _new_user(
    *, username: str, email: str, full_name: str, phone: str, password: str | None, is_demo: bool
) -> User:
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("Tên đăng nhập này đã có người dùng.")})
    user = User(
        username=username,
        email=email.strip(),
        full_name=nfc(full_name),
        phone=phone.strip(),
        is_demo=is_demo,
    )
    if password:
        validate_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    return user


@transaction.atomic
def user_create(
    *,
    actor,
    username: str,
    email: str = "",
    full_name: str = "",
    phone: str = "",
    password: str | None = None,
    roles: list[tuple[str, Any]] | list[str] = (),
    is_demo: bool = False,
) -> User:
    """Create an account with its roles (each a role code, or (role, agency))."""
    user = _new_user(
        username=username,
        email=email,
        full_name=full_name,
        phone=phone,
        password=password,
        is_demo=is_demo,
    )
    codes = []
    for item in roles:
        role, agency = item if isinstance(item, tuple) else (item, None)
        if role not in Role.values:
            raise ApplicationError(_("Vai trò không hợp lệ: %s") % role)
        if role == Role.AGENCY_OFFICER and agency is None:
            raise ApplicationError(_("Cán bộ sở, ngành phải gắn với một cơ quan."))
        RoleAssignment.objects.create(user=user, role=role, agency=agency)
        codes.append(role)
    if Role.ADMIN in codes:
        user.is_staff = user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
    audit_record(
        actor=actor,
        action="user.create",
        obj=user,
        changes={**diff({}, snapshot(user, USER_FIELDS)), "roles": [None, codes]},
    )
    return user


@transaction.atomic
def user_set_password(*, actor, user: User, password: str) -> User:
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(
        actor=actor, action="user.password_change", obj=user, changes={"password": ["***", "***"]}
    )
    return user


@transaction.atomic
def membership_request(
    *, actor, user: User, enterprise, position: str = ""
) -> EnterpriseMembership:
    if EnterpriseMembership.objects.filter(user=user, enterprise=enterprise).exists():
        raise ApplicationError(_("Tài khoản này đã đăng ký làm đại diện của doanh nghiệp."))
    membership = EnterpriseMembership.objects.create(
        user=user, enterprise=enterprise, position=nfc(position)
    )
    RoleAssignment.objects.get_or_create(user=user, role=Role.ENTERPRISE_REP)
    audit_record(
        actor=actor,
        action="membership.request",
        obj=membership,
        changes={"user": [None, user.pk], "enterprise": [None, enterprise.pk]},
    )
    return membership


@transaction.atomic
def membership_decide(
    *, actor, membership: EnterpriseMembership, status: str, note: str = ""
) -> EnterpriseMembership:
    """The one transition function for memberships (verify, reject, reinstate)."""
    membership = (
        EnterpriseMembership.objects.select_for_update()
        .select_related("enterprise")
        .get(pk=membership.pk)
    )
    if status not in MEMBERSHIP_TRANSITIONS[membership.status]:
        raise ApplicationError(
            _("Không thể chuyển trạng thái đại diện sang “%s”.") % MembershipStatus(status).label
        )
    if status == MembershipStatus.REJECTED and not note.strip():
        raise ValidationError({"note": _("Vui lòng ghi lý do từ chối.")})
    before = membership.status
    membership.status = status
    membership.note = note.strip()
    membership.decided_by = actor
    membership.decided_at = timezone.now()
    membership.save()
    enterprise_changes = {}
    if status == MembershipStatus.VERIFIED and not membership.enterprise.is_verified:
        membership.enterprise.is_verified = True
        membership.enterprise.save(update_fields=["is_verified"])
        enterprise_changes = {"enterprise_verified": [False, True]}
    audit_record(
        actor=actor,
        action=f"membership.{status}",
        obj=membership,
        changes={"status": [before, status], "note": [None, membership.note], **enterprise_changes},
    )
    return membership


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
) -> EnterpriseMembership:
    """A firm registers itself and its representative. Nothing acts until an officer verifies."""
    from chuluc.registry.models import Enterprise
    from chuluc.registry.services import _clean_value, enterprise_search_key
    from chuluc.registry.validators import validate_tax_code

    tax_code = _clean_value("tax_code", tax_code) or ""
    try:
        validate_tax_code(tax_code)
    except ValidationError as exc:
        raise ValidationError({"tax_code": exc.messages}) from None
    user = _new_user(
        username=username,
        email=email,
        full_name=full_name,
        phone=phone,
        password=password,
        is_demo=False,
    )
    enterprise = Enterprise.objects.filter(tax_code=tax_code).first()
    created = enterprise is None
    if created:
        enterprise = Enterprise(
            tax_code=tax_code, name=nfc(enterprise_name), ownership=ownership, address=nfc(address)
        )
        enterprise.search_key = enterprise_search_key(enterprise)
        enterprise.full_clean(exclude=["search_key"])
        enterprise.save()
    membership = EnterpriseMembership.objects.create(
        user=user, enterprise=enterprise, position=nfc(position)
    )
    RoleAssignment.objects.create(user=user, role=Role.ENTERPRISE_REP)
    audit_record(
        actor=user,
        action="enterprise.self_register",
        obj=membership,
        changes={
            "user": [None, user.username],
            "enterprise": [None, enterprise.pk],
            "enterprise_created": [None, created],
        },
    )
    return membership
