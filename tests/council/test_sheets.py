"""A member's score sheet tells the truth (chuluc/council/services/sheets.py, issue 17 point
4): a dossier entering or leaving the list the council scores reopens each submitted sheet
that lists it, with the reason on the member's scoring page; a score changed after
submitting asks first, and the answer to the change shows the sheet back in draft."""

from __future__ import annotations

import re

from django.urls import reverse

from chuluc.campaigns.lifecycles import DOSSIER
from chuluc.core.models import AuditEntry
from chuluc.council import selectors, services
from chuluc.council.enums import ScoreSheetStatus
from chuluc.council.models import ScoreSheet
from tests.access import messages
from tests.factories.campaigns import eligible_dossier
from tests.factories.council import score_all
from tests.factories.registry import ProductFactory


def _submitted(setup, who: str) -> ScoreSheet:
    member = setup["members"][who]
    score_all(setup, member, lambda d, c: 6)
    return services.sheet_submit(actor=member.user, round_=setup["council"].rounds.get())


def _status_line(html: str) -> str:
    match = re.search(r'<div id="sheet-status".*?</div>', html, re.S)
    assert match, "the scoring page has its status line"
    return match.group(0)


def test_a_new_eligible_dossier_reopens_the_submitted_sheets_with_a_notice(
    client, setup, officer, rep_a, enterprise_a
):
    """Seen at 44d25cc: the sheet stayed "Đã nộp phiếu" with 39 / 42 cells scored."""
    sheet = _submitted(setup, "uv1")
    uv1, uv2 = setup["members"]["uv1"], setup["members"]["uv2"]
    product = ProductFactory(enterprise=enterprise_a, name="Cáp điện ngầm Gamma")

    late = eligible_dossier(
        officer=officer, actor=rep_a, campaign=setup["campaign"], product=product
    )

    sheet.refresh_from_db()
    assert sheet.status == ScoreSheetStatus.DRAFT
    assert sheet.submitted_at is None
    assert "có thêm hồ sơ Cáp điện ngầm Gamma" in sheet.reopened_because
    entry = AuditEntry.objects.get(action="score_sheet.reopen_for_dossier")
    assert entry.object_id == str(sheet.pk)
    assert entry.actor_id == officer.pk
    assert entry.diff["dossier"] == [None, late.pk]
    assert not ScoreSheet.objects.filter(member=uv2).exists()  # nothing to reopen

    client.force_login(uv1.user)
    page = client.get(reverse("council:scoring", args=[setup["council"].pk])).content.decode()
    status = _status_line(page)
    assert "Chưa nộp phiếu" in status and "Đã nộp phiếu" not in status
    assert "Phiếu của ông/bà đã được mở lại vì có thêm hồ sơ Cáp điện ngầm Gamma" in status
    judged = len(setup["judged"])
    dossiers = len(setup["dossiers"])
    assert f"Đã chấm {judged * dossiers} / {judged * (dossiers + 1)} ô." in status

    # Scoring the new dossier and submitting again clears the notice.
    round_ = setup["council"].rounds.get()
    for criterion in setup["judged"]:
        services.score_record(
            actor=uv1.user, round_=round_, dossier=late, criterion=criterion, value=5
        )
    services.sheet_submit(actor=uv1.user, round_=round_)
    sheet.refresh_from_db()
    assert sheet.status == ScoreSheetStatus.SUBMITTED and sheet.reopened_because == ""
    page = client.get(reverse("council:scoring", args=[setup["council"].pk])).content.decode()
    assert "mở lại" not in _status_line(page)


def test_a_dossier_leaving_the_list_reopens_the_sheets_that_listed_it(setup, officer):
    sheet = _submitted(setup, "uv1")
    other = _submitted(setup, "uv2")
    gone = setup["dossiers"][0]
    services.conflict_declare(
        actor=setup["members"]["uv2"].user,
        member=setup["members"]["uv2"],
        dossier=gone,
        reason="Người thân làm việc tại doanh nghiệp",
    )
    other.refresh_from_db()
    assert other.status == ScoreSheetStatus.SUBMITTED

    DOSSIER.fire(gone, "withdraw", actor=officer, note="Doanh nghiệp xin rút")

    sheet.refresh_from_db()
    other.refresh_from_db()
    assert sheet.status == ScoreSheetStatus.DRAFT
    assert f"hồ sơ {gone.product.name}" in sheet.reopened_because
    assert "không còn trong danh sách chấm" in sheet.reopened_because
    # uv2 had declared a conflict on it: their sheet never listed it and stays submitted.
    assert other.status == ScoreSheetStatus.SUBMITTED


