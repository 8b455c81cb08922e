"""The campaigns' "Việc cần làm": dossiers to screen, drafts to submit, returned dossiers to
resubmit, late stages; each appears in its state, links to its page and goes with the action."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from chuluc.campaigns import services
from chuluc.campaigns.todo import dossier_tasks, registration_tasks, screening_tasks, stage_tasks
from tests.factories.campaigns import (
    DossierFactory,
    complete_dossier,
    make_campaign,
    screen_eligible,
    submitted_and_drafts,
)

pytestmark = pytest.mark.django_db


def _today():
    return timezone.localdate()


def test_officer_sees_submitted_dossiers_per_campaign_until_screened(
    officer, rep_a, campaign, product_a
):
    dossier = complete_dossier(actor=rep_a, campaign=campaign, product=product_a)
    assert screening_tasks(officer, _today()) == []

    services.dossier_submit(actor=rep_a, dossier=dossier)
    [task] = screening_tasks(officer, _today())
    assert campaign.name in task.what
    assert task.what.endswith(": 1")
    assert task.url == (
        reverse("campaigns:campaign_dossiers", args=[campaign.pk]) + "?status=submitted"
    )

    screen_eligible(officer=officer, dossier=dossier)
    assert screening_tasks(officer, _today()) == []


def test_the_filtered_dossier_list_it_links_to_opens(client, officer, rep_a, campaign, product_a):
    dossier = complete_dossier(actor=rep_a, campaign=campaign, product=product_a)
    services.dossier_submit(actor=rep_a, dossier=dossier)
    [task] = screening_tasks(officer, _today())
    client.force_login(officer)

    page = client.get(task.url)

    assert page.status_code == 200
    assert product_a.name in page.content.decode()


def test_representatives_and_the_leader_have_no_screening_to_do(leader, rep_a, campaign, product_a):
    dossier = complete_dossier(actor=rep_a, campaign=campaign, product=product_a)
    services.dossier_submit(actor=rep_a, dossier=dossier)

    assert screening_tasks(leader, _today()) == []
    assert screening_tasks(rep_a, _today()) == []


def test_a_draft_waits_for_submission_by_the_deadline_then_goes(rep_a, rep_b, campaign, product_a):
    dossier = complete_dossier(actor=rep_a, campaign=campaign, product=product_a)

    [task] = dossier_tasks(rep_a, _today())
    assert product_a.name in task.what
    assert task.url == reverse("campaigns:dossier_detail", args=[dossier.pk])
    assert task.due == timezone.localtime(campaign.registration_closes).date()
    assert not task.overdue
    assert dossier_tasks(rep_b, _today()) == []

    services.dossier_submit(actor=rep_a, dossier=dossier)
    assert dossier_tasks(rep_a, _today()) == []


def test_a_product_without_a_dossier_is_asked_for_while_registration_is_open(
    rep_a, rep_b, campaign, product_a, product_b
):
    [task] = registration_tasks(rep_a, _today())
    assert campaign.name in task.what
    assert "1 sản phẩm" in task.why
    assert task.url == reverse("campaigns:campaign_detail", args=[campaign.pk])
    assert task.due == timezone.localtime(campaign.registration_closes).date()

    services.dossier_create(actor=rep_a, campaign=campaign, product=product_a)
    assert registration_tasks(rep_a, _today()) == []
    assert len(registration_tasks(rep_b, _today())) == 1


def test_no_dossier_is_asked_for_a_closed_or_unpublished_campaign(rep_a, product_a, officer):
    make_campaign(opens_days_ago=40, closes_in_days=-5)
    make_campaign(year=2027, status="draft")

    assert registration_tasks(rep_a, _today()) == []
    assert registration_tasks(officer, _today()) == []


def test_a_draft_of_a_closed_registration_is_not_asked_for(rep_a, product_a):
    closed = make_campaign(opens_days_ago=40, closes_in_days=-5)
    DossierFactory(campaign=closed, product=product_a, created_by=rep_a)

    assert dossier_tasks(rep_a, _today()) == []


def test_a_returned_dossier_is_asked_back_by_its_own_deadline_then_goes(
    officer, rep_a, campaign, product_a
):
    dossier = complete_dossier(actor=rep_a, campaign=campaign, product=product_a)
    services.dossier_submit(actor=rep_a, dossier=dossier)
    by = timezone.now() + dt.timedelta(days=5)
    services.dossier_return(actor=officer, dossier=dossier, comment="Thiếu BCTC", resubmit_by=by)

    [task] = dossier_tasks(rep_a, _today())
    assert "Nộp lại" in task.what
    assert task.due == timezone.localtime(by).date()
    assert task.url == reverse("campaigns:dossier_detail", args=[dossier.pk])

    services.dossier_submit(actor=rep_a, dossier=dossier)
    assert dossier_tasks(rep_a, _today()) == []


def test_a_returned_dossier_past_its_deadline_is_overdue(officer, rep_a, campaign, product_a):
    dossier = complete_dossier(actor=rep_a, campaign=campaign, product=product_a)
    services.dossier_submit(actor=rep_a, dossier=dossier)
    by = timezone.now() - dt.timedelta(days=1)
    services.dossier_return(actor=officer, dossier=dossier, comment="Thiếu BCTC", resubmit_by=by)

    [task] = dossier_tasks(rep_a, _today())
    assert task.overdue


def test_a_late_stage_is_shown_to_officers_and_the_leader(officer, leader, rep_a):
    late = make_campaign(opens_days_ago=40, closes_in_days=-20)
    late.screening_ends = _today() - dt.timedelta(days=3)
    late.save(update_fields=["screening_ends"])
    make_campaign(year=2027)

    for user in (officer, leader):
        [task] = stage_tasks(user, _today())
        assert late.name in task.what
        assert task.overdue
        assert task.url == reverse("campaigns:campaign_detail", args=[late.pk])
    assert stage_tasks(rep_a, _today()) == []


def _queries(source, user):
    with CaptureQueriesContext(connection) as ctx:
        source(user, _today())
    return len(ctx)


def test_each_source_reads_in_a_fixed_number_of_queries(officer, rep_a, enterprise_a, campaign):
    def add(n):
        submitted_and_drafts(rep=rep_a, campaign=campaign, enterprise=enterprise_a, count=n)

    add(1)
    _queries(screening_tasks, officer)  # the roles, read once per request and kept
    _queries(dossier_tasks, rep_a)
    sources = [(screening_tasks, officer), (dossier_tasks, rep_a), (registration_tasks, rep_a)]
    one = [_queries(s, u) for s, u in sources]
    add(6)
    many = [_queries(s, u) for s, u in sources]
    assert one == many
