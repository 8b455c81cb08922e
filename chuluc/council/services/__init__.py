"""Writes of the council, one module per aggregate: the council and its members
(``councils``), criterion assignments (``assignments``), conflicts of interest
(``conflicts``), scoring rounds (``rounds``), members' score sheets and scores
(``sheets``), corrections of locked scores (``corrections``), the chair's reopening of a
locked assessment (``reopening``), tie votes (``ties``) and the results that follow them
(``results``). Callers keep ``from chuluc.council import services``.

Every write recomputes what depends on it (results) in the same transaction and leaves its
audit row; status changes go through ``council.lifecycles``."""

from chuluc.council.services.assignments import assignment_set
from chuluc.council.services.conflicts import conflict_declare, no_conflict_sign
from chuluc.council.services.corrections import correction_decide, correction_request
from chuluc.council.services.councils import council_create, member_add
from chuluc.council.services.reopening import assessment_reopen, assessment_reopen_refusal
from chuluc.council.services.results import results_recompute
from chuluc.council.services.rounds import round_close, round_open, round_open_refusal
from chuluc.council.services.sheets import score_record, sheet_submit, sheets_reopen_for_dossier
from chuluc.council.services.ties import tie_vote_record

__all__ = [
    "assessment_reopen",
    "assessment_reopen_refusal",
    "assignment_set",
    "conflict_declare",
    "correction_decide",
    "correction_request",
    "council_create",
    "member_add",
    "no_conflict_sign",
    "results_recompute",
    "round_close",
    "round_open",
    "round_open_refusal",
    "score_record",
    "sheet_submit",
    "sheets_reopen_for_dossier",
    "tie_vote_record",
]
