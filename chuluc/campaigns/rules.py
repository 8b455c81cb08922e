"""Named permission predicates for campaigns, criteria sets and dossiers."""

from __future__ import annotations

from chuluc.accounts.rules import is_enterprise_rep, is_internal, is_officer
from chuluc.campaigns.enums import DOSSIER_EDITABLE, CampaignStatus
from chuluc.registry.rules import represents


def can_manage_campaigns(user) -> bool:
    return is_officer(user)


def can_manage_campaign(user, campaign) -> bool:
    """Publish or close one campaign (the campaign lifecycle's rule)."""
    return can_manage_campaigns(user)


def can_view_campaign(user, campaign) -> bool:
    """Officers and the leader see every campaign; others see published ones."""
    if is_internal(user):
        return True
    return (
        bool(getattr(user, "is_authenticated", False)) and campaign.status != CampaignStatus.DRAFT
    )


def can_view_criteria(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def can_list_dossiers(user, campaign) -> bool:
    return is_internal(user)


def can_create_dossier(user, product) -> bool:
    return is_enterprise_rep(user) and represents(user, product.enterprise_id)


def can_view_dossier(user, dossier) -> bool:
    """Officers, the leader, and the enterprise's own representatives. Council members get
    access only through their assignment (council app)."""
    return is_internal(user) or represents(user, dossier.enterprise_id)


def can_edit_dossier(user, dossier) -> bool:
    return (
        is_enterprise_rep(user)
        and represents(user, dossier.enterprise_id)
        and dossier.status in DOSSIER_EDITABLE
    )


def can_submit_dossier(user, dossier) -> bool:
    """The enterprise's representative submits its dossier (the page offers it only to
    them, through ``can_edit_dossier``); an officer may also lodge a dossier for the
    enterprise, as the demo's past years are lodged."""
    return can_edit_dossier(user, dossier) or is_officer(user)


def can_download_evidence(user, evidence) -> bool:
    return can_view_dossier(user, evidence.dossier)


def can_screen_dossier(user, dossier) -> bool:
    return is_officer(user)


def can_conclude_rule(user, check) -> bool:
    """Confirm or override the automatic result of one eligibility rule of a dossier."""
    return can_screen_dossier(user, check.dossier)


def can_view_dossier_history(user, dossier) -> bool:
    return is_internal(user)
