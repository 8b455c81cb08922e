"""The council's big pages keep a fixed number of queries whatever the number of dossiers.

The council, its members, assignments, declarations, rounds, corrections and results go
through the services; the dossiers (with their enterprises, products and computed points)
and the members' scores are bulk-inserted (``_add_dossiers``, ``_add_scores``), because
hundreds of dossiers built through the submission and screening services would make these
tests last minutes. The results are never inserted by hand: they are computed by
``round_close`` and ``results_recompute`` from the bulk-inserted scores.
"""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from chuluc.accounts.enums import Role
from chuluc.campaigns.enums import CriterionKind, DossierStatus
from chuluc.campaigns.models import ComputedScore, Criterion, Dossier
from chuluc.council import selectors, services
from chuluc.council.enums import MemberRole
from chuluc.council.models import Council, Member, Score
from chuluc.council.selectors import SHEET_PAGE
from chuluc.registry.enums import ProductTrack
from chuluc.registry.models import Enterprise, IndustryGroup, Product
from tests.factories.accounts import UserFactory
from tests.factories.campaigns import make_campaign
from tests.factories.registry import valid_tax_code

PRODUCTS_PER_ENTERPRISE = 3
_serial = itertools.count(1)


def _council(officer) -> dict:
    """A campaign with no dossier yet and a council of four: chair, secretary, two members
    who score every judged criterion and have signed their declaration."""
    campaign = make_campaign()
    council = services.council_create(actor=officer, campaign=campaign)
    members = {}
    for name, role in (
        ("chu_tich", MemberRole.CHAIR),
        ("thu_ky", MemberRole.SECRETARY),
        ("uv1", MemberRole.MEMBER),
        ("uv2", MemberRole.MEMBER),
    ):
        user = UserFactory(username=name, roles=[Role.COUNCIL_MEMBER])
        members[name] = services.member_add(
            actor=officer, council=council, user=user, title=name, role=role
        )
        services.no_conflict_sign(actor=user, member=members[name])
    criteria = list(
        Criterion.objects.filter(group__criteria_set_id=campaign.criteria_set_id).order_by(
            "group__position", "position"
        )
    )
    judged = [c for c in criteria if c.kind == CriterionKind.JUDGED]
    for criterion in judged:
        services.assignment_set(
            actor=officer,
            council=council,
            criterion=criterion,
            members=[members["uv1"], members["uv2"]],
        )
    return {
        "council": council,
        "members": members,
        "judged": judged,
        "computed": [c for c in criteria if c.kind == CriterionKind.COMPUTED],
        "dossiers": [],
    }


