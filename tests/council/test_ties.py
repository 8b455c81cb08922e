"""Ties (issue 17, point 8): only a tie whose order decides a Top N place or the pass mark
waits for the council's vote; ties are named by rank ("đồng hạng 2"), never by a dossier
id; the vote orders the tied dossiers from a list; the results page, the minutes and the
publication guard say the same."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from chuluc.campaigns import services as campaign_services
from chuluc.campaigns.models import ComputedScore
from chuluc.core.errors import ApplicationError
from chuluc.council import services
from chuluc.council.documents import build_minutes
from chuluc.council.models import Result, TieVote
from chuluc.decisions.models import Publication
from chuluc.decisions.services import publication_publish
from tests.factories.council import build_council, score_all


def _tied_world(officer, rep, enterprise, *, high: set[int]) -> dict:
    """Three dossiers with the same computed points; those in ``high`` get every judged
    criterion's maximum from both members, the others 0. Pass mark: the computed points
    + 20, so the high ones pass; Top 1."""
    world = build_council(officer=officer, rep=rep, enterprise=enterprise, dossier_count=3)
    computed = sum(
        ComputedScore.objects.filter(dossier=world["dossiers"][0]).values_list("points", flat=True)
    )
    campaign_services.campaign_update(
        actor=officer, campaign=world["campaign"], pass_mark=computed + 20, top_n=1
    )
    best = {world["dossiers"][i].pk for i in high}
    for member in (world["members"]["uv1"], world["members"]["uv2"]):
        score_all(world, member, lambda d, c: c.max_points if d.pk in best else Decimal(0))
    services.round_close(
        actor=world["members"]["thu_ky"].user, round_=world["council"].rounds.get()
    )
    return world


def _vote(client, council, places: dict, minutes: str, rank: int = 1):
    """The vote form of the dossiers tied at ``rank``, sent with each dossier's place."""
    prefix = f"dong-hang-{rank}"
    data = {f"{prefix}-vi_tri_{d.pk}": str(place) for d, place in places.items()}
    return client.post(
        reverse("council:tie_vote", args=[council.pk]),
        {"dong_hang": str(rank), f"{prefix}-minutes": minutes, **data},
    )


def test_a_tie_below_the_pass_mark_shares_a_rank_without_a_vote(
    client, officer, rep_a, enterprise_a
):
    """Seen: a tie at 65.00 under the 70 pass mark was flagged "cần biểu quyết", the minutes
    said the council must vote, and the group was called "bằng điểm #146"."""
    world = _tied_world(officer, rep_a, enterprise_a, high={0})
    first, second, third = world["dossiers"]
    results = {r.dossier_id: r for r in Result.objects.all()}
    assert results[first.pk].rank == 1 and results[first.pk].top
    assert results[second.pk].rank == results[third.pk].rank == 2
    assert not results[second.pk].passed and not results[third.pk].passed
    assert not any(r.needs_vote for r in results.values())

    client.force_login(world["members"]["thu_ky"].user)
    page = client.get(reverse("council:results", args=[world["council"].pk]))
    html = page.content.decode()
    assert "đồng hạng 2" in html
    assert "bằng điểm #" not in html and not re.search(r"Nhóm \d", html)
    assert "badge-demo" not in html  # no "cần biểu quyết" badge
    assert "không cần biểu quyết" in html

    minutes = build_minutes(council=world["council"])
    assert any(line.startswith("Hồ sơ đồng hạng 2, cùng tổng điểm") for line in minutes["ties"])
    assert not any("cần biểu quyết" in line for line in minutes["conclusion"])
    assert {r["note"] for r in minutes["results"]} == {"", "đồng hạng 2"}

    publication_publish(actor=officer, campaign=world["campaign"])
    assert Publication.objects.filter(campaign=world["campaign"]).exists()


def test_a_tie_for_the_last_top_place_waits_for_the_vote_ordered_from_a_list(
    client, officer, rep_a, enterprise_a
):
    """Seen: publishing was allowed while the minutes said the council must vote, and the
    vote was typed as a list of dossier ids."""
    world = _tied_world(officer, rep_a, enterprise_a, high={0, 1})
    council = world["council"]
    first, second, _third = world["dossiers"]
    assert list(
        Result.objects.filter(needs_vote=True)
        .order_by("dossier_id")
        .values_list("dossier_id", "rank")
    ) == [(first.pk, 1), (second.pk, 1)]

    with pytest.raises(ApplicationError, match="đồng hạng 1"):
        publication_publish(actor=officer, campaign=world["campaign"])
    publication_page = reverse("decisions:publication", args=[world["campaign"].pk])
    client.force_login(officer)
    page = client.get(publication_page).content.decode()
    assert "Chưa thể công bố: Hội đồng chưa biểu quyết thứ tự các hồ sơ đồng hạng 1" in page
    assert 'id="publish-form"' not in page
    minutes = build_minutes(council=council)
    (waiting,) = [line for line in minutes["conclusion"] if "cần biểu quyết" in line]
    assert waiting.startswith("Các hồ sơ đồng hạng 1 (")
    assert "vị trí cuối trong Top 1" in waiting

    client.force_login(world["members"]["thu_ky"].user)
    page = client.get(reverse("council:results", args=[council.pk])).content.decode()
    assert 'name="order"' not in page
    prefix = "dong-hang-1"
    assert f'<select name="{prefix}-vi_tri_{first.pk}"' in page
    assert f'<select name="{prefix}-vi_tri_{second.pk}"' in page

    response = _vote(client, council, {first: 2, second: 1}, "Biểu quyết 3/1: SP 1 trước SP 0")
    assert response.status_code == 302
    assert TieVote.objects.get().order == [second.pk, first.pk]
    ranks = dict(Result.objects.values_list("dossier_id", "rank"))
    assert (ranks[second.pk], ranks[first.pk]) == (1, 2)
    assert Result.objects.get(dossier=second).top
    assert not Result.objects.filter(needs_vote=True).exists()
    minutes = build_minutes(council=council)
    assert not any("cần biểu quyết" in line for line in minutes["conclusion"])
    assert any("xếp theo biểu quyết của Hội đồng" in line for line in minutes["ties"])
    client.force_login(officer)
    page = client.get(publication_page).content.decode()
    assert 'id="publish-form"' in page and "Chưa thể công bố" not in page
    publication_publish(actor=officer, campaign=world["campaign"])


def test_a_vote_giving_two_dossiers_one_place_is_refused_by_the_field(
    client, officer, rep_a, enterprise_a
):
    world = _tied_world(officer, rep_a, enterprise_a, high={0, 1})
    council = world["council"]
    first, second, _third = world["dossiers"]
    before = list(Result.objects.order_by("pk").values())
    client.force_login(world["members"]["chu_tich"].user)
    prefix = "dong-hang-1"
    response = _vote(client, council, {first: 1, second: 1}, "")
    assert response.status_code == 422
    form = response.context["tie_forms"][1]
    assert set(form.errors) == {f"vi_tri_{second.pk}", "minutes"}
    assert "Vị trí 1 đã được chọn" in form.errors[f"vi_tri_{second.pk}"][0]
    assert not TieVote.objects.exists()
    assert list(Result.objects.order_by("pk").values()) == before
    gone = client.post(
        reverse("council:tie_vote", args=[council.pk]),
        {"dong_hang": "2", f"{prefix}-minutes": "x"},
    )
    assert gone.status_code == 302
    assert not TieVote.objects.exists()
