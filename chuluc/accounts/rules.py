"""Named permission predicates about people (roles). Object rules live in each app."""

from __future__ import annotations

from chuluc.accounts.enums import Role
from chuluc.accounts.selectors import user_roles


def is_officer(user) -> bool:
    """A Department of Industry and Trade officer (or an administrator)."""
    roles = user_roles(user)
    return Role.OFFICER in roles or Role.ADMIN in roles


def is_leader(user) -> bool:
    return Role.LEADER in user_roles(user)


def is_internal(user) -> bool:
    """Anyone who reads internal records: officers, administrators, the city leader."""
    return is_officer(user) or is_leader(user)


def is_enterprise_rep(user) -> bool:
    return Role.ENTERPRISE_REP in user_roles(user)


def is_council_member(user) -> bool:
    return Role.COUNCIL_MEMBER in user_roles(user)


def is_agency_officer(user) -> bool:
    return Role.AGENCY_OFFICER in user_roles(user)


def can_verify_memberships(user) -> bool:
    return is_officer(user)


def can_decide_membership(user, membership) -> bool:
    """Verify or reject this representative: whoever verifies memberships."""
    return can_verify_memberships(user)


def can_confirm_membership_email(user, membership) -> bool:
    """Only the applicant confirms the address of their own registration."""
    return getattr(user, "pk", None) is not None and membership.user_id == user.pk


def can_view_membership_letter(user, membership) -> bool:
    """The authorisation letter: the officers who decide and the applicant who gave it."""
    return can_verify_memberships(user) or (
        getattr(user, "is_authenticated", False) and membership.user_id == user.pk
    )


def can_manage_users(user) -> bool:
    return Role.ADMIN in user_roles(user) or bool(getattr(user, "is_superuser", False))


def can_view_audit(user) -> bool:
    return is_internal(user)


def can_use_api(user) -> bool:
    """Who may hold an API token and call the authenticated endpoints: internal users
    (officers, administrators, the city leader) and enterprise representatives. Each endpoint
    then applies the same predicates as the pages."""
    return is_internal(user) or is_enterprise_rep(user)
