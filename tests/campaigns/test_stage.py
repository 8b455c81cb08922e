"""The campaign's stage, derived from its calendar and its records (``chuluc.campaigns.stage``),
and the screening refused once the council has locked its scores (issue 17, point 3)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from chuluc.campaigns import services
from chuluc.campaigns.enums import CampaignStage, CampaignStatus, DossierStatus
from chuluc.campaigns.lifecycles import CAMPAIGN
from chuluc.campaigns.models import Dossier
from chuluc.campaigns.stage import stage, stages
from chuluc.core.errors import ApplicationError
from chuluc.council import services as council_services
from tests.factories.campaigns import complete_dossier, make_campaign
from tests.factories.council import build_council
from tests.factories.decisions import close_comments, closed_council, decided, published
from tests.factories.registry import ProductFactory

S = CampaignStage
pytestmark = pytest.mark.django_db


def test_draft_campaign_is_being_prepared():
    campaign = make_campaign(status=CampaignStatus.DRAFT)
    assert stage(campaign).stage == S.PREPARING


def test_dates_place_a_published_campaign_up_to_screening():
    campaign = make_campaign(opens_days_ago=10, closes_in_days=20)
    now = timezone.now()
    assert stage(campaign, now=now - dt.timedelta(days=11)).stage == S.UPCOMING
    assert stage(campaign, now=now).stage == S.REGISTRATION
    assert stage(campaign, now=now + dt.timedelta(days=21)).stage == S.SCREENING


def test_registration_stage_is_due_on_the_closing_day():
    campaign = make_campaign(closes_in_days=20)
    current = stage(campaign)
    assert current.due == timezone.localtime(campaign.registration_closes).date()
    assert current.late is None


def test_screening_past_its_date_is_late_with_the_date_named():
    campaign = make_campaign(opens_days_ago=40, closes_in_days=-20)
    campaign.screening_ends = timezone.localdate() - dt.timedelta(days=3)
    campaign.save(update_fields=["screening_ends"])
    current = stage(campaign)
    assert current.stage == S.SCREENING
    assert current.late and campaign.screening_ends.strftime("%d/%m/%Y") in current.late


def test_an_open_round_means_scoring_even_while_registration_is_open(officer, rep_a, enterprise_a):
    setup = build_council(officer=officer, rep=rep_a, enterprise=enterprise_a, dossier_count=1)
    assert stage(setup["campaign"]).stage == S.SCORING


def test_records_carry_the_campaign_through_results_comment_decision(
    officer, rep_a, enterprise_a, rep_b, enterprise_b
):
    world = closed_council(officer=officer, rep=rep_a, enterprise=enterprise_a, dossier_count=2)
    campaign = world["campaign"]
    assert stage(campaign).stage == S.RESULTS
    world = published(officer=officer, rep=rep_b, enterprise=enterprise_b, year=2027)
    assert stage(world["campaign"]).stage == S.COMMENT
    close_comments(world["publication"])
    assert stage(world["campaign"]).stage == S.DECISION


def test_a_decided_campaign_is_decided_and_an_archived_one_closed(officer, rep_a, enterprise_a):
    world = decided(officer=officer, rep=rep_a, enterprise=enterprise_a, dossier_count=2)
    campaign = world["campaign"]
    assert stage(campaign).stage == S.DECIDED
    CAMPAIGN.fire(campaign, "archive", actor=officer)
    assert stage(campaign).stage == S.CLOSED


def test_stages_of_many_campaigns_take_a_fixed_number_of_queries(
    django_assert_max_num_queries,
):
    campaigns = [make_campaign(year=2020 + i) for i in range(5)]
    with django_assert_max_num_queries(3):
        derived = stages(campaigns)
    assert {s.stage for s in derived.values()} == {S.REGISTRATION}


# ------------------------------------------------------------- issue 17, point 3


@pytest.fixture
def late_dossier(officer, rep_a, enterprise_a):
    """A dossier submitted after the council locked its scores (registration still open)."""
    world = closed_council(officer=officer, rep=rep_a, enterprise=enterprise_a, dossier_count=2)
    product = ProductFactory(enterprise=enterprise_a, name="Sản phẩm nộp muộn")
    dossier = complete_dossier(actor=rep_a, campaign=world["campaign"], product=product)
    services.dossier_submit(actor=rep_a, dossier=dossier)
    for check in dossier.screening.all():
        services.screening_decide(actor=officer, check=check, outcome="pass", reason="Đạt (thử)")
    return dossier


def test_concluding_eligibility_after_scores_are_locked_is_refused(officer, late_dossier):
    with pytest.raises(ApplicationError, match="khóa điểm"):
        services.dossier_screen(actor=officer, dossier=late_dossier)
    late_dossier.refresh_from_db()
    assert late_dossier.status == DossierStatus.SUBMITTED


def test_returning_a_dossier_after_scores_are_locked_is_refused(officer, late_dossier):
    with pytest.raises((ApplicationError, ValidationError), match="khóa điểm"):
        services.dossier_return(actor=officer, dossier=late_dossier, comment="Bổ sung")
    assert Dossier.objects.get(pk=late_dossier.pk).status == DossierStatus.SUBMITTED


def test_dossier_page_does_not_offer_the_conclusion_and_says_why(client, officer, late_dossier):
    client.force_login(officer)
    page = client.get(reverse("campaigns:dossier_detail", args=[late_dossier.pk]))
    html = page.content.decode()
    assert 'id="conclude"' not in html
    assert 'id="return-dossier"' not in html
    assert "Hội đồng đã khóa điểm" in html
    assert "Đã khóa điểm, chờ công bố" in html


def test_conclusion_posted_anyway_is_refused_and_changes_nothing(client, officer, late_dossier):
    client.force_login(officer)
    response = client.post(
        reverse("campaigns:dossier_conclude", args=[late_dossier.pk]), {"comment": ""}, follow=True
    )
    assert "khóa điểm" in response.content.decode()
    assert Dossier.objects.get(pk=late_dossier.pk).status == DossierStatus.SUBMITTED


def test_screening_during_scoring_is_still_allowed(officer, rep_a, enterprise_a):
    """A dossier concluded eligible while the round is open joins the sheets (point 4)."""
    setup = build_council(officer=officer, rep=rep_a, enterprise=enterprise_a, dossier_count=1)
    product = ProductFactory(enterprise=enterprise_a, name="Sản phẩm thêm")
    dossier = complete_dossier(actor=rep_a, campaign=setup["campaign"], product=product)
    services.dossier_submit(actor=rep_a, dossier=dossier)
    for check in dossier.screening.all():
        services.screening_decide(actor=officer, check=check, outcome="pass", reason="Đạt (thử)")
    assert services.dossier_screen(actor=officer, dossier=dossier).status == "eligible"


# ------------------------------------------------------------- pages


def test_campaign_list_and_page_show_the_stage_not_the_stored_status(client, officer, campaign):
    client.force_login(officer)
    listing = client.get(reverse("campaigns:campaign_list")).content.decode()
    detail = client.get(reverse("campaigns:campaign_detail", args=[campaign.pk])).content.decode()
    for html in (listing, detail):
        assert "Đang nhận hồ sơ" in html
        assert "Đã công bố" not in html


def test_dashboard_shows_the_running_campaign_and_its_stage(client, rep_a, campaign):
    client.force_login(rep_a)
    html = client.get(reverse("core:dashboard")).content.decode()
    assert campaign.name in html
    assert "Đang nhận hồ sơ" in html


def test_council_page_shows_the_stage(client, officer, rep_a, enterprise_a):
    world = closed_council(officer=officer, rep=rep_a, enterprise=enterprise_a, dossier_count=2)
    client.force_login(officer)
    html = client.get(reverse("council:home", args=[world["council"].pk])).content.decode()
    assert "Đã khóa điểm, chờ công bố" in html


def test_round_close_moves_the_stage_from_scoring_to_results(officer, rep_a, enterprise_a):
    setup = build_council(officer=officer, rep=rep_a, enterprise=enterprise_a, dossier_count=1)
    assert stage(setup["campaign"]).stage == S.SCORING
    round_ = setup["council"].rounds.get()
    for criterion in setup["judged"]:
        for member in (setup["members"]["uv1"], setup["members"]["uv2"]):
            council_services.score_record(
                actor=member.user,
                round_=round_,
                dossier=setup["dossiers"][0],
                criterion=criterion,
                value=criterion.max_points,
            )
    council_services.round_close(actor=setup["members"]["thu_ky"].user, round_=round_)
    assert stage(setup["campaign"]).stage == S.RESULTS


def test_firm_is_not_offered_a_dossier_once_registration_has_closed(client, rep_a, product_a):
    campaign = make_campaign(opens_days_ago=40, closes_in_days=-1)
    client.force_login(rep_a)
    html = client.get(reverse("campaigns:campaign_detail", args=[campaign.pk])).content.decode()
    assert product_a.name in html
    assert reverse("campaigns:dossier_create", args=[campaign.pk, product_a.pk]) not in html
    assert "Đã hết hạn nộp hồ sơ" in html
