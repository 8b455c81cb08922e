"""Who may do what with monitoring (named predicates; every view checks one)."""

from chuluc.accounts.rules import is_enterprise_rep, is_internal, is_leader, is_officer
from chuluc.accounts.selectors import user_enterprise_ids
from chuluc.registry.rules import represents


def can_view_dashboard(user) -> bool:
    """The dashboard, indicators, targets and the annual report: officers and leaders."""
    return is_internal(user)


def can_see_year_targets(user) -> bool:
    """The dashboard's panel of this year's targets and those at risk: the city leader,
    whose dashboard is otherwise the register's counts."""
    return is_leader(user)


def can_manage_periods(user) -> bool:
    return is_officer(user)


def can_review_reports(user, report=None) -> bool:
    """Mark a firm report as checked (with a note): officers."""
    return is_officer(user)


def can_list_reports(user) -> bool:
    """The list of firm reports: internal users (all), representatives (their own)."""
    return is_internal(user) or bool(user_enterprise_ids(user))


def can_view_report(user, report) -> bool:
    return is_internal(user) or represents(user, report.enterprise_id)


def can_submit_report(user) -> bool:
    """Open the report form: a verified representative of at least one enterprise."""
    return is_enterprise_rep(user) and bool(user_enterprise_ids(user))


def can_submit_report_for(user, enterprise_id: int | None) -> bool:
    """Submit for this enterprise: only its own verified representatives."""
    return is_enterprise_rep(user) and represents(user, enterprise_id)
