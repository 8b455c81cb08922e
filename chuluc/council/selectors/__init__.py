"""Reads of the council, one module per concept: its composition and rounds
(``councils``), the members' score sheets and the scoring progress (``sheets``), the
results (``results``). Callers keep ``from chuluc.council import selectors``."""

from chuluc.council.selectors.conflicts import ConflictRow, member_conflicts
from chuluc.council.selectors.councils import (
    assignments_by_criterion,
    closed_rounds,
    council_counts,
    council_detail,
    judged_criteria,
    open_round,
)
from chuluc.council.selectors.results import (
    corrections_decided,
    corrections_of,
    corrections_waiting,
    results_frozen,
    results_table,
    tie_votes,
)
from chuluc.council.selectors.scorers import Recusal, Scorers, scorers_by_dossier
from chuluc.council.selectors.sheets import (
    SHEET_PAGE,
    member_dossiers,
    own_scores,
    pending_corrections,
    progress,
    scoring_page,
    scoring_sheet,
    sheet_missing,
    sheet_of,
    sheet_submitted_at,
    sheet_summary,
)
from chuluc.council.selectors.ties import (
    TiedSet,
    TieGroupView,
    tie_groups,
    tie_labels,
    tie_resolution,
    ties_awaiting_vote,
)

__all__ = [
    "SHEET_PAGE",
    "ConflictRow",
    "Recusal",
    "Scorers",
    "TieGroupView",
    "TiedSet",
    "assignments_by_criterion",
    "closed_rounds",
    "corrections_decided",
    "corrections_of",
    "corrections_waiting",
    "council_counts",
    "council_detail",
    "judged_criteria",
    "member_conflicts",
    "member_dossiers",
    "open_round",
    "own_scores",
    "pending_corrections",
    "progress",
    "results_frozen",
    "results_table",
    "scorers_by_dossier",
    "scoring_page",
    "scoring_sheet",
    "sheet_missing",
    "sheet_of",
    "sheet_submitted_at",
    "sheet_summary",
    "tie_groups",
    "tie_labels",
    "tie_resolution",
    "tie_votes",
    "ties_awaiting_vote",
]
