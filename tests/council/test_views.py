"""Independence and conflicts on every council page and endpoint."""

import pytest
from django.urls import reverse

from chuluc.council import services
from chuluc.council.models import Member, Score, ScoreSheet
from tests.access import messages
from tests.factories.campaigns import make_campaign
from tests.factories.council import score_all
from tests.factories.decisions import published


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


# Issue 17: pages offer only what the person can use ----------------------------------------


def test_chair_and_secretary_score_nothing_and_get_no_scoring_page(client, setup):
    """Seen at 44d25cc: "Đã chấm 0 / 0 ô", a submit button and an empty PDF."""
    council, members = setup["council"], setup["members"]
    scoring = reverse("council:scoring", args=[council.pk])
    for who in ("chu_tich", "thu_ky"):
        _login(client, members[who])
        home = client.get(reverse("council:home", args=[council.pk])).content.decode()
        assert scoring not in home, who
        sent = client.get(scoring)
        assert sent.status_code == 302
        assert sent["Location"] == reverse("council:home", args=[council.pk])
        assert any("không được phân công chấm tiêu chí nào" in m for m in messages(sent))
        client.post(reverse("council:sheet_submit", args=[council.pk]))
        assert not ScoreSheet.objects.filter(member=members[who]).exists(), who
    _login(client, members["uv1"])
    home = client.get(reverse("council:home", args=[council.pk])).content.decode()
    assert scoring in home


def test_a_new_round_is_offered_only_when_one_may_open(client, officer, setup, rep_b, enterprise_b):
    """Seen at 44d25cc: "Mở vòng chấm mới" offered after publication, then refused."""
    council, members = setup["council"], setup["members"]
    open_round = reverse("council:round_open", args=[council.pk])
    home = reverse("council:home", args=[council.pk])
    client.force_login(officer)
    assert open_round not in client.get(home).content.decode()  # a round is open
    assert services.round_open_refusal(council) == "Đang có vòng chấm chưa khóa."
    services.round_close(actor=members["thu_ky"].user, round_=council.rounds.get())
    assert services.round_open_refusal(council) is None
    assert open_round in client.get(home).content.decode()
    _login(client, members["thu_ky"])  # the secretary may open one too
    assert open_round in client.get(home).content.decode()

    world = published(
        officer=officer, rep=rep_b, enterprise=enterprise_b, dossier_count=2, year=2027
    )
    client.force_login(officer)
    page = client.get(reverse("council:home", args=[world["council"].pk])).content.decode()
    assert reverse("council:round_open", args=[world["council"].pk]) not in page
    assert "công bố" in services.round_open_refusal(world["council"])


def test_members_see_the_results_and_their_own_scores_once_locked(client, setup):
    """Seen at 44d25cc: 403 on the results page, their own scores only in the PDF."""
    council, members = setup["council"], setup["members"]
    d1 = setup["dossiers"][0]
    score_all(setup, members["uv1"], lambda d, c: 8)
    score_all(setup, members["uv2"], lambda d, c: 4)
    services.conflict_declare(
        actor=members["uv2"].user, member=members["uv2"], dossier=d1, reason="Cổ đông"
    )
    results = reverse("council:results", args=[council.pk])
    _login(client, members["uv1"])
    assert client.get(results).status_code == 403  # nobody while the round is open
    services.round_close(actor=members["thu_ky"].user, round_=council.rounds.get())

    home = client.get(reverse("council:home", args=[council.pk])).content.decode()
    assert results in home
    page = client.get(results)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="ranking"' in html and 'id="own-scores"' in html
    assert "Điểm ông/bà đã chấm" in html and "8,00" in html
    assert "4,00" not in html  # another member's scores stay theirs
    # the exports and the minutes stay with the secretariat
    assert reverse("council:minutes_docx", args=[council.pk]) not in html
    assert reverse("council:results_xlsx", args=[council.pk]) not in html

    _login(client, members["uv2"])  # without the dossier they declared a conflict on
    html = client.get(results).content.decode()
    assert f'data-dossier="{d1.pk}"' not in html and d1.product.name not in html
    assert "4,00" in html and "8,00" not in html

    _login(client, members["thu_ky"])  # the secretariat's page is unchanged
    html = client.get(results).content.decode()
    assert f'data-dossier="{d1.pk}"' in html and 'id="own-scores"' not in html


def test_a_seat_without_a_sheet_signs_on_the_council_page_and_returns_there(client, setup):
    council, chair = setup["council"], setup["members"]["chu_tich"]
    Member.objects.filter(pk=chair.pk).update(no_conflict_signed_at=None)
    _login(client, chair)
    home = client.get(reverse("council:home", args=[council.pk])).content.decode()
    sign = reverse("council:sign_declaration", args=[council.pk])
    assert f'action="{sign}"' in home
    signed = client.post(sign)
    assert signed["Location"] == reverse("council:home", args=[council.pk])
    chair.refresh_from_db()
    assert chair.no_conflict_signed_at is not None
    dossier = setup["dossiers"][0]
    page = client.get(reverse("council:dossier", args=[council.pk, dossier.pk])).content.decode()
    assert reverse("council:scoring", args=[council.pk]) not in page
