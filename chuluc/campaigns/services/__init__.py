"""Writes of the campaigns part, one module per aggregate; callers use
``from chuluc.campaigns import services`` and ``services.<entity>_<verb>(...)``."""

from chuluc.campaigns.services.campaign import (
    campaign_copy,
    campaign_create,
    campaign_update,
    eligibility_rule_save,
    legal_basis_add,
    target_save,
)
from chuluc.campaigns.services.criteria_set import (
    criteria_set_create,
    criteria_set_freeze,
    criteria_set_import,
)
from chuluc.campaigns.services.dossier import (
    DECLARATION,
    dossier_create,
    dossier_delete,
    dossier_return,
    dossier_save,
    dossier_submit,
)
from chuluc.campaigns.services.evidence import (
    certificate_add,
    certificate_remove,
    evidence_remove,
    evidence_upload,
)
from chuluc.campaigns.services.outcomes import dossiers_record_results
from chuluc.campaigns.services.screening import (
    computed_score_verify,
    dossier_screen,
    screening_decide,
)

__all__ = [
    "DECLARATION",
    "campaign_copy",
    "campaign_create",
    "campaign_update",
    "certificate_add",
    "certificate_remove",
    "computed_score_verify",
    "criteria_set_create",
    "criteria_set_freeze",
    "criteria_set_import",
    "dossier_create",
    "dossier_delete",
    "dossier_return",
    "dossier_save",
    "dossier_screen",
    "dossier_submit",
    "dossiers_record_results",
    "eligibility_rule_save",
    "evidence_remove",
    "evidence_upload",
    "legal_basis_add",
    "screening_decide",
    "target_save",
]
