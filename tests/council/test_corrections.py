"""Corrections from the page (chuluc/council/services/corrections.py, issue 17 point 5): at
44d25cc the lock dialog promised a chair-approved correction but no page linked to one. A
member asks from a locked score of their scoring page (new value, reason, errors by
field); the chair sees what waits on the council's page, approves or rejects with a reason
on the results page; an approval recomputes the ranking."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from chuluc.core.errors import ApplicationError
from chuluc.council import services
from chuluc.council.enums import CorrectionStatus
from chuluc.council.models import Correction, Result, Score
from chuluc.decisions.services import publication_publish
from tests.access import messages
from tests.factories.council import score_all
from tests.factories.decisions import closed_council, published


@pytest.fixture
def closed(setup):
    score_all(setup, setup["members"]["uv1"], lambda d, c: 5)
    score_all(setup, setup["members"]["uv2"], lambda d, c: 5)
    services.round_close(
        actor=setup["members"]["thu_ky"].user, round_=setup["council"].rounds.get()
    )
    return setup


def _uv1_score(ctx) -> Score:
    return Score.objects.get(
        member=ctx["members"]["uv1"], dossier=ctx["dossiers"][0], criterion=ctx["judged"][0]
    )


def test_a_locked_score_links_to_its_correction_from_the_scoring_page(client, closed):
    council, uv1 = closed["council"], closed["members"]["uv1"]
    score = _uv1_score(closed)
    ask = reverse("council:correction_request", args=[council.pk, score.pk])
    client.force_login(uv1.user)
    page = client.get(reverse("council:scoring", args=[council.pk])).content.decode()
    assert 'id="own-scores"' in page
    assert f'href="{ask}"' in page
    assert "Đề nghị điều chỉnh" in page
    assert 'name="value"' not in page  # locked: no score cell to type in

    form = client.get(ask)
    assert form.status_code == 200
    html = form.content.decode()
    assert 'name="new_value"' in html and 'name="reason"' in html
    assert "5,00" in html  # the locked value


def test_a_correction_form_shows_every_error_by_its_field_and_writes_nothing(client, closed):
    council, uv1 = closed["council"], closed["members"]["uv1"]
    score = _uv1_score(closed)
    client.force_login(uv1.user)
    ask = reverse("council:correction_request", args=[council.pk, score.pk])
    answer = client.post(ask, {"new_value": "99", "reason": ""})
    assert answer.status_code == 422
    form = answer.context["form"]
    assert "phải từ 0 đến" in " ".join(form.errors["new_value"])
    assert form.errors["reason"]
    same = client.post(ask, {"new_value": "5", "reason": "Nhầm"})
    assert "trùng với điểm hiện tại" in " ".join(same.context["form"].errors["new_value"])
    assert not Correction.objects.exists()


def test_the_chair_sees_what_waits_and_approval_recomputes_the_ranking(client, closed):
    council, members = closed["council"], closed["members"]
    score = _uv1_score(closed)
    before = Result.objects.get(dossier=score.dossier).total
    client.force_login(members["uv1"].user)
    asked = client.post(
        reverse("council:correction_request", args=[council.pk, score.pk]),
        {"new_value": "7", "reason": "Nhập nhầm ô điểm"},
    )
    assert asked["Location"] == reverse("council:scoring", args=[council.pk])
    page = client.get(reverse("council:scoring", args=[council.pk])).content.decode()
    assert "chờ Chủ tịch duyệt" in page

    client.force_login(members["chu_tich"].user)
    home = client.get(reverse("council:home", args=[council.pk])).content.decode()
    assert "1 đề nghị điều chỉnh điểm chờ ông/bà duyệt" in home
    assert reverse("council:results", args=[council.pk]) + "#corrections" in home
    correction = Correction.objects.get()
    decide = reverse("council:correction_decide", args=[council.pk, correction.pk])
    results = client.get(reverse("council:results", args=[council.pk])).content.decode()
    assert f'action="{decide}"' in results and 'name="reason"' in results

    client.post(decide, {"approve": "1", "reason": "Đúng là nhập nhầm"})
    correction.refresh_from_db()
    assert correction.status == CorrectionStatus.APPROVED
    assert correction.decision_reason == "Đúng là nhập nhầm"
    # uv1's 5 becomes 7 and the two members' mean of this criterion goes from 5 to 6
    assert Result.objects.get(dossier=score.dossier).total == before + Decimal(1)
    home = client.get(reverse("council:home", args=[council.pk])).content.decode()
    assert "chờ ông/bà duyệt" not in home


def test_a_rejection_needs_its_reason(client, closed):
    council, members = closed["council"], closed["members"]
    correction = services.correction_request(
        actor=members["uv1"].user, score=_uv1_score(closed), new_value="7", reason="Nhầm"
    )
    client.force_login(members["chu_tich"].user)
    decide = reverse("council:correction_decide", args=[council.pk, correction.pk])
    refused = client.post(decide, {"approve": "0", "reason": "  "})
    assert any("Lý do: Vui lòng ghi lý do từ chối." in m for m in messages(refused))
    correction.refresh_from_db()
    assert correction.status == CorrectionStatus.REQUESTED
    with pytest.raises(ValidationError):
        services.correction_decide(
            actor=members["chu_tich"].user, correction=correction, approve=False
        )


def test_one_request_per_score_waits_at_a_time(closed):
    uv1 = closed["members"]["uv1"]
    services.correction_request(actor=uv1.user, score=_uv1_score(closed), new_value=6, reason="A")
    with pytest.raises(ApplicationError, match="đang chờ Chủ tịch duyệt"):
        services.correction_request(
            actor=uv1.user, score=_uv1_score(closed), new_value=7, reason="B"
        )
    assert Correction.objects.count() == 1


def test_no_correction_is_asked_or_offered_once_the_result_is_published(
    client, officer, rep_a, enterprise_a
):
    world = published(officer=officer, rep=rep_a, enterprise=enterprise_a, dossier_count=2)
    uv1 = world["members"]["uv1"]
    score = Score.objects.filter(member=uv1).first()
    with pytest.raises(ApplicationError, match="công bố"):
        services.correction_request(actor=uv1.user, score=score, new_value=1, reason="Nhầm")
    client.force_login(uv1.user)
    page = client.get(reverse("council:scoring", args=[world["council"].pk])).content.decode()
    assert 'id="own-scores"' in page
    assert "Đề nghị điều chỉnh" not in page


def test_the_chair_is_offered_only_the_decisions_the_lifecycle_allows(
    client, officer, rep_a, enterprise_a
):
    """A correction left waiting when the result was published may only be rejected: the
    approve button is not offered (its guard refuses), the reject one is."""
    world = closed_council(officer=officer, rep=rep_a, enterprise=enterprise_a, dossier_count=2)
    council, members = world["council"], world["members"]
    score = Score.objects.filter(member=members["uv1"]).first()
    services.correction_request(
        actor=members["uv1"].user, score=score, new_value=0, reason="Nhập nhầm"
    )
    client.force_login(members["chu_tich"].user)
    results = reverse("council:results", args=[council.pk])
    html = client.get(results).content.decode()
    assert 'name="approve" value="1"' in html and 'name="approve" value="0"' in html
    publication_publish(actor=officer, campaign=world["campaign"], notice="Lấy ý kiến (thử)")
    html = client.get(results).content.decode()
    assert 'name="approve" value="1"' not in html
    assert 'name="approve" value="0"' in html
    client.force_login(members["thu_ky"].user)  # not the chair: nothing to decide
    assert 'name="approve"' not in client.get(results).content.decode()
