"""The support lists keep a fixed number of queries whatever the number of rows (5 vs 50)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from chuluc.support import services
from chuluc.support.enums import ConnectionKind, DifficultyCategory, ListingKind, ListingSubject
from chuluc.support.models import Listing, SupportRecord, TradeEvent
from tests.factories.accounts import MembershipFactory
from tests.factories.registry import EnterpriseFactory
from tests.factories.support import give, khcn, make_policy, valid_now


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx)


@pytest.fixture
def grow(officer, rep_a, enterprise_a):
    policy = make_policy(officer)
    services.budget_line_set(
        actor=officer, policy=policy, year=timezone.localdate().year, amount_vnd=10**12
    )
    event = services.trade_event_create(
        actor=officer,
        name="Triển lãm",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate(),
        venue="Hà Nội",
        policy=policy,
        booth_amount_vnd=1_000,
    )
    partner = services.partner_create(actor=officer, name="Đối tác", province="Hưng Yên")

    def until(n: int) -> None:
        while SupportRecord.objects.filter(participation__isnull=True).count() < n:
            i = SupportRecord.objects.count()
            enterprise = enterprise_a if i % 2 else EnterpriseFactory()
            if enterprise is not enterprise_a:
                MembershipFactory(enterprise=enterprise)  # another firm's representative
                valid_now(officer, enterprise)
                services.event_participant_add(
                    actor=officer, event=event, enterprise=enterprise, supported_booths=1
                )
            give(officer, enterprise, policy, on=timezone.localdate(), amount=1_000)
            other = make_policy(officer, name=f"Chính sách {i}")
            services.support_request_submit(
                actor=rep_a, enterprise=enterprise_a, policy=other, description=f"Đề nghị {i}"
            )
            dialogue = services.dialogue_create(
                actor=officer,
                title=f"Đối thoại {i}",
                held_on=timezone.localdate(),
                chair="Sở",
                participants=[enterprise, enterprise_a],
            )
            services.difficulty_raise(
                actor=officer,
                enterprise=enterprise,
                category=DifficultyCategory.MARKET,
                title=f"Vướng mắc {i}",
                description="Thị trường xuất khẩu giảm.",
                dialogue=dialogue,
                agency=khcn(),
            )
            need = services.listing_create(
                actor=officer,
                enterprise=enterprise,
                kind=ListingKind.NEED,
                subject=ListingSubject.SERVICE,
                title=f"Cần dịch vụ kiểm định {i}",
                hs_code="8481",
            )
            services.listing_create(
                actor=officer,
                partner=partner,
                kind=ListingKind.OFFER,
                subject=ListingSubject.SERVICE,
                title=f"Dịch vụ kiểm định {i}",
                hs_code="8481",
            )
            services.connection_record(
                actor=officer,
                enterprise=enterprise,
                partner=partner,
                need=need,
                kind=ConnectionKind.MEETING,
                happened_on=timezone.localdate(),
            )

    return until


PAGES = [
    ("officer", "support:home", {}),
    ("officer", "support:figures", {}),
    ("officer", "support:policies", {}),
    ("officer", "support:records", {}),
    ("officer", "support:requests", {}),
    ("officer", "support:events", {}),
    ("officer", "support:event_detail", "event"),
    ("officer", "support:dialogues", {}),
    ("officer", "support:difficulties", {}),
    ("officer", "support:listings", {}),
    ("officer", "support:listing_detail", "listing"),
    ("officer", "support:partners", {}),
    ("officer", "support:connections", {}),
    ("officer", "support:enterprise", "enterprise"),
    ("officer", "core:dashboard", {}),
    ("agency_officer", "support:difficulties", {}),
    ("agency_officer", "core:dashboard", {}),
    ("rep_a", "support:records", {}),
    ("rep_a", "support:requests", {}),
    ("rep_a", "support:difficulties", {}),
    ("rep_a", "support:enterprise", "enterprise"),
    ("leader", "support:figures", {}),
]


@pytest.mark.parametrize(("who", "name", "kwargs"), PAGES)
def test_support_pages_query_count_is_fixed(
    request, client, grow, enterprise_a, officer, who, name, kwargs
):
    client.force_login(request.getfixturevalue(who))
    grow(5)

    def url() -> str:
        if kwargs == "event":
            return reverse(name, args=[TradeEvent.objects.get().pk])
        if kwargs == "listing":
            return reverse(name, args=[Listing.objects.filter(kind="need").first().pk])
        if kwargs == "enterprise":
            return reverse(name, args=[enterprise_a.pk])
        return reverse(name)

    few = _count(client, url())
    grow(50)
    many = _count(client, url())
    assert many == few, (who, name)
