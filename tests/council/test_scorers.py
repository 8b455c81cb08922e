"""Who scored each dossier (issue 17, point 7): the ranking did not show that a dossier had
fewer scorers, and the minutes listed neither recusals nor disagreement flags; now the
results page and the minutes show each dossier's number of scorers, its recusals and its
disagreement flags."""

from __future__ import annotations

import pytest
from django.urls import reverse

from chuluc.council import selectors, services
from chuluc.council.documents import build_minutes, write_minutes_docx
from chuluc.council.models import Result
from tests.factories.council import build_council, score_all
from tests.factories.registry import ProductFactory


@pytest.fixture
def world(officer, rep_a, enterprise_a):
    products = [ProductFactory(enterprise=enterprise_a, name=f"SP A{i}") for i in (1, 2, 3)]
    return build_council(officer=officer, rep=rep_a, enterprise=enterprise_a, products=products)


def test_a_recused_member_shows_as_a_missing_scorer_in_the_results_and_the_minutes(
    client, world, enterprise_a
):
    council, members = world["council"], world["members"]
    a1, a2, a3 = world["dossiers"]
    services.conflict_declare(
        actor=members["uv2"].user, member=members["uv2"], dossier=a2, reason="Vợ là kế toán"
    )
    score_all(world, members["uv1"], lambda d, c: 5)
    for dossier in (a1, a3):
        for criterion in world["judged"]:
            services.score_record(
                actor=members["uv2"].user,
                round_=council.rounds.get(),
                dossier=dossier,
                criterion=criterion,
                value=5,
            )
    services.round_close(actor=members["thu_ky"].user, round_=council.rounds.get())
    scorers = selectors.scorers_by_dossier(council=council)
    assert {d: (s.count, s.assigned, s.fewer) for d, s in scorers.items()} == {
        a1.pk: (2, 2, False),
        a2.pk: (1, 2, True),
        a3.pk: (2, 2, False),
    }
    client.force_login(members["thu_ky"].user)
    page = client.get(reverse("council:results", args=[council.pk])).content.decode()
    assert "<th>Người chấm</th>" in page
    assert page.count("1 thành viên không chấm (xung đột lợi ích)") == 1
    minutes = build_minutes(council=council)
    assert {r["product"]: r["scorers"] for r in minutes["results"]} == {
        "SP A1": "2/2",
        "SP A2": "1/2",
        "SP A3": "2/2",
    }
    assert minutes["recusals"] == [
        f"{members['uv2'].user} không chấm hồ sơ SP A2 ({enterprise_a.name}) do xung đột lợi "
        "ích: Vợ là kế toán"
    ]
    text = write_minutes_docx(minutes)
    assert text  # the writer lays the new lines out without error


def test_disagreement_flags_are_in_the_results_and_the_minutes(client, world):
    council, members = world["council"], world["members"]
    first = world["judged"][0]
    score_all(world, members["uv1"], lambda d, c: c.max_points if c == first else 5)
    score_all(world, members["uv2"], lambda d, c: 0 if c == first else 5)
    services.round_close(actor=members["thu_ky"].user, round_=council.rounds.get())
    assert {tuple(r.disagreements) for r in Result.objects.all()} == {(first.code,)}
    client.force_login(members["thu_ky"].user)
    page = client.get(reverse("council:results", args=[council.pk])).content.decode()
    assert page.count(f"chênh lệch lớn, cần thảo luận: {first.code}") == 3
    minutes = build_minutes(council=council)
    assert minutes["disagreements"] == [
        f"{name}: {first.code} ({first.name})" for name in ("SP A1", "SP A2", "SP A3")
    ]
    assert minutes["recusals"] == []
