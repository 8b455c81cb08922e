"""Pages of the support part: who may open what (every URL pattern × every role), what
each person sees in the lists, and the forms' refusals of hostile input."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from chuluc.support import services
from chuluc.support import urls as support_urls
from chuluc.support.enums import ConnectionKind, DifficultyStatus, ListingKind, ListingSubject
from chuluc.support.models import Difficulty, SupportRecord, SupportRequest
from tests.access import (
    AGENCY,
    LEADER,
    MEMBER,
    OFFICER,
    OUTSIDER,
    REP_A,
    REP_B,
    assert_table_covers,
    check_row,
    url_of,
)
from tests.factories.accounts import UserFactory
from tests.factories.support import give, make_policy, pdf, routed, tnmt
from tests.support.access_table import OTHER_AGENCY, ROLES, TABLE

SECRET_B = "Vướng mắc riêng của doanh nghiệp B"
PARTNER_EMAIL = "bi.mat@doitac.example.cn"


def test_table_covers_every_pattern():
    assert_table_covers(support_urls.urlpatterns, TABLE, roles=ROLES)


@pytest.fixture
def world(
    officer,
    rep_a,
    rep_b,
    enterprise_a,
    enterprise_b,
    leader,
    outsider,
    council_member,
    agency_officer,
):
    policy = make_policy(officer)
    services.budget_line_set(
        actor=officer, policy=policy, year=timezone.localdate().year, amount_vnd=10**9
    )
    record = give(
        officer, enterprise_a, policy, on=timezone.localdate(), amount=5_000_000, evidence=pdf()
    )
    give(
        officer,
        enterprise_b,
        policy,
        on=timezone.localdate(),
        amount=7_000_000,
        description="Hỗ trợ B",
    )
    request_a = services.support_request_submit(
        actor=rep_a, enterprise=enterprise_a, policy=policy, description="Đề nghị của A"
    )
    services.support_request_submit(
        actor=rep_b, enterprise=enterprise_b, policy=policy, description="Đề nghị của B"
    )
    event = services.trade_event_create(
        actor=officer,
        name="Triển lãm thử",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate(),
        venue="Hà Nội",
        policy=policy,
    )
    services.event_participant_add(actor=officer, event=event, enterprise=enterprise_a)
    dialogue = services.dialogue_create(
        actor=officer,
        title="Đối thoại thử",
        held_on=timezone.localdate(),
        chair="Lãnh đạo Sở",
        participants=[enterprise_a],
    )
    difficulty = routed(officer, rep_a, enterprise_a)  # to Sở KH&CN
    services.difficulty_raise(
        actor=rep_b,
        enterprise=enterprise_b,
        category="tax",
        title=SECRET_B,
        description="Chỉ B và cán bộ Sở được thấy.",
    )
    listing = services.listing_create(
        actor=rep_a,
        enterprise=enterprise_a,
        kind=ListingKind.NEED,
        subject=ListingSubject.COMPONENT,
        title="Cần linh kiện của A",
    )
    partner = services.partner_create(
        actor=officer, name="Đối tác Thâm Quyến", country="Trung Quốc", contact_email=PARTNER_EMAIL
    )
    services.connection_record(
        actor=officer,
        enterprise=enterprise_a,
        partner=partner,
        kind=ConnectionKind.MEETING,
        happened_on=timezone.localdate(),
    )
    other_agency = UserFactory(username="tnmt", roles=[("agency_officer", tnmt())])
    return {
        "enterprise": enterprise_a,
        "policy": policy,
        "record": record,
        "request": request_a,
        "event": event,
        "dialogue": dialogue,
        "difficulty": difficulty,
        "listing": listing,
        "partner": partner,
        "users": {
            OUTSIDER: outsider,
            REP_A: rep_a,
            REP_B: rep_b,
            MEMBER: council_member,
            LEADER: leader,
            AGENCY: agency_officer,
            OTHER_AGENCY: other_agency,
            OFFICER: officer,
        },
    }


@pytest.mark.parametrize("name", sorted(TABLE))
def test_who_may_open_each_page(world, client, subtests, name):
    check_row(
        client,
        subtests,
        url=url_of("support", name, TABLE[name], world),
        outcomes=TABLE[name].methods["GET"],
        users=world["users"],
    )


def _page(client, user, name, **kwargs) -> str:
    client.force_login(user)
    response = client.get(reverse(f"support:{name}", kwargs=kwargs))
    assert response.status_code == 200
    return response.content.decode()


def test_a_representative_sees_only_their_own_enterprise(world, client, rep_b):
    assert "Hỗ trợ B" not in _page(client, world["users"][REP_A], "records")
    records_b = _page(client, rep_b, "records")
    assert "Công ty CP Khóa Thử Nghiệm A" not in records_b
    assert "Công ty CP Thử Nghiệm B" in records_b
    requests_b = _page(client, rep_b, "requests")
    assert world["request"].reference not in requests_b
    difficulties_b = _page(client, rep_b, "difficulties")
    assert SECRET_B in difficulties_b
    assert world["difficulty"].title not in difficulties_b
    board_b = _page(client, rep_b, "listings")  # A's open need is on the board ...
    assert "Cần linh kiện của A" in board_b
    assert world["enterprise"].tax_code not in board_b  # ... with nothing private of A


def test_an_agency_officer_sees_only_what_is_routed_to_their_agency(world, client):
    mine = _page(client, world["users"][AGENCY], "difficulties")
    assert world["difficulty"].title in mine
    assert SECRET_B not in mine  # received, not routed to anyone
    assert world["difficulty"].title not in _page(
        client, world["users"][OTHER_AGENCY], "difficulties"
    )
    home = _page(client, world["users"][AGENCY], "home")
    assert reverse("support:records") not in home
    assert reverse("support:figures") not in home


def test_partner_contacts_are_for_officers_only(world, client):
    assert PARTNER_EMAIL in _page(
        client, world["users"][OFFICER], "partner_detail", pk=world["partner"].pk
    )
    listing_page = _page(client, world["users"][LEADER], "connections")
    assert PARTNER_EMAIL not in listing_page


def test_nobody_but_an_officer_writes_through_the_management_pages(world, client):
    posts = [
        ("policies", {}, {"name": "X"}),
        ("policy_detail", {"pk": world["policy"].pk}, {"year": 2026, "amount_vnd": 1}),
        ("events", {}, {"name": "X"}),
        ("event_detail", {"pk": world["event"].pk}, {"booths": 1}),
        ("dialogues", {}, {"title": "X"}),
        ("dialogue_detail", {"pk": world["dialogue"].pk}, {"title": "X"}),
        ("connections", {}, {"kind": "meeting"}),
        ("request_detail", {"pk": world["request"].pk}, {"decision": "approved"}),
    ]
    for role in (LEADER, REP_A, AGENCY):
        client.force_login(world["users"][role])
        for name, kwargs, data in posts:
            response = client.post(reverse(f"support:{name}", kwargs=kwargs), data)
            # refused: 403, or 404 where the person may not even see the object
            assert response.status_code in {403, 404}, (role, name)
    world["request"].refresh_from_db()
    assert world["request"].status == "submitted"


def test_another_enterprise_s_id_is_refused(world, client, rep_b):
    client.force_login(rep_b)
    before = SupportRequest.objects.count()
    response = client.post(
        reverse("support:request_create"),
        {"enterprise": world["enterprise"].pk, "policy": world["policy"].pk, "description": "Giả"},
    )
    assert response.status_code == 422
    assert "Bạn không thể chọn doanh nghiệp này." in response.content.decode()
    assert SupportRequest.objects.count() == before
    response = client.post(
        reverse("support:difficulty_detail", args=[world["difficulty"].pk]),
        {"status": "resolved"},
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"amount_vnd": "-5000"}, "Kinh phí không được âm."),
        ({"amount_vnd": "năm triệu"}, "Số tiền không hợp lệ"),
        ({"quantity": "-2"}, "Số lượng phải lớn hơn 0."),
        ({"given_on": "31/02/2026"}, "Ngày không hợp lệ."),
        ({"evidence": "exe"}, "không phải là PDF"),
        ({"policy": "999999"}, "Chính sách này không có hoặc không còn áp dụng."),
    ],
)
def test_the_record_form_refuses_hostile_input(world, client, officer, data, message):
    client.force_login(officer)

    values = {
        "enterprise": world["enterprise"].pk,
        "policy": world["policy"].pk,
        "given_on": timezone.localdate().isoformat(),
        "kind": "booth",
        "quantity": "1",
        "amount_vnd": "1000",
        **data,
    }
    if values.get("evidence") == "exe":
        values["evidence"] = SimpleUploadedFile("bien-ban.pdf", b"MZ\x90\x00 not a pdf")
    before = SupportRecord.objects.count()
    response = client.post(reverse("support:record_create"), values)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert SupportRecord.objects.count() == before


def test_an_invalid_step_is_refused_on_the_page(world, client):
    client.force_login(world["users"][REP_A])
    url = reverse("support:difficulty_detail", args=[world["difficulty"].pk])
    response = client.post(url, {"status": "resolved"})  # not answered yet
    assert response.status_code == 403  # no step is open to the enterprise now
    client.force_login(world["users"][AGENCY])
    response = client.post(url, {"status": "resolved"})
    assert response.status_code == 422
    assert "Bước này không hợp lệ." in response.content.decode()
    assert Difficulty.objects.get(pk=world["difficulty"].pk).status == DifficultyStatus.ROUTED


def test_the_journey_through_the_pages(world, client, rep_a, agency_officer, officer):
    """Request → approval with the ledger row; difficulty answered → confirmed."""
    client.force_login(rep_a)
    response = client.post(
        reverse("support:request_create"),
        {
            "enterprise": world["enterprise"].pk,
            "policy": world["policy"].pk,
            "description": "Lần 2",
        },
    )
    assert response.status_code == 422  # one pending request per policy
    assert "đang chờ xử lý" in response.content.decode()
    client.force_login(officer)
    response = client.post(
        reverse("support:request_detail", args=[world["request"].pk]),
        {
            "decision": "approved",
            "record_now": "on",
            "given_on": timezone.localdate().isoformat(),
            "kind": "booth",
            "quantity": "1",
            "amount_vnd": "6000000",
        },
    )
    assert response.status_code == 302
    assert SupportRecord.objects.filter(request=world["request"]).get().amount_vnd == 6_000_000
    client.force_login(agency_officer)
    url = reverse("support:difficulty_detail", args=[world["difficulty"].pk])
    assert client.post(url, {"status": "answered", "note": "Đã hướng dẫn."}).status_code == 302
    client.force_login(rep_a)
    assert client.post(url, {"outcome": "resolved"}).status_code == 302
    difficulty = Difficulty.objects.get(pk=world["difficulty"].pk)
    assert (difficulty.status, difficulty.resolved_on) == ("resolved", timezone.localdate())
    assert difficulty.events.count() == 4


def test_the_dashboard_shows_overdue_work_to_those_who_act_on_it(world, client):
    Difficulty.objects.filter(pk=world["difficulty"].pk).update(
        due_on=timezone.localdate() - dt.timedelta(days=2)
    )
    SupportRequest.objects.filter(pk=world["request"].pk).update(
        due_on=timezone.localdate() - dt.timedelta(days=1)
    )
    title = world["difficulty"].title
    for role, sees_difficulty, sees_request in [
        (OFFICER, True, True),
        (AGENCY, True, False),
        (OTHER_AGENCY, False, False),
        (LEADER, False, False),
        (REP_A, False, False),
    ]:
        client.force_login(world["users"][role])
        page = client.get(reverse("core:dashboard")).content.decode()
        assert (title in page) == sees_difficulty, role
        assert ('id="overdue-requests"' in page) == sees_request, role
