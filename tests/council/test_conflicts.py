"""Conflicts of interest (issue 17, point 7): declared against an enterprise they cover all
its dossiers in the campaign (per dossier still works, and then the page asks about the
firm's other dossiers); the results page and the minutes show each dossier's number of
scorers, its recusals and its disagreement flags."""

from __future__ import annotations

import pytest
from django.urls import reverse

from chuluc.council import selectors, services
from chuluc.council.documents import build_minutes
from chuluc.council.models import Conflict, Score
from tests.factories.campaigns import eligible_dossier
from tests.factories.council import build_council, score_all
from tests.factories.registry import EnterpriseFactory, ProductFactory


@pytest.fixture
def two_firms(officer, enterprise_a):
    """Firm A with two dossiers (SP A1, SP A2), firm B with one (SP B1); uv1 and uv2 score
    every judged criterion; the round is open, nothing scored yet."""
    other = EnterpriseFactory(name="Công ty TNHH Khác B")
    products = [
        ProductFactory(enterprise=enterprise_a, name="SP A1"),
        ProductFactory(enterprise=enterprise_a, name="SP A2"),
        ProductFactory(enterprise=other, name="SP B1"),
    ]
    world = build_council(officer=officer, rep=officer, enterprise=enterprise_a, products=products)
    world["other"] = other
    return world


def _sheet_dossiers(world, who: str) -> set[int]:
    sheet = selectors.scoring_sheet(
        member=world["members"][who], round_=world["council"].rounds.get()
    )
    return {d.pk for d, _cells in sheet["rows"]}


def test_a_conflict_declared_against_the_enterprise_covers_all_its_dossiers(
    client, two_firms, enterprise_a
):
    world = two_firms
    council, members = world["council"], world["members"]
    a1, a2, b1 = world["dossiers"]
    score_all(world, members["uv1"], lambda d, c: 5)
    client.force_login(members["uv1"].user)
    response = client.post(
        reverse("council:conflict_declare", args=[council.pk, a1.pk]),
        {"reason": "Tôi là cổ đông của công ty", "whole_enterprise": "on"},
    )
    assert response.status_code == 302
    conflicts = Conflict.objects.filter(member=members["uv1"])
    assert {c.dossier_id for c in conflicts} == {a1.pk, a2.pk}
    assert {c.enterprise_id for c in conflicts} == {enterprise_a.pk}
    # the member's sheet drops both dossiers, and their scores of them are gone
    assert _sheet_dossiers(world, "uv1") == {b1.pk}
    assert set(
        Score.objects.filter(member=members["uv1"]).values_list("dossier_id", flat=True)
    ) == {b1.pk}
    page = client.get(reverse("council:scoring", args=[council.pk])).content.decode()
    assert reverse("council:dossier", args=[council.pk, a2.pk]) not in page
    assert "khai báo với cả doanh nghiệp" in page

    score_all(world, members["uv2"], lambda d, c: 5)
    services.round_close(actor=members["thu_ky"].user, round_=council.rounds.get())
    scorers = selectors.scorers_by_dossier(council=council)
    assert {d: (s.count, s.assigned, len(s.recused)) for d, s in scorers.items()} == {
        a1.pk: (1, 2, 1),
        a2.pk: (1, 2, 1),
        b1.pk: (2, 2, 0),
    }
    minutes = build_minutes(council=council)  # the page and the scorers: test_scorers.py
    name = str(members["uv1"].user)
    assert minutes["recusals"] == [
        f"{name} không chấm hồ sơ SP A1 ({enterprise_a.name}) do xung đột lợi ích: "
        "Tôi là cổ đông của công ty",
        f"{name} không chấm hồ sơ SP A2 ({enterprise_a.name}) do xung đột lợi ích: "
        "Tôi là cổ đông của công ty",
    ]


def test_a_conflict_with_one_dossier_asks_about_the_firms_other_dossiers(client, two_firms):
    """Seen: a member who declared a conflict with one firm's dossier still had to score
    the same firm's other dossier, with no prompt."""
    world = two_firms
    council, members = world["council"], world["members"]
    a1, a2, b1 = world["dossiers"]
    client.force_login(members["uv1"].user)
    client.post(
        reverse("council:conflict_declare", args=[council.pk, a1.pk]), {"reason": "Họ hàng"}
    )
    assert _sheet_dossiers(world, "uv1") == {a2.pk, b1.pk}  # per dossier still works
    page = client.get(reverse("council:scoring", args=[council.pk])).content.decode()
    assert "còn 1 hồ sơ khác trong phiếu chấm của bạn" in page
    assert "Khai báo xung đột với cả doanh nghiệp" in page
    client.post(
        reverse("council:conflict_declare", args=[council.pk, a1.pk]),
        {"reason": "Họ hàng", "whole_enterprise": "on"},
    )
    assert _sheet_dossiers(world, "uv1") == {b1.pk}
    added = Conflict.objects.get(member=members["uv1"], dossier=a2)
    assert added.enterprise_id == a2.enterprise_id and added.reason == "Họ hàng"
    page = client.get(reverse("council:scoring", args=[council.pk])).content.decode()
    assert "hồ sơ khác trong phiếu chấm của bạn" not in page
    # declaring again changes nothing and says so
    before = Conflict.objects.count()
    response = client.post(
        reverse("council:conflict_declare", args=[council.pk, a1.pk]),
        {"reason": "Họ hàng", "whole_enterprise": "on"},
        follow=True,
    )
    assert "Đã ghi nhận xung đột lợi ích với mọi hồ sơ" in response.content.decode()
    assert Conflict.objects.count() == before


def test_a_dossier_of_the_enterprise_screened_after_the_declaration_is_covered(
    officer, two_firms, enterprise_a
):
    world = two_firms
    members = world["members"]
    a1, _a2, b1 = world["dossiers"]
    services.conflict_declare(
        actor=members["uv1"].user, member=members["uv1"], dossier=a1, reason="Cổ đông"
    )
    services.conflict_declare(
        actor=members["uv1"].user, member=members["uv1"], enterprise=enterprise_a, reason="Cổ đông"
    )
    late = eligible_dossier(
        officer=officer,
        actor=officer,
        campaign=world["campaign"],
        product=ProductFactory(enterprise=enterprise_a, name="SP A3"),
    )
    conflict = Conflict.objects.get(member=members["uv1"], dossier=late)
    assert (conflict.enterprise_id, conflict.reason) == (enterprise_a.pk, "Cổ đông")
    assert _sheet_dossiers(world, "uv1") == {b1.pk}
    assert late.pk in _sheet_dossiers(world, "uv2")
