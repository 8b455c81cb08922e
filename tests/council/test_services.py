from decimal import Decimal

import pytest

from chuluc.campaigns.enums import DossierStatus
from chuluc.campaigns.services import campaign_update
from chuluc.core.errors import ApplicationError
from chuluc.core.models import AuditEntry
from chuluc.council import services
from chuluc.council.models import Result, Score
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.campaigns import complete_dossier
from tests.factories.council import build_council, score_all
from tests.factories.registry import EnterpriseFactory, ProductFactory


def test_scores_combine_by_mean_after_closing(setup):
    council, members = setup["council"], setup["members"]
    score_all(setup, members["uv1"], lambda d, c: c.max_points)
    score_all(setup, members["uv2"], lambda d, c: c.max_points / 2)
    round_ = council.rounds.get()
    assert Result.objects.count() == 0  # nothing aggregated while scoring is open
    services.round_close(actor=members["thu_ky"].user, round_=round_)
    result = Result.objects.get(dossier=setup["dossiers"][0])
    for criterion in setup["judged"]:
        assert Decimal(str(result.components[criterion.code])) == criterion.max_points * 3 / 4
    computed = sum(s.points for s in setup["dossiers"][0].computed_scores.all())
    assert result.total == computed + sum(c.max_points for c in setup["judged"]) * 3 / 4
    setup["dossiers"][0].refresh_from_db()
    assert setup["dossiers"][0].status in {DossierStatus.PASSED, DossierStatus.FAILED}


def test_member_scores_only_assigned_criteria_within_bounds(setup):
    council, members = setup["council"], setup["members"]
    round_ = council.rounds.get()
    dossier, criterion = setup["dossiers"][0], setup["judged"][0]
    with pytest.raises(ApplicationError, match="không được phân công"):
        services.score_record(
            actor=members["chu_tich"].user,
            round_=round_,
            dossier=dossier,
            criterion=criterion,
            value=5,
        )
    with pytest.raises(Exception, match="phải từ 0 đến"):
        services.score_record(
            actor=members["uv1"].user,
            round_=round_,
            dossier=dossier,
            criterion=criterion,
            value=criterion.max_points + 1,
        )
    with pytest.raises(Exception, match="không phải là số"):
        services.score_record(
            actor=members["uv1"].user,
            round_=round_,
            dossier=dossier,
            criterion=criterion,
            value="mười",
        )
    assert Score.objects.count() == 0


def test_signing_the_declaration_comes_first(setup, officer):
    council = setup["council"]
    late = services.member_add(
        actor=officer, council=council, user=UserFactory(), title="Chuyên gia"
    )
    services.assignment_set(
        actor=officer,
        council=council,
        criterion=setup["judged"][0],
        members=[late, setup["members"]["uv1"]],
    )
    with pytest.raises(ApplicationError, match="ký cam kết"):
        services.score_record(
            actor=late.user,
            round_=council.rounds.get(),
            dossier=setup["dossiers"][0],
            criterion=setup["judged"][0],
            value=1,
        )


def test_locked_scores_change_only_through_an_approved_correction(setup):
    council, members = setup["council"], setup["members"]
    score_all(setup, members["uv1"], lambda d, c: 5)
    score_all(setup, members["uv2"], lambda d, c: 5)
    round_ = council.rounds.get()
    services.round_close(actor=members["thu_ky"].user, round_=round_)
    dossier, criterion = setup["dossiers"][0], setup["judged"][0]
    with pytest.raises(ApplicationError, match="Vòng chấm đã khóa"):
        services.score_record(
            actor=members["uv1"].user, round_=round_, dossier=dossier, criterion=criterion, value=9
        )
    score = Score.objects.get(member=members["uv1"], dossier=dossier, criterion=criterion)
    correction = services.correction_request(
        actor=members["uv1"].user, score=score, new_value="9", reason="Nhập nhầm"
    )
    assert Score.objects.get(pk=score.pk).value == Decimal(5)
    with pytest.raises(ApplicationError, match="Chỉ Chủ tịch"):
        services.correction_decide(
            actor=members["thu_ky"].user, correction=correction, approve=True
        )
    before = Result.objects.get(dossier=dossier).total
    services.correction_decide(actor=members["chu_tich"].user, correction=correction, approve=True)
    assert Score.objects.get(pk=score.pk).value == Decimal(9)
    assert Result.objects.get(dossier=dossier).total == before + 2  # (9 + 5) / 2 − 5
    assert (
        AuditEntry.objects.filter(action="correction.approve", object_id=str(correction.pk)).count()
        == 1
    )


