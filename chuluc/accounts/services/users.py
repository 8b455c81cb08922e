"""Writes about accounts: creating one with its roles, changing its password."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chuluc.accounts.enums import Role
from chuluc.accounts.models import RoleAssignment, User
from chuluc.core.audit import audit_record, diff, snapshot
from chuluc.core.errors import ApplicationError
from chuluc.core.text import nfc

USER_FIELDS = ("username", "email", "full_name", "phone", "is_active", "is_demo")


def user_insert(
    *, username: str, email: str, full_name: str, phone: str, password: str | None, is_demo: bool
) -> User:
    """Save a new account, without roles and without an audit row: a step of a service that
    writes the row for the whole (``user_create``, the register's self-registration)."""
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
    user = user_insert(
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
