"""Reads about who a user is: roles and the enterprises they represent.

Both are cached on the user object, so a request pays for each at most once."""

from __future__ import annotations

from django.db.models import QuerySet

from chuluc.accounts.enums import MembershipStatus
from chuluc.accounts.models import EnterpriseMembership, RoleAssignment, User


def user_roles(user) -> frozenset[str]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_chuluc_roles", None)
    if cached is None:
        cached = frozenset(
            RoleAssignment.objects.filter(user_id=user.pk).values_list("role", flat=True)
        )
        user._chuluc_roles = cached
    return cached


def user_enterprise_ids(user) -> frozenset[int]:
    """Enterprises the user represents with a verified membership."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_chuluc_enterprise_ids", None)
    if cached is None:
        cached = frozenset(
            EnterpriseMembership.objects.filter(
                user_id=user.pk, status=MembershipStatus.VERIFIED
            ).values_list("enterprise_id", flat=True)
        )
        user._chuluc_enterprise_ids = cached
    return cached


def membership_list(*, status: str | None = None) -> QuerySet[EnterpriseMembership]:
    qs = EnterpriseMembership.objects.select_related("user", "enterprise").order_by(
        "status", "-created_at"
    )
    if status:
        qs = qs.filter(status=status)
    return qs


def memberships_of(user: User) -> QuerySet[EnterpriseMembership]:
    return EnterpriseMembership.objects.filter(user=user).select_related("enterprise")
