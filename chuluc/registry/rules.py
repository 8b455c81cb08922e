"""Named permission predicates for the register. Views and API endpoints call these."""

from __future__ import annotations

from chuluc.accounts.rules import is_enterprise_rep, is_internal, is_officer
from chuluc.accounts.selectors import user_enterprise_ids


def represents(user, enterprise_id: int | None) -> bool:
    return enterprise_id is not None and enterprise_id in user_enterprise_ids(user)


def can_view_register(user) -> bool:
    """Sees the register's lists (reps see only their own enterprises in them)."""
    return is_internal(user) or bool(user_enterprise_ids(user))


def can_view_enterprise(user, enterprise) -> bool:
    return is_internal(user) or represents(user, enterprise.pk)


def can_edit_enterprise(user, enterprise) -> bool:
    return is_officer(user) or (is_enterprise_rep(user) and represents(user, enterprise.pk))


def can_create_enterprise(user) -> bool:
    return is_officer(user)


def can_view_product(user, product) -> bool:
    return is_internal(user) or represents(user, product.enterprise_id)


def can_edit_product(user, product) -> bool:
    return is_officer(user) or (is_enterprise_rep(user) and represents(user, product.enterprise_id))


def can_add_product(user, enterprise) -> bool:
    return can_edit_enterprise(user, enterprise)


def can_import_register(user) -> bool:
    return is_officer(user)


def can_export_register(user) -> bool:
    return is_internal(user)


def can_view_import(user, job) -> bool:
    return is_officer(user)


def can_decide_import(user, job) -> bool:
    """Write a previewed import's valid rows, or drop it: whoever may import."""
    return can_import_register(user)


def can_edit_contacts(user, enterprise) -> bool:
    return can_edit_enterprise(user, enterprise)


def can_edit_top500(user, enterprise) -> bool:
    """Top 500 listings are published rankings: officers record them, not the firm."""
    return is_officer(user)
