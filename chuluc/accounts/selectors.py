"""Reads about people: who a user is (roles and the enterprises they represent, both cached
on the user object, so a request pays for each at most once), the memberships to decide,
a user's API tokens."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from chuluc.accounts.enums import MembershipStatus
from chuluc.accounts.models import ApiToken, EnterpriseMembership, RoleAssignment, User


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
    """Memberships to decide, with their applicant and firm (a registration's own when the
    register does not hold it yet)."""
    qs = EnterpriseMembership.objects.select_related("user", "enterprise").order_by(
        "status", "-created_at"
    )
    if status:
        qs = qs.filter(status=status)
    return qs


def memberships_of(user: User) -> QuerySet[EnterpriseMembership]:
    return EnterpriseMembership.objects.filter(user=user).select_related("enterprise")


def username_taken(username: str) -> bool:
    """Whether an account already has this user name (letter case aside)."""
    return User.objects.filter(username__iexact=username.strip()).exists()


def user_tokens(user) -> QuerySet[ApiToken]:
    """The user's tokens, newest first (never anyone else's)."""
    return ApiToken.objects.filter(user_id=user.pk).order_by("-created_at", "-id")


def token_is_active(token: ApiToken, at: dt.datetime | None = None) -> bool:
    """Neither revoked nor expired at ``at`` (now)."""
    at = at or timezone.now()
    return token.revoked_at is None and (token.expires_at is None or token.expires_at > at)
