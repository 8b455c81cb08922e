import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from chuluc.campaigns import services
from chuluc.campaigns.enums import CampaignStatus, TieBreak
from chuluc.campaigns.forms import CampaignForm
from chuluc.campaigns.models import Campaign
from chuluc.campaigns.selectors import campaign_funnel, default_program
from chuluc.core.errors import ApplicationError
from tests.factories.campaigns import complete_dossier, make_campaign
from tests.factories.registry import ProductFactory


def test_first_campaign_gets_the_published_rules_and_targets(db):
    campaign = make_campaign()
    assert [r.code for r in campaign.eligibility_rules.all()] == [
        "E1",
        "E2a",
        "E2b",
        "E2c",
        "E2d",
        "E3",
    ]
    assert {t.indicator: (t.low, t.high) for t in campaign.targets.all()}[
        "products_recognised"
    ] == (Decimal(30), Decimal(35))
    assert campaign.top_n == 10
    assert campaign.validity_months == 36
    assert campaign.criteria_set.version == 1


def test_copy_shifts_dates_and_keeps_rules_and_targets(officer):
    source = make_campaign(
        year=2025,
        registration_opens=dt.datetime(2025, 4, 10, 8, tzinfo=dt.UTC),
        registration_closes=dt.datetime(2025, 9, 30, 10, tzinfo=dt.UTC),
        decision_due=dt.date(2025, 11, 30),
    )
    services.target_save(
        actor=officer,
        campaign=source,
        indicator="products_recognised",
        label="Sản phẩm",
        low=Decimal(40),
        high=Decimal(45),
        unit="sản phẩm",
    )
    copy = services.campaign_copy(actor=officer, source=source, year=2026)
    assert copy.registration_opens == dt.datetime(2026, 4, 10, 8, tzinfo=dt.UTC)
    assert copy.decision_due == dt.date(2026, 11, 30)
    assert copy.status == CampaignStatus.DRAFT
    assert copy.copied_from == source
    assert [r.code for r in copy.eligibility_rules.all()] == [
        r.code for r in source.eligibility_rules.all()
    ]
    assert copy.targets.get(indicator="products_recognised").low == Decimal(40)
    assert copy.name.endswith("năm 2026")


def test_copy_refuses_an_existing_year(officer):
    source = make_campaign(year=2025)
    with pytest.raises(ValidationError):
        services.campaign_copy(actor=officer, source=source, year=2025)
    assert Campaign.objects.count() == 1


def test_update_refuses_closing_before_opening(officer):
    campaign = make_campaign()
    with pytest.raises(ValidationError) as info:
        services.campaign_update(
            actor=officer,
            campaign=campaign,
            registration_closes=campaign.registration_opens - dt.timedelta(days=1),
        )
    assert "Hạn nộp hồ sơ phải sau ngày mở đăng ký" in str(info.value)


def test_pass_mark_cannot_exceed_total_points(officer):
    campaign = make_campaign()
    with pytest.raises(ValidationError, match="Điểm đạt không thể lớn hơn"):
        services.campaign_update(actor=officer, campaign=campaign, pass_mark=Decimal(101))


def test_rules_are_frozen_once_a_dossier_is_submitted(officer, rep_a, enterprise_a):
    campaign = make_campaign()
    dossier = complete_dossier(
        actor=rep_a, campaign=campaign, product=ProductFactory(enterprise=enterprise_a)
    )
    services.dossier_submit(actor=rep_a, dossier=dossier)
    with pytest.raises(ApplicationError, match="không thể sửa điều kiện"):
        services.eligibility_rule_save(
            actor=officer, campaign=campaign, code="E2b", kind="output_min", threshold=Decimal(1)
        )


def test_target_range_must_be_ordered(officer):
    campaign = make_campaign()
    with pytest.raises(ValidationError):
        services.target_save(
            actor=officer,
            campaign=campaign,
            indicator="x",
            label="X",
            low=Decimal(5),
            high=Decimal(2),
            unit="sp",
        )


def test_registration_window_is_enforced_for_new_dossiers(rep_a, enterprise_a):
    product = ProductFactory(enterprise=enterprise_a)
    not_yet = make_campaign(opens_days_ago=-2, closes_in_days=20)
    with pytest.raises(ApplicationError, match="mở đăng ký từ"):
        services.dossier_create(actor=rep_a, campaign=not_yet, product=product)
    draft = make_campaign(year=2027, status=CampaignStatus.DRAFT)
    with pytest.raises(ApplicationError, match="chưa mở đăng ký"):
        services.dossier_create(actor=rep_a, campaign=draft, product=product)


def test_funnel_counts_by_group_and_against_targets(officer, rep_a, enterprise_a):
    campaign = make_campaign()
    submitted = complete_dossier(
        actor=rep_a, campaign=campaign, product=ProductFactory(enterprise=enterprise_a)
    )
    services.dossier_submit(actor=rep_a, dossier=submitted)
    complete_dossier(
        actor=rep_a, campaign=campaign, product=ProductFactory(enterprise=enterprise_a)
    )
    funnel = campaign_funnel(campaign=campaign)
    assert funnel["totals"]["registered"] == 2
    assert funnel["totals"]["submitted"] == 1
    assert funnel["firms"]["registered"] == 1
    against = {t.indicator: (actual, position) for t, actual, position in funnel["against_targets"]}
    assert against["products_recognised"] == (0, "below")


