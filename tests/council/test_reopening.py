"""The chair reopens the council's assessment after the lock (``council.services.reopening``):
a dossier concluded eligible late then joins the sheets instead of silently missing the
ranking (issue 17, point 3)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from chuluc.campaigns import services as campaign_services
from chuluc.campaigns.enums import CampaignStage
from chuluc.campaigns.stage import stage
from chuluc.core.errors import ApplicationError
from chuluc.council import services
from chuluc.council.enums import RoundStatus, ScoreSheetStatus
from chuluc.council.models import Result, Score
from tests.factories.campaigns import complete_dossier
from tests.factories.decisions import closed_council
from tests.factories.registry import ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(officer, rep_a, enterprise_a):
    """A council whose round is locked, and a dossier submitted afterwards, screened but
    not concluded (the conclusion is refused while the scores are locked)."""
    world = closed_council(officer=officer, rep=rep_a, enterprise=enterprise_a, dossier_count=2)
    product = ProductFactory(enterprise=enterprise_a, name="Sản phẩm nộp muộn")
    late = complete_dossier(actor=rep_a, campaign=world["campaign"], product=product)
    campaign_services.dossier_submit(actor=rep_a, dossier=late)
    for check in late.screening.all():
        campaign_services.screening_decide(
            actor=officer, check=check, outcome="pass", reason="Đạt (thử)"
        )
    world["late"] = late
    return world


def _chair(world):
    return world["members"]["chu_tich"].user


def test_only_the_chair_reopens(world):
    for name in ("thu_ky", "uv1"):
        with pytest.raises(ApplicationError, match="Chỉ Chủ tịch"):
            services.assessment_reopen(
                actor=world["members"][name].user, council=world["council"], reason="Lý do"
            )
    assert world["council"].rounds.count() == 1


def test_a_reason_is_required_by_its_field(world):
    with pytest.raises(ValidationError) as refused:
        services.assessment_reopen(actor=_chair(world), council=world["council"], reason="  ")
    assert "reason" in refused.value.message_dict
    assert world["council"].rounds.count() == 1


def test_reopening_opens_a_round_with_the_locked_scores_and_draft_sheets(world):
    locked = world["council"].rounds.get()
    round_ = services.assessment_reopen(
        actor=_chair(world), council=world["council"], reason="Hồ sơ đủ điều kiện sau khi khóa"
    )
    assert round_.status == RoundStatus.OPEN and round_.number == 2
    assert round_.reopen_reason == "Hồ sơ đủ điều kiện sau khi khóa"
    copied = sorted(Score.objects.filter(round=round_).values_list("member", "dossier", "value"))
    assert copied == sorted(
        Score.objects.filter(round=locked).values_list("member", "dossier", "value")
    )
    sheets = list(round_.sheets.all())
    assert {s.member_id for s in sheets} == {
        world["members"]["uv1"].pk,
        world["members"]["uv2"].pk,
    }
    assert all(s.status == ScoreSheetStatus.DRAFT for s in sheets)
    assert all("Hồ sơ đủ điều kiện sau khi khóa" in s.reopened_because for s in sheets)
    assert stage(world["campaign"]).stage == CampaignStage.SCORING


def test_reopening_twice_is_refused_while_the_new_round_is_open(world):
    services.assessment_reopen(actor=_chair(world), council=world["council"], reason="Lần 1")
    with pytest.raises(ApplicationError, match="Đang có vòng chấm chưa khóa"):
        services.assessment_reopen(actor=_chair(world), council=world["council"], reason="Lần 2")


def test_late_dossier_refused_then_concluded_scored_and_ranked_after_reopening(world, officer):
    late = world["late"]
    with pytest.raises(ApplicationError, match="trừ khi Chủ tịch Hội đồng mở lại"):
        campaign_services.dossier_screen(actor=officer, dossier=late)
    round_ = services.assessment_reopen(
        actor=_chair(world), council=world["council"], reason="Hồ sơ đủ điều kiện sau khi khóa"
    )
    late = campaign_services.dossier_screen(actor=officer, dossier=late)
    assert late.status == "eligible"
    for name in ("uv1", "uv2"):
        member = world["members"][name]
        for criterion in world["judged"]:
            services.score_record(
                actor=member.user,
                round_=round_,
                dossier=late,
                criterion=criterion,
                value=criterion.max_points,
            )
        services.sheet_submit(actor=member.user, round_=round_)
    services.round_close(actor=world["members"]["thu_ky"].user, round_=round_)
    ranked = set(Result.objects.filter(council=world["council"]).values_list("dossier", flat=True))
    assert late.pk in ranked
    assert {d.pk for d in world["dossiers"]} <= ranked


def test_council_page_offers_the_chair_alone_the_reopening(client, world):
    url = reverse("council:home", args=[world["council"].pk])
    client.force_login(_chair(world))
    assert 'id="reopen"' in client.get(url).content.decode()
    client.force_login(world["members"]["thu_ky"].user)
    assert 'id="reopen"' not in client.get(url).content.decode()


def test_reopening_from_the_page(client, world):
    client.force_login(_chair(world))
    response = client.post(
        reverse("council:assessment_reopen", args=[world["council"].pk]),
        {"reason": "Hồ sơ đủ điều kiện sau khi khóa"},
        follow=True,
    )
    assert "Đã lưu." in response.content.decode()
    assert world["council"].rounds.filter(status=RoundStatus.OPEN).count() == 1
