"""Who scores which criterion (chuluc/council/services/assignments.py): a member given a
criterion more while the round is open has cells to score, so their submitted sheet reopens
with the reason on their scoring page (issue 17 point 4: the same defect as a dossier added
to a submitted sheet)."""

from __future__ import annotations

from chuluc.core.models import AuditEntry
from chuluc.council import services
from chuluc.council.enums import ScoreSheetStatus
from tests.factories.council import score_all


def test_a_criterion_given_more_reopens_the_members_submitted_sheet(setup, officer):
    council, members, judged = setup["council"], setup["members"], setup["judged"]
    uv1, uv2 = members["uv1"], members["uv2"]
    round_ = council.rounds.get()
    later = judged[1]
    services.assignment_set(actor=officer, council=council, criterion=later, members=[uv2])
    for dossier in setup["dossiers"]:
        for criterion in judged:
            if criterion != later:
                services.score_record(
                    actor=uv1.user, round_=round_, dossier=dossier, criterion=criterion, value=6
                )
    sheet = services.sheet_submit(actor=uv1.user, round_=round_)
    score_all(setup, uv2, lambda d, c: 5)
    other = services.sheet_submit(actor=uv2.user, round_=round_)

    services.assignment_set(actor=officer, council=council, criterion=later, members=[uv1, uv2])

    sheet.refresh_from_db()
    other.refresh_from_db()
    assert sheet.status == ScoreSheetStatus.DRAFT
    assert f"giao chấm thêm tiêu chí {later.code}" in sheet.reopened_because
    assert other.status == ScoreSheetStatus.SUBMITTED  # uv2 scored it all along
    entry = AuditEntry.objects.get(action="score_sheet.reopen_for_assignment")
    assert entry.object_id == str(sheet.pk)
    assert entry.actor_id == officer.pk
    assert entry.diff["criterion"] == [None, later.code]
