"""The council's lifecycles (chuluc/council/lifecycles.py): a round closes once, by its
secretary; a score sheet is submitted by its member when complete and goes back to draft
when a score changes; a correction is decided once, by the chair. Every fired event leaves
one audit row; a refused one changes nothing."""

from decimal import Decimal

import pytest

from chuluc.campaigns.enums import DossierStatus
from chuluc.campaigns.models import Dossier
from chuluc.core.errors import ApplicationError
from chuluc.core.lifecycle import TransitionRefused
from chuluc.core.models import AuditEntry
from chuluc.council import services
from chuluc.council.enums import CorrectionStatus, RoundStatus, ScoreSheetStatus
from chuluc.council.lifecycles import CORRECTION, ROUND, SCORE_SHEET
from chuluc.council.models import Correction, Round, Score, ScoreSheet
from tests.factories.council import score_all


def _actions() -> list[str]:
    return list(AuditEntry.objects.order_by("id").values_list("action", flat=True))


def _scored(setup, *, close: bool = False) -> Round:
    score_all(setup, setup["members"]["uv1"], lambda d, c: 5)
    score_all(setup, setup["members"]["uv2"], lambda d, c: 5)
    round_ = setup["council"].rounds.get()
    if close:
        services.round_close(actor=setup["members"]["thu_ky"].user, round_=round_)
        round_.refresh_from_db()
    return round_


# Round -----------------------------------------------------------------------------------


def test_round_close_fires_once_with_one_audit_row(setup):
    round_ = _scored(setup)
    before = _actions()
    services.round_close(actor=setup["members"]["thu_ky"].user, round_=round_)
    round_.refresh_from_db()
    assert round_.status == RoundStatus.CLOSED
    assert round_.closed_by == setup["members"]["thu_ky"].user
    new = _actions()[len(before) :]
    assert new.count("round.close") == 1
    entry = AuditEntry.objects.get(action="round.close")
    assert entry.object_id == str(round_.pk)
    assert entry.diff["status"] == [RoundStatus.OPEN, RoundStatus.CLOSED]


def test_round_closed_again_is_refused_and_changes_nothing(setup):
    round_ = _scored(setup, close=True)
    closed_at, before = round_.closed_at, _actions()
    with pytest.raises(ApplicationError, match="Vòng chấm đã khóa"):
        services.round_close(actor=setup["members"]["thu_ky"].user, round_=round_)
    with pytest.raises(TransitionRefused):
        ROUND.fire(round_, "close", actor=setup["members"]["thu_ky"].user)
    round_.refresh_from_db()
    assert (round_.status, round_.closed_at, _actions()) == (RoundStatus.CLOSED, closed_at, before)


def test_only_the_secretary_may_close_the_round(setup):
    round_ = setup["council"].rounds.get()
    before = _actions()
    for who in ("uv1", "chu_tich"):
        user = setup["members"][who].user
        assert ROUND.available(round_, actor=user) == []
        with pytest.raises(TransitionRefused, match="không có quyền"):
            services.round_close(actor=user, round_=round_)
    secretary = setup["members"]["thu_ky"].user
    assert [t.event for t in ROUND.available(round_, actor=secretary)] == ["close"]
    round_.refresh_from_db()
    assert (round_.status, _actions()) == (RoundStatus.OPEN, before)


# Score sheet -----------------------------------------------------------------------------


def test_a_complete_sheet_is_submitted_with_one_audit_row(setup):
    round_ = _scored(setup)
    uv1 = setup["members"]["uv1"]
    before = _actions()
    sheet = services.sheet_submit(actor=uv1.user, round_=round_)
    assert _actions()[len(before) :] == ["score_sheet.submit"]
    sheet.refresh_from_db()
    assert sheet.status == ScoreSheetStatus.SUBMITTED
    assert sheet.submitted_at is not None
    # submitting it again changes nothing
    services.sheet_submit(actor=uv1.user, round_=round_)
    assert _actions()[len(before) :] == ["score_sheet.submit"]


def test_an_incomplete_sheet_is_refused_and_nothing_is_written(setup):
    uv1 = setup["members"]["uv1"]
    round_ = setup["council"].rounds.get()
    services.score_record(
        actor=uv1.user,
        round_=round_,
        dossier=setup["dossiers"][0],
        criterion=setup["judged"][0],
        value=5,
    )
    before = _actions()
    with pytest.raises(ApplicationError, match="còn thiếu") as refused:
        services.sheet_submit(actor=uv1.user, round_=round_)
    assert len(refused.value.extra["missing"]) == len(setup["dossiers"]) * len(setup["judged"]) - 1
    assert ScoreSheet.objects.count() == 0
    assert _actions() == before


def test_a_score_changed_after_submission_takes_the_sheet_back_to_draft(setup):
    round_ = _scored(setup)
    uv1 = setup["members"]["uv1"]
    sheet = services.sheet_submit(actor=uv1.user, round_=round_)
    before = _actions()
    services.score_record(
        actor=uv1.user,
        round_=round_,
        dossier=setup["dossiers"][0],
        criterion=setup["judged"][0],
        value=6,
    )
    # the score's own row, and one for the sheet's event
    assert _actions()[len(before) :] == ["council.score_record", "score_sheet.reopen"]
    sheet.refresh_from_db()
    assert (sheet.status, sheet.submitted_at) == (ScoreSheetStatus.DRAFT, None)
    # a further change leaves the draft as it is
    services.score_record(
        actor=uv1.user,
        round_=round_,
        dossier=setup["dossiers"][0],
        criterion=setup["judged"][0],
        value=7,
    )
    assert _actions()[len(before) :].count("score_sheet.reopen") == 1
    services.sheet_submit(actor=uv1.user, round_=round_)
    sheet.refresh_from_db()
    assert sheet.status == ScoreSheetStatus.SUBMITTED
    assert _actions()[-1] == "score_sheet.submit"


