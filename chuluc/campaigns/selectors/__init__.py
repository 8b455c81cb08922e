"""Reads of the campaigns part, one module per concept; imported from here."""

from chuluc.campaigns.selectors.campaign import (
    FUNNEL,
    campaign_detail,
    campaign_funnel,
    campaign_list,
    current_campaign,
    deadline_label,
    default_program,
    registration_refusal,
    target_position,
)
from chuluc.campaigns.selectors.criteria_set import (
    criteria_set_detail,
    criteria_set_list,
    criteria_set_spec,
    scorer_codes,
)
from chuluc.campaigns.selectors.dossier import (
    automatic_acceptable,
    dossier_detail,
    dossier_history,
    dossier_list,
    edit_refusal,
    is_renewal,
    products_for_registration,
    registration_hints,
    resubmission_refusal,
)

__all__ = [
    "FUNNEL",
    "automatic_acceptable",
    "campaign_detail",
    "campaign_funnel",
    "campaign_list",
    "criteria_set_detail",
    "criteria_set_list",
    "criteria_set_spec",
    "current_campaign",
    "deadline_label",
    "default_program",
    "dossier_detail",
    "dossier_history",
    "dossier_list",
    "edit_refusal",
    "is_renewal",
    "products_for_registration",
    "registration_hints",
    "registration_refusal",
    "resubmission_refusal",
    "scorer_codes",
    "target_position",
]