def test_new_campaign_page_copies_the_latest(client, officer):
    make_campaign(year=2025)
    client.force_login(officer)
    source = Campaign.objects.get()
    response = client.post("/dot-xet-chon/moi/", {"source": source.pk, "year": 2026})
    new = Campaign.objects.get(year=2026)
    assert response["Location"] == f"/dot-xet-chon/{new.pk}/"
    assert default_program() == new.program


def test_calendar_out_of_order_is_refused_with_every_stage_named(officer):
    """Issue 17, point 3: the campaign form accepted registration closing on 06/01/2027,
    after scoring, public comment and the decision."""
    campaign = make_campaign(year=2026)
    before = Campaign.objects.values().get(pk=campaign.pk)
    with pytest.raises(ValidationError) as refused:
        services.campaign_update(
            actor=officer,
            campaign=campaign,
            registration_closes=dt.datetime(2027, 1, 6, 10, tzinfo=dt.UTC),
            screening_ends=dt.date(2026, 10, 31),
            scoring_starts=dt.date(2026, 11, 1),
            scoring_ends=dt.date(2026, 10, 20),  # before scoring starts
            comment_starts=dt.date(2026, 11, 20),
            decision_due=dt.date(2026, 12, 20),
        )
    errors = refused.value.message_dict
    assert set(errors) == {"screening_ends", "scoring_ends"}
    assert "06/01/2027" in errors["screening_ends"][0]
    assert "01/11/2026" in errors["scoring_ends"][0]
    assert Campaign.objects.values().get(pk=campaign.pk) == before  # nothing saved


def test_calendar_in_order_with_stages_left_empty_is_accepted(officer):
    campaign = make_campaign(year=2026)
    closes = campaign.registration_opens + dt.timedelta(days=30)
    day = closes.date()
    services.campaign_update(
        actor=officer,
        campaign=campaign,
        registration_closes=closes,
        screening_ends=None,
        scoring_starts=day + dt.timedelta(days=15),
        scoring_ends=day + dt.timedelta(days=15),  # a one-day scoring is fine
        comment_starts=None,
        decision_due=day + dt.timedelta(days=60),
    )
    campaign.refresh_from_db()
    assert campaign.scoring_ends == day + dt.timedelta(days=15)


def _edit_data(campaign) -> dict[str, str]:
    """The campaign form as the officer's browser sends it, unchanged."""
    form = CampaignForm(instance=campaign)
    data: dict[str, str] = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            data[name] = ""
        elif isinstance(value, dt.datetime):
            data[name] = value.strftime("%Y-%m-%dT%H:%M")
        elif isinstance(value, dt.date):
            data[name] = value.isoformat()
        else:
            data[name] = str(value)
    return data


def test_tie_break_by_criterion_requires_a_criterion_by_field(client, officer):
    """Issue 17, point 8: the rule "higher score on the named criterion" was saved with no
    criterion named; the form now says so by the field and saves nothing."""
    campaign = make_campaign(year=2026)
    before = Campaign.objects.values().get(pk=campaign.pk)
    client.force_login(officer)
    data = {**_edit_data(campaign), "tie_break": TieBreak.CRITERION, "tie_break_criteria": " "}
    response = client.post(f"/dot-xet-chon/{campaign.pk}/sua/", data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["tie_break_criteria"]
    assert "cần ít nhất một mã tiêu chí" in errors["tie_break_criteria"][0]
    # the codes the rule may name are shown beside the field
    assert "K6 Ứng dụng khoa học công nghệ" in response.content.decode()
    assert Campaign.objects.values().get(pk=campaign.pk) == before
    with pytest.raises(ValidationError) as unknown:
        services.campaign_update(
            actor=officer, campaign=campaign, tie_break=TieBreak.CRITERION, tie_break_criteria="K9"
        )
    assert "K9" in unknown.value.message_dict["tie_break_criteria"][0]
    assert Campaign.objects.values().get(pk=campaign.pk) == before


def test_tie_break_criteria_are_stored_normalised_and_dropped_for_the_vote(officer):
    campaign = make_campaign(year=2026)
    services.campaign_update(
        actor=officer,
        campaign=campaign,
        tie_break=TieBreak.CRITERION,
        tie_break_criteria="k6; K5,k6",
    )
    campaign.refresh_from_db()
    assert campaign.tie_break_criteria == "K6, K5"
    assert campaign.tie_break_codes == ["K6", "K5"]
    copy = services.campaign_copy(actor=officer, source=campaign, year=2027)
    assert copy.tie_break_codes == ["K6", "K5"]
    services.campaign_update(actor=officer, campaign=campaign, tie_break=TieBreak.VOTE)
    campaign.refresh_from_db()
    assert campaign.tie_break_criteria == "" and campaign.tie_break_codes == []


def test_first_campaign_without_tie_break_criteria_goes_to_the_vote(officer):
    campaign = services.campaign_create(
        actor=officer,
        program=default_program(),
        year=2030,
        registration_opens=dt.datetime(2030, 4, 1, 8, tzinfo=dt.UTC),
        registration_closes=dt.datetime(2030, 5, 1, 8, tzinfo=dt.UTC),
        pass_mark=Decimal(70),
    )
    assert campaign.tie_break == TieBreak.VOTE
