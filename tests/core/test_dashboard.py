"""Every role's dashboard opens on its "Việc cần làm", each task linked to its page, in a
number of queries that does not grow with the records behind the tasks."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chuluc.accounts.enums import MembershipStatus
from chuluc.campaigns import services
from tests.factories.accounts import MembershipFactory
from tests.factories.campaigns import complete_dossier, make_campaign, submitted_and_drafts
from tests.factories.council import build_council
from tests.factories.support import overdue

pytestmark = pytest.mark.django_db


def _tasks_html(client, user) -> str:
    client.force_login(user)
    html = client.get(reverse("core:dashboard")).content.decode()
    start = html.index('id="dashboard-tasks"')
    return html[start : html.index("</section>", start)]


def test_the_officers_queue_links_to_screening_and_verification(client, officer, rep_a, product_a):
    campaign = make_campaign()
    dossier = complete_dossier(actor=rep_a, campaign=campaign, product=product_a)
    services.dossier_submit(actor=rep_a, dossier=dossier)
    MembershipFactory(status=MembershipStatus.PENDING)

    tasks = _tasks_html(client, officer)

    dossiers = reverse("campaigns:campaign_dossiers", args=[campaign.pk])
    assert f'href="{dossiers}?status=submitted"' in tasks
    assert 'href="/tai-khoan/dai-dien/?status=pending"' in tasks


def test_the_firms_queue_links_to_its_draft(client, rep_a, product_a):
    dossier = complete_dossier(actor=rep_a, campaign=make_campaign(), product=product_a)

    tasks = _tasks_html(client, rep_a)

    assert f'href="{reverse("campaigns:dossier_detail", args=[dossier.pk])}"' in tasks
    assert product_a.name in tasks


def test_a_council_members_queue_links_to_their_sheet(client, officer, rep_a, enterprise_a):
    setup = build_council(officer=officer, rep=rep_a, enterprise=enterprise_a, dossier_count=1)

    tasks = _tasks_html(client, setup["members"]["uv1"].user)

    assert f'href="{reverse("council:scoring", args=[setup["council"].pk])}"' in tasks


def test_the_agency_officers_queue_marks_an_overdue_difficulty(
    client, officer, agency_officer, rep_a, enterprise_a
):
    overdue(officer, rep_a, enterprise_a)

    tasks = _tasks_html(client, agency_officer)

    assert "task-overdue" in tasks
    assert "Quá hạn" in tasks


def test_the_leaders_queue_is_read_only_and_names_what_is_late(client, leader):
    campaign = make_campaign(opens_days_ago=40, closes_in_days=-20)
    campaign.screening_ends = campaign.registration_closes.date()
    campaign.save(update_fields=["screening_ends"])

    tasks = _tasks_html(client, leader)

    assert campaign.name in tasks
    assert "task-overdue" in tasks


def _dashboard_queries(client, user) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("core:dashboard")).status_code == 200
    return len(ctx)


def test_the_dashboard_keeps_its_queries_with_more_tasks_behind_it(
    client, officer, rep_a, enterprise_a
):
    campaign = make_campaign()

    def add(n):
        submitted_and_drafts(rep=rep_a, campaign=campaign, enterprise=enterprise_a, count=n)
        MembershipFactory.create_batch(n, status=MembershipStatus.PENDING)

    add(1)
    one = [_dashboard_queries(client, officer), _dashboard_queries(client, rep_a)]
    add(5)
    assert [_dashboard_queries(client, officer), _dashboard_queries(client, rep_a)] == one


def test_the_queue_speaks_english_in_english(client, agency_officer, officer, rep_a, enterprise_a):
    overdue(officer, rep_a, enterprise_a)
    client.force_login(agency_officer)
    client.post(reverse("set_language"), {"language": "en", "next": "/tong-quan/"})

    html = client.get(reverse("core:dashboard")).content.decode()

    assert "To do" in html
    assert "Overdue" in html
    assert "Difficulties past their due date: 1" in html
    assert "Vướng mắc" not in html