def test_conflicted_member_is_left_out_and_the_others_count(setup, officer):
    council, members = setup["council"], setup["members"]
    dossier = setup["dossiers"][0]
    services.conflict_declare(
        actor=members["uv2"].user,
        member=members["uv2"],
        dossier=dossier,
        reason="Người thân làm việc tại doanh nghiệp",
    )
    with pytest.raises(ApplicationError, match="xung đột lợi ích"):
        services.score_record(
            actor=members["uv2"].user,
            round_=council.rounds.get(),
            dossier=dossier,
            criterion=setup["judged"][0],
            value=1,
        )
    score_all(setup, members["uv1"], lambda d, c: 4)
    round_ = council.rounds.get()
    for other in setup["dossiers"][1:]:
        for criterion in setup["judged"]:
            services.score_record(
                actor=members["uv2"].user,
                round_=round_,
                dossier=other,
                criterion=criterion,
                value=2,
            )
    services.round_close(actor=members["thu_ky"].user, round_=round_)
    conflicted = Result.objects.get(dossier=dossier)
    other = Result.objects.get(dossier=setup["dossiers"][1])
    assert conflicted.components[setup["judged"][0].code] == 4  # uv1 alone
    assert other.components[setup["judged"][0].code] == 3  # mean of 4 and 2
    assert conflicted.missing == []


def test_representative_on_the_council_is_flagged_as_conflicted(setup, officer, enterprise_a):
    user = UserFactory()
    MembershipFactory(user=user, enterprise=enterprise_a)
    member = services.member_add(
        actor=officer, council=setup["council"], user=user, title="Hiệp hội"
    )
    assert set(member.conflicts.values_list("dossier_id", flat=True)) == {
        d.pk for d in setup["dossiers"]
    }


def test_only_the_secretary_side_closes_and_only_once(setup):
    round_ = setup["council"].rounds.get()
    services.round_close(actor=setup["members"]["thu_ky"].user, round_=round_)
    with pytest.raises(ApplicationError, match="đã khóa"):
        services.round_close(actor=setup["members"]["thu_ky"].user, round_=round_)


def test_unassigned_enterprise_dossier_is_not_scorable(setup, officer):
    campaign = setup["campaign"]
    draft = complete_dossier(
        actor=officer, campaign=campaign, product=ProductFactory(enterprise=EnterpriseFactory())
    )
    with pytest.raises(ApplicationError, match="không thuộc danh sách chấm"):
        services.score_record(
            actor=setup["members"]["uv1"].user,
            round_=setup["council"].rounds.get(),
            dossier=draft,
            criterion=setup["judged"][0],
            value=1,
        )


def test_tie_is_reported_then_decided_by_a_recorded_vote(officer, rep_a, enterprise_a):
    ctx = build_council(officer=officer, rep=rep_a, enterprise=enterprise_a, dossier_count=2)
    # both pass, one Top place: the tie decides it
    campaign_update(actor=officer, campaign=ctx["campaign"], pass_mark=Decimal(0), top_n=1)
    council, members = ctx["council"], ctx["members"]
    score_all(ctx, members["uv1"], lambda d, c: 5)
    score_all(ctx, members["uv2"], lambda d, c: 5)
    services.round_close(actor=members["thu_ky"].user, round_=council.rounds.get())
    results = list(Result.objects.order_by("dossier_id"))
    assert [r.needs_vote for r in results] == [True, True]
    assert results[0].tie_group == results[1].tie_group is not None
    assert results[0].rank == results[1].rank
    first, second = (d.pk for d in ctx["dossiers"])
    with pytest.raises(ApplicationError, match="không còn đồng hạng"):
        services.tie_vote_record(
            actor=members["thu_ky"].user, council=council, order=[first, 999], minutes="x"
        )
    services.tie_vote_record(
        actor=members["thu_ky"].user,
        council=council,
        order=[second, first],
        minutes="Biểu quyết 3/1",
    )
    ranks = dict(Result.objects.values_list("dossier_id", "rank"))
    assert ranks[second] < ranks[first]
    assert Result.objects.get(dossier_id=second).tie_resolved_by == "vote"
    assert Result.objects.get(dossier_id=first).tie_group is not None  # still reported as a tie