def test_a_change_within_the_scored_statuses_reopens_nothing(setup):
    sheet = _submitted(setup, "uv1")
    round_ = setup["council"].rounds.get()
    score_all(setup, setup["members"]["uv2"], lambda d, c: 4)
    services.round_close(actor=setup["members"]["thu_ky"].user, round_=round_)
    # closing moved every dossier to scored, passed or failed: still on the list
    sheet.refresh_from_db()
    assert sheet.status == ScoreSheetStatus.SUBMITTED
    assert not AuditEntry.objects.filter(action="score_sheet.reopen_for_dossier").exists()


def test_editing_a_submitted_sheet_asks_first_and_the_answer_shows_the_draft(client, setup):
    """Seen at 44d25cc: the change silently withdrew the submission, visible only after a
    reload."""
    sheet = _submitted(setup, "uv1")
    uv1 = setup["members"]["uv1"]
    council = setup["council"]
    client.force_login(uv1.user)
    page = client.get(reverse("council:scoring", args=[council.pk])).content.decode()
    status = _status_line(page)
    assert 'data-submitted="true"' in status
    assert "đưa phiếu về trạng thái chưa nộp" in status  # the confirmation's question
    assert "council/scoring.js" in page  # which asks it before the cell is sent
    assert 'id="submit-sheet"' not in page  # submitted: nothing to submit

    dossier, criterion = setup["dossiers"][0], setup["judged"][0]
    url = reverse("council:score_save", args=[council.pk, dossier.pk, criterion.pk])
    answer = client.post(url, {"value": "7,5"}, headers={"HX-Request": "true"})
    assert answer.status_code == 200
    html = answer.content.decode()
    assert 'value="7,50"' in html or 'value="7,5"' in html  # the cell
    status = _status_line(html)  # and the status line, swapped out of band
    assert 'hx-swap-oob="true"' in status
    assert 'data-submitted="false"' in status
    assert "Chưa nộp phiếu" in status
    assert "sửa điểm sau khi nộp" in status
    offered = re.search(r'<div id="sheet-submit".*?</div>', html, re.S).group(0)
    assert 'hx-swap-oob="true"' in offered and 'id="submit-sheet"' in offered  # again
    sheet.refresh_from_db()
    assert sheet.status == ScoreSheetStatus.DRAFT

    # Without HTMX the member is told as well.
    services.sheet_submit(actor=uv1.user, round_=council.rounds.get())
    plain = client.post(url, {"value": "8"})
    assert plain.status_code == 302
    assert any("sửa điểm sau khi nộp" in m for m in messages(plain))


def test_a_refused_change_leaves_the_sheet_submitted(client, setup):
    sheet = _submitted(setup, "uv1")
    council = setup["council"]
    client.force_login(setup["members"]["uv1"].user)
    dossier, criterion = setup["dossiers"][0], setup["judged"][0]
    url = reverse("council:score_save", args=[council.pk, dossier.pk, criterion.pk])
    answer = client.post(url, {"value": "999"}, headers={"HX-Request": "true"})
    assert answer.status_code == 422
    status = _status_line(answer.content.decode())
    assert 'data-submitted="true"' in status and "Đã nộp phiếu" in status
    sheet.refresh_from_db()
    assert sheet.status == ScoreSheetStatus.SUBMITTED


def test_sheet_summary_counts_the_whole_sheet(setup):
    uv1 = setup["members"]["uv1"]
    round_ = setup["council"].rounds.get()
    score_all(setup, uv1, lambda d, c: 6)
    summary = selectors.sheet_summary(member=uv1, round_=round_)
    expected = len(setup["judged"]) * len(setup["dossiers"])
    assert (summary["done"], summary["expected"], summary["record"]) == (expected, expected, None)


def test_the_member_is_mailed_when_the_system_reopens_their_sheet(
    setup, officer, rep_a, enterprise_a, mailoutbox, django_capture_on_commit_callbacks
):
    _submitted(setup, "uv1")
    uv1 = setup["members"]["uv1"]
    product = ProductFactory(enterprise=enterprise_a, name="Cáp điện ngầm Gamma")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        eligible_dossier(officer=officer, actor=rep_a, campaign=setup["campaign"], product=product)
    mine = [m for m in mailoutbox if m.to == [uv1.user.email]]
    assert len(mine) == 1
    assert "đã được mở lại" in mine[0].subject
    assert "có thêm hồ sơ Cáp điện ngầm Gamma" in mine[0].body
    assert reverse("council:scoring", args=[setup["council"].pk]) in mine[0].body
    # uv2 had not submitted: nothing reopened, nothing sent
    assert not [m for m in mailoutbox if m.to == [setup["members"]["uv2"].user.email]]