def test_a_sheet_of_a_closed_round_is_refused_and_changes_nothing(setup):
    round_ = _scored(setup)
    uv1 = setup["members"]["uv1"]
    sheet = services.sheet_submit(actor=uv1.user, round_=round_)
    services.round_close(actor=setup["members"]["thu_ky"].user, round_=round_)
    sheet.refresh_from_db()
    before = _actions()
    with pytest.raises(TransitionRefused, match="Vòng chấm đã khóa"):
        SCORE_SHEET.fire(sheet, "reopen", actor=uv1.user)
    with pytest.raises(ApplicationError, match="Vòng chấm đã khóa"):
        services.sheet_submit(actor=setup["members"]["uv2"].user, round_=round_)
    sheet.refresh_from_db()
    assert sheet.status == ScoreSheetStatus.SUBMITTED
    assert not ScoreSheet.objects.filter(member=setup["members"]["uv2"]).exists()
    assert _actions() == before


def test_only_its_member_moves_a_sheet(setup):
    round_ = _scored(setup)
    uv1, uv2 = setup["members"]["uv1"], setup["members"]["uv2"]
    sheet = ScoreSheet.objects.create(round=round_, member=uv1, status=SCORE_SHEET.initial)
    before = _actions()
    assert SCORE_SHEET.available(sheet, actor=uv2.user) == []
    with pytest.raises(TransitionRefused, match="không có quyền"):
        SCORE_SHEET.fire(sheet, "submit", actor=uv2.user)
    sheet.refresh_from_db()
    assert (sheet.status, _actions()) == (ScoreSheetStatus.DRAFT, before)
    assert [t.event for t in SCORE_SHEET.available(sheet, actor=uv1.user)] == ["submit"]


# Correction ------------------------------------------------------------------------------


def _correction(setup) -> Correction:
    _scored(setup, close=True)
    uv1 = setup["members"]["uv1"]
    score = Score.objects.filter(member=uv1).order_by("pk").first()
    return services.correction_request(actor=uv1.user, score=score, new_value="9", reason="Nhầm")


def test_an_approved_correction_fires_once_with_one_audit_row(setup):
    correction = _correction(setup)
    chair = setup["members"]["chu_tich"].user
    before = _actions()
    services.correction_decide(actor=chair, correction=correction, approve=True)
    assert [a for a in _actions()[len(before) :] if not a.startswith("dossier.")] == [
        "correction.approve"
    ]
    correction.refresh_from_db()
    assert (correction.status, correction.decided_by) == (CorrectionStatus.APPROVED, chair)
    assert Score.objects.get(pk=correction.score_id).value == Decimal(9)
    entry = AuditEntry.objects.get(action="correction.approve")
    assert entry.object_id == str(correction.pk)
    assert entry.diff["value"] == ["5.00", "9.00"]


def test_a_rejected_correction_leaves_the_score(setup):
    correction = _correction(setup)
    before = _actions()
    services.correction_decide(
        actor=setup["members"]["chu_tich"].user,
        correction=correction,
        approve=False,
        reason="Điểm đã chấm đúng",
    )
    assert _actions()[len(before) :] == ["correction.reject"]
    correction.refresh_from_db()
    assert correction.status == CorrectionStatus.REJECTED
    assert Score.objects.get(pk=correction.score_id).value == Decimal(5)


def test_a_decided_correction_is_refused_and_changes_nothing(setup):
    correction = _correction(setup)
    chair = setup["members"]["chu_tich"].user
    services.correction_decide(actor=chair, correction=correction, approve=False, reason="Không")
    correction.refresh_from_db()
    before = _actions()
    with pytest.raises(ApplicationError, match="đã được xử lý"):
        services.correction_decide(actor=chair, correction=correction, approve=True)
    with pytest.raises(TransitionRefused):
        CORRECTION.fire(correction, "approve", actor=chair)
    correction.refresh_from_db()
    assert correction.status == CorrectionStatus.REJECTED
    assert Score.objects.get(pk=correction.score_id).value == Decimal(5)
    assert _actions() == before


def test_only_the_chair_decides_a_correction(setup):
    correction = _correction(setup)
    before = _actions()
    for who in ("thu_ky", "uv1"):
        user = setup["members"][who].user
        assert CORRECTION.available(correction, actor=user) == []
        with pytest.raises(ApplicationError, match="Chỉ Chủ tịch"):
            services.correction_decide(actor=user, correction=correction, approve=True)
    chair = setup["members"]["chu_tich"].user
    assert [t.event for t in CORRECTION.available(correction, actor=chair)] == [
        "approve",
        "reject",
    ]
    correction.refresh_from_db()
    assert (correction.status, _actions()) == (CorrectionStatus.REQUESTED, before)


def test_a_correction_is_not_approved_once_the_results_are_published(setup):
    correction = _correction(setup)
    # as if the result had been published for comment (the decisions part does it)
    Dossier.objects.filter(pk=setup["dossiers"][0].pk).update(status=DossierStatus.PUBLISHED)
    chair = setup["members"]["chu_tich"].user
    before = _actions()
    with pytest.raises(ApplicationError, match="công bố lấy ý kiến"):
        services.correction_decide(actor=chair, correction=correction, approve=True)
    assert [t.event for t in CORRECTION.available(correction, actor=chair)] == ["reject"]
    correction.refresh_from_db()
    assert correction.status == CorrectionStatus.REQUESTED
    assert Score.objects.get(pk=correction.score_id).value == Decimal(5)
    assert _actions() == before
