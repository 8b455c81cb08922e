"""The council's services, for tests/core/test_audit.py (exactly one audit row per service
call). Those that write several records (one audit row each) or none are listed in
``NOT_SINGLE_WRITES`` with where they are counted; the council's single writes have their
cases in tests/core/test_audit.py."""

NOT_SINGLE_WRITES = {
    # one score_sheet.reopen_for_dossier row per sheet reopened (tests/council/test_sheets.py)
    "sheets_reopen_for_dossier",
    "dossier_list_changed",  # the dossier lifecycle's subscriber: sheets_reopen_for_dossier
    # the dossier lifecycle's subscriber: the conflicts an enterprise declaration implies,
    # under that declaration's audit row (tests/council/test_conflicts.py)
    "enterprise_conflicts_extend",
    "round_open_refusal",  # read: why a round cannot open
    "assessment_reopen_refusal",
    "next_round_number",  # read: the number a new round takes  # read: why the chair cannot reopen the assessment
}

CASES: dict = {}
