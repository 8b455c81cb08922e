"""The council's "Việc cần làm": a member's sheet to complete and submit (and a reopened one
with its reason), the secretary's round to lock, the chair's corrections to decide; each
appears in its state, links to its page and goes with the action."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from chuluc.council import services
from chuluc.council.models import Member, Round, Score
from chuluc.council.todo import council_tasks
from tests.factories.council import build_council, score_all
from tests.factories.registry import ProductFactory

pytestmark = pytest.mark.django_db


def _today():
    return timezone.localdate()


def _user(setup, name):
    return setup["members"][name].user


def _sheet_tasks(user):
    return [t for t in council_tasks(user, _today()) if "phiếu chấm" in t.what]


def test_a_member_completes_and_submits_their_sheet_then_it_goes(client, setup):
    council = setup["council"]
    round_ = council.rounds.get()
    uv1 = _user(setup, "uv1")
    expected = len(setup["dossiers"]) * len(setup["judged"])

    [task] = _sheet_tasks(uv1)
    assert f"0/{expected}" in task.what
    assert task.url == reverse("council:scoring", args=[council.pk])
    client.force_login(uv1)
    assert client.get(task.url).status_code == 200

    score_all(setup, setup["members"]["uv1"], lambda d, c: c.max_points)
    [task] = _sheet_tasks(uv1)
    assert f"{expected}/{expected}" in task.what

    services.sheet_submit(actor=uv1, round_=round_)
    assert _sheet_tasks(uv1) == []
    # the chair and the secretary score nothing: no sheet is asked of them
    assert _sheet_tasks(_user(setup, "chu_tich")) == []


def test_a_member_who_has_not_signed_the_declaration_is_told_to_sign_first(setup):
    member = setup["members"]["uv1"]
    Member.objects.filter(pk=member.pk).update(no_conflict_signed_at=None)
    [task] = _sheet_tasks(member.user)
    assert "cam kết" in task.why

    services.no_conflict_sign(actor=member.user, member=Member.objects.get(pk=member.pk))
    [task] = _sheet_tasks(member.user)
    assert "cam kết" not in task.why


def test_the_sheet_is_due_by_the_rounds_end_or_the_campaigns_scoring_end(setup):
    round_ = setup["council"].rounds.get()
    campaign = setup["campaign"]
    campaign.scoring_ends = _today() + dt.timedelta(days=4)
    campaign.save(update_fields=["scoring_ends"])
    [task] = _sheet_tasks(_user(setup, "uv1"))
    assert task.due == campaign.scoring_ends
    assert not task.overdue

    Round.objects.filter(pk=round_.pk).update(closes_on=_today() - dt.timedelta(days=1))
    [task] = _sheet_tasks(_user(setup, "uv1"))
    assert task.due == _today() - dt.timedelta(days=1)
    assert task.overdue


def test_a_reopened_sheet_comes_back_with_its_reason(setup):
    round_ = setup["council"].rounds.get()
    uv1 = _user(setup, "uv1")
    score_all(setup, setup["members"]["uv1"], lambda d, c: c.max_points)
    services.sheet_submit(actor=uv1, round_=round_)
    assert _sheet_tasks(uv1) == []

    score_all(setup, setup["members"]["uv1"], lambda d, c: c.max_points - 1)

    [task] = _sheet_tasks(uv1)
    sheet = round_.sheets.get(member=setup["members"]["uv1"])
    assert sheet.reopened_because
    assert sheet.reopened_because in task.why


def _lock_tasks(user):
    return [t for t in council_tasks(user, _today()) if "Khóa vòng" in t.what]


def test_the_secretary_locks_the_round_once_every_sheet_is_in(setup):
    council = setup["council"]
    round_ = council.rounds.get()
    secretary = _user(setup, "thu_ky")
    for name in ("uv1", "uv2"):
        assert _lock_tasks(secretary) == []
        score_all(setup, setup["members"][name], lambda d, c: c.max_points)
        services.sheet_submit(actor=_user(setup, name), round_=round_)

    [task] = _lock_tasks(secretary)
    assert "2/2" in task.why
    assert task.url == reverse("council:home", args=[council.pk])
    assert _lock_tasks(_user(setup, "chu_tich")) == []

    services.round_close(actor=secretary, round_=round_)
    assert _lock_tasks(secretary) == []


def test_an_overdue_round_is_on_the_secretarys_queue_though_sheets_are_missing(setup):
    round_ = setup["council"].rounds.get()
    Round.objects.filter(pk=round_.pk).update(closes_on=_today() - dt.timedelta(days=2))

    [task] = _lock_tasks(_user(setup, "thu_ky"))
    assert task.overdue
    assert "0/2" in task.why


def _correction_tasks(user):
    return [t for t in council_tasks(user, _today()) if "điều chỉnh" in t.what]


def test_the_chair_decides_a_correction_then_it_goes(setup):
    council = setup["council"]
    round_ = council.rounds.get()
    for name in ("uv1", "uv2"):
        score_all(setup, setup["members"][name], lambda d, c: c.max_points)
        services.sheet_submit(actor=_user(setup, name), round_=round_)
    services.round_close(actor=_user(setup, "thu_ky"), round_=round_)
    score = Score.objects.filter(member=setup["members"]["uv1"]).first()
    correction = services.correction_request(
        actor=_user(setup, "uv1"),
        score=score,
        new_value=score.value - Decimal(1),
        reason="Nhập nhầm",
    )

    [task] = _correction_tasks(_user(setup, "chu_tich"))
    assert task.what.endswith(": 1")
    assert task.url == reverse("council:results", args=[council.pk])
    assert _correction_tasks(_user(setup, "thu_ky")) == []

    services.correction_decide(actor=_user(setup, "chu_tich"), correction=correction, approve=True)
    assert _correction_tasks(_user(setup, "chu_tich")) == []


def _queries(user):
    with CaptureQueriesContext(connection) as ctx:
        council_tasks(user, _today())
    return len(ctx)


def test_the_source_reads_in_a_fixed_number_of_queries(officer, rep_a, enterprise_a):
    small = build_council(officer=officer, rep=rep_a, enterprise=enterprise_a, dossier_count=1)
    large = build_council(
        officer=officer,
        rep=rep_a,
        enterprise=enterprise_a,
        year=2027,
        products=[ProductFactory(enterprise=enterprise_a) for _ in range(6)],
    )
    for setup in (small, large):
        score_all(setup, setup["members"]["uv1"], lambda d, c: c.max_points)
    one = _queries(_user(small, "uv1"))
    many = _queries(_user(large, "uv1"))
    assert one == many