def _add_dossiers(ctx: dict, count: int, officer) -> list[Dossier]:
    """``count`` eligible dossiers, three products per enterprise, with computed points."""
    campaign = ctx["council"].campaign
    industry_groups = list(IndustryGroup.objects.order_by("position"))
    serials = [next(_serial) for _ in range(count)]
    enterprises = Enterprise.objects.bulk_create(
        [
            Enterprise(
                name=f"Công ty CP Đếm Truy Vấn {n}",
                tax_code=valid_tax_code(700_000 + n),
                is_verified=True,
                search_key=f"cong ty cp dem truy van {n}",
            )
            for n in serials[::PRODUCTS_PER_ENTERPRISE]
        ]
    )
    products = Product.objects.bulk_create(
        [
            Product(
                enterprise=enterprises[i // PRODUCTS_PER_ENTERPRISE],
                name=f"Sản phẩm đếm truy vấn {n}",
                industry_group=industry_groups[n % len(industry_groups)],
                track=ProductTrack.OTHER,
                name_key=f"san pham dem truy van {n}",
                search_key=f"san pham dem truy van {n}",
            )
            for i, n in enumerate(serials)
        ]
    )
    dossiers = Dossier.objects.bulk_create(
        [
            Dossier(
                campaign=campaign,
                product=product,
                enterprise_id=product.enterprise_id,
                status=DossierStatus.ELIGIBLE,
                track=ProductTrack.OTHER,
                submitted_at=timezone.now(),
                created_by=officer,
            )
            for product in products
        ]
    )
    ComputedScore.objects.bulk_create(
        [
            ComputedScore(dossier=d, criterion=c, points=c.max_points * (d.pk % 3) / 2)
            for d in dossiers
            for c in ctx["computed"]
        ]
    )
    ctx["dossiers"].extend(dossiers)
    return dossiers


def _add_scores(ctx: dict, member: Member, dossiers: list[Dossier], round_) -> None:
    """The member's scores on every judged criterion of ``dossiers`` (spread, with ties)."""
    now = timezone.now()
    Score.objects.bulk_create(
        [
            Score(
                round=round_,
                member=member,
                dossier=d,
                criterion=c,
                value=(c.max_points * ((d.pk + member.pk) % 5) / 4).quantize(Decimal("0.01")),
                updated_at=now,
            )
            for d in dossiers
            for c in ctx["judged"]
        ]
    )


def _queries(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    if response.streaming:
        b"".join(response.streaming_content)
    return [q["sql"] for q in captured.captured_queries]


def _same_count(small: list[str], large: list[str]) -> None:
    extra = "\n".join(sql for sql in large if sql not in small)
    assert len(large) == len(small), f"{len(small)} → {len(large)} queries; new ones:\n{extra}"


def _request_corrections(ctx: dict, dossiers: list[Dossier]) -> None:
    uv1 = ctx["members"]["uv1"]
    for dossier in dossiers:
        score = Score.objects.get(member=uv1, dossier=dossier, criterion=ctx["judged"][0])
        services.correction_request(  # any value but the score's own
            actor=uv1.user,
            score=score,
            new_value="0" if score.value else "1",
            reason="Nhập nhầm ô điểm",
        )


@pytest.fixture
def council_ctx(officer):
    return _council(officer)


def test_results_page_and_xlsx_query_counts_are_fixed_from_5_to_500_dossiers(
    client, officer, council_ctx
):
    ctx = council_ctx
    council: Council = ctx["council"]
    members = ctx["members"]
    round_ = council.rounds.get()
    first = _add_dossiers(ctx, 5, officer)
    for name in ("uv1", "uv2"):
        _add_scores(ctx, members[name], first, round_)
    services.round_close(actor=members["thu_ky"].user, round_=round_)
    _request_corrections(ctx, first[:1])
    client.force_login(members["chu_tich"].user)
    page = reverse("council:results", args=[council.pk])
    xlsx = reverse("council:results_xlsx", args=[council.pk])
    _queries(client, page)  # warm the per-process caches (content types, translations)
    small_page, small_xlsx = _queries(client, page), _queries(client, xlsx)

    more = _add_dossiers(ctx, 495, officer)
    for name in ("uv1", "uv2"):
        _add_scores(ctx, members[name], more, round_)
    services.results_recompute(council=council)
    _request_corrections(ctx, more[:9])
    assert council.results.count() == 500
    large_page, large_xlsx = _queries(client, page), _queries(client, xlsx)

    _same_count(small_page, large_page)
    _same_count(small_xlsx, large_xlsx)


def test_scoring_page_query_count_is_fixed_from_5_to_50_dossiers(client, officer, council_ctx):
    ctx = council_ctx
    council: Council = ctx["council"]
    uv1, uv2 = ctx["members"]["uv1"], ctx["members"]["uv2"]
    round_ = council.rounds.get()
    first = _add_dossiers(ctx, 5, officer)
    _add_scores(ctx, uv1, first[:3], round_)  # some cells filled, some empty
    _add_scores(ctx, uv2, first, round_)  # never shown to uv1
    services.conflict_declare(actor=uv1.user, member=uv1, dossier=first[4], reason="Cổ đông")
    client.force_login(uv1.user)
    url = reverse("council:scoring", args=[council.pk])
    _queries(client, url)
    small = _queries(client, url)

    more = _add_dossiers(ctx, 45, officer)
    _add_scores(ctx, uv1, more[:30], round_)
    _add_scores(ctx, uv2, more, round_)
    for dossier in more[40:]:
        services.conflict_declare(actor=uv1.user, member=uv1, dossier=dossier, reason="Cổ đông")
    large = _queries(client, url)

    _same_count(small, large)
    page = client.get(url).content.decode()
    # 50 − 6 conflicts = 44 dossiers to score, shown SHEET_PAGE at a time
    assert page.count('class="score-cell"') == min(44, SHEET_PAGE) * len(ctx["judged"])
    assert f"/ {44 * len(ctx['judged'])} ô" in page


def test_scoring_page_progress_equals_the_whole_sheet(officer, council_ctx):
    """The page counts the member's progress by subtraction (council.selectors._scores_done):
    it equals the whole sheet's count when a dossier scored earlier is declared in conflict
    or leaves the list."""
    ctx = council_ctx
    uv1 = ctx["members"]["uv1"]
    round_ = ctx["council"].rounds.get()
    dossiers = _add_dossiers(ctx, 6, officer)
    _add_scores(ctx, uv1, dossiers[:5], round_)
    _add_scores(ctx, ctx["members"]["uv2"], dossiers, round_)
    Score.objects.filter(member=uv1, dossier=dossiers[4], criterion=ctx["judged"][0]).delete()
    services.conflict_declare(actor=uv1.user, member=uv1, dossier=dossiers[0], reason="Cổ đông")
    Dossier.objects.filter(pk=dossiers[1].pk).update(status=DossierStatus.WITHDRAWN)
    uv1.refresh_from_db()
    page = selectors.scoring_page(member=uv1, round_=round_)
    sheet = selectors.scoring_sheet(member=uv1, round_=round_)
    judged = len(ctx["judged"])
    assert page["done"] == sheet["done"] == 3 * judged - 1
    assert page["expected"] == sheet["expected"] == 4 * judged
