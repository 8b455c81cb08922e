"""Independence and conflicts on every council page and endpoint."""

import pytest
from django.urls import reverse

from chuluc.council import services
from chuluc.council.models import Score
from tests.factories.campaigns import make_campaign
from tests.factories.council import score_all


def _login(client, member):
    client.force_login(member.user)


def test_member_sees_only_their_own_scores_while_open(client, setup):
    council, members = setup["council"], setup["members"]
    score_all(setup, members["uv1"], lambda d, c: 7)
    score_all(setup, members["uv2"], lambda d, c: 3)
    _login(client, members["uv1"])
    page = client.get(reverse("council:scoring", args=[council.pk])).content.decode()
    assert 'value="7,00"' in page
    assert 'value="3,00"' not in page
    for url in (
        reverse("council:results", args=[council.pk]),
        reverse("council:results_xlsx", args=[council.pk]),
    ):
        assert client.get(url).status_code == 403
    for who in ("thu_ky", "chu_tich"):
        _login(client, members[who])
        assert client.get(reverse("council:results", args=[council.pk])).status_code == 403
        home = client.get(reverse("council:home", args=[council.pk])).content.decode()
        assert "7,00" not in home and "3,00" not in home


def test_after_closing_the_ranking_shows_the_combined_result(client, setup):
    council, members = setup["council"], setup["members"]
    score_all(setup, members["uv1"], lambda d, c: 8)
    score_all(setup, members["uv2"], lambda d, c: 4)
    _login(client, members["thu_ky"])
    client.post(reverse("council:round_close", args=[council.pk, council.rounds.get().pk]))
    page = client.get(reverse("council:results", args=[council.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "6,00" in html  # mean of 8 and 4 on each judged criterion
    xlsx = client.get(reverse("council:results_xlsx", args=[council.pk]))
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_conflicted_member_gets_nothing_of_the_dossier(client, setup):
    council, members = setup["council"], setup["members"]
    dossier = setup["dossiers"][0]
    services.conflict_declare(
        actor=members["uv2"].user, member=members["uv2"], dossier=dossier, reason="Cổ đông"
    )
    evidence = dossier.evidence.first()
    _login(client, members["uv2"])
    criterion = setup["judged"][0]
    assert client.get(reverse("council:dossier", args=[council.pk, dossier.pk])).status_code == 404
    assert (
        client.get(
            reverse("council:evidence", args=[council.pk, dossier.pk, evidence.pk])
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("council:score_save", args=[council.pk, dossier.pk, criterion.pk]),
            {"value": "5"},
        ).status_code
        == 404
    )
    assert Score.objects.filter(member=members["uv2"], dossier=dossier).count() == 0
    sheet = client.get(reverse("council:scoring", args=[council.pk])).content.decode()
    assert reverse("council:dossier", args=[council.pk, dossier.pk]) not in sheet
    # the campaign's own dossier pages stay closed to council members as well
    assert client.get(f"/ho-so/{dossier.pk}/").status_code == 404


def test_non_member_and_other_roles_are_refused(client, setup, rep_a, outsider):
    council = setup["council"]
    dossier = setup["dossiers"][0]
    for user in (rep_a, outsider):
        client.force_login(user)
        for url in (
            reverse("council:home", args=[council.pk]),
            reverse("council:scoring", args=[council.pk]),
            reverse("council:dossier", args=[council.pk, dossier.pk]),
            reverse("council:results", args=[council.pk]),
        ):
            assert client.get(url).status_code in {403, 404}


def test_score_cell_saves_by_htmx_and_shows_errors_inline(client, setup):
    council, members = setup["council"], setup["members"]
    dossier, criterion = setup["dossiers"][0], setup["judged"][0]
    _login(client, members["uv1"])
    url = reverse("council:score_save", args=[council.pk, dossier.pk, criterion.pk])
    bad = client.post(url, {"value": "99"}, headers={"HX-Request": "true"})
    assert bad.status_code == 422
    assert "phải từ 0 đến" in bad.content.decode()
    good = client.post(url, {"value": "7,5", "comment": "tốt"}, headers={"HX-Request": "true"})
    assert good.status_code == 200
    assert Score.objects.get(
        member=members["uv1"], dossier=dossier, criterion=criterion
    ).value == pytest.approx(7.5)


def test_officer_sets_up_the_council_in_the_browser_flow(client, officer):
    campaign = make_campaign()
    client.force_login(officer)
    response = client.post(
        reverse("council:campaign_council", args=[campaign.pk]), {"decision_number": "12/QĐ-UBND"}
    )
    council = campaign.council
    assert response["Location"] == reverse("council:home", args=[council.pk])
    assert council.rounds.count() == 1
