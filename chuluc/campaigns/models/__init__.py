"""The yearly selection round: program, campaign and its rules, criteria sets, dossiers,
evidence and screening. Rules that change by year are rows, frozen once used."""

from chuluc.campaigns.models.campaign import (
    Campaign,
    EligibilityRule,
    LegalBasis,
    Target,
    criterion_codes,
)
from chuluc.campaigns.models.criteria import Band, CriteriaSet, Criterion, CriterionGroup, Program
from chuluc.campaigns.models.dossier import (
    FIGURE_FIELDS,
    ComputedScore,
    Dossier,
    DossierEvent,
    Evidence,
    FigureVersion,
    QualityCertificate,
    ScreeningCheck,
    YearFigures,
)

__all__ = [
    "FIGURE_FIELDS",
    "Band",
    "Campaign",
    "ComputedScore",
    "CriteriaSet",
    "Criterion",
    "CriterionGroup",
    "Dossier",
    "DossierEvent",
    "EligibilityRule",
    "Evidence",
    "FigureVersion",
    "LegalBasis",
    "Program",
    "QualityCertificate",
    "ScreeningCheck",
    "Target",
    "YearFigures",
    "criterion_codes",
]
