"""Who may do what with the production index (named predicates; every view checks one)."""

from chuluc.accounts.rules import is_internal, is_officer


def can_view_iip(user) -> bool:
    """The index, its tables, charts, export, the base-year data and the published figures:
    officers and city leaders."""
    return is_internal(user)


def can_manage_iip(user) -> bool:
    """Create and load base years, import quantities, pull the firms' reports, enter
    published figures: officers (and administrators)."""
    return is_officer(user)


def can_activate_base_year(user, base_year) -> bool:
    """Put a draft base year into use: whoever manages the index."""
    return can_manage_iip(user)
