"""Councils for tests, built through the services like real ones: a campaign with eligible
dossiers, a council of four (chair, secretary, two scoring members) with every judged
criterion assigned and every declaration signed."""

from chuluc.accounts.enums import Role
from chuluc.campaigns.models import Criterion
from chuluc.council import services
from chuluc.council.enums import MemberRole
from tests.factories.accounts import UserFactory
from tests.factories.campaigns import eligible_dossier, make_campaign
from tests.factories.registry import ProductFactory


def build_council(
    *, officer, rep, enterprise, dossier_count: int = 3, year: int = 2026, products=None
) -> dict:
    """A campaign with eligible dossiers and a council of four, judged criteria assigned to
    uv1 and uv2 (``products``: the products to enter, instead of new ones). Returns the
    campaign, dossiers, council, members (chu_tich, thu_ky, uv1, uv2) and judged criteria."""
    campaign = make_campaign(year=year)
    products = products or [
        ProductFactory(enterprise=enterprise, name=f"SP {i}") for i in range(dossier_count)
    ]
    dossiers = [
        eligible_dossier(officer=officer, actor=rep, campaign=campaign, product=product)
        for product in products
    ]
    council = services.council_create(
        actor=officer, campaign=campaign, decision_number=f"1/QĐ-UBND {year}"
    )
    users = {
        name: UserFactory(username=f"{name}_{year}", roles=[Role.COUNCIL_MEMBER])
        for name in ("chu_tich", "thu_ky", "uv1", "uv2")
    }
    members = {
        "chu_tich": services.member_add(
            actor=officer,
            council=council,
            user=users["chu_tich"],
            title="Phó Chủ tịch UBND",
            role=MemberRole.CHAIR,
        ),
        "thu_ky": services.member_add(
            actor=officer,
            council=council,
            user=users["thu_ky"],
            title="Chuyên viên SCT",
            role=MemberRole.SECRETARY,
        ),
        "uv1": services.member_add(
            actor=officer, council=council, user=users["uv1"], title="Sở KH&CN"
        ),
        "uv2": services.member_add(
            actor=officer, council=council, user=users["uv2"], title="Sở TN&MT"
        ),
    }
    judged = list(
        Criterion.objects.filter(group__criteria_set=campaign.criteria_set, kind="judged").order_by(
            "code"
        )
    )
    for criterion in judged:
        services.assignment_set(
            actor=officer,
            council=council,
            criterion=criterion,
            members=[members["uv1"], members["uv2"]],
        )
    for m in members.values():
        services.no_conflict_sign(actor=m.user, member=m)
    return {
        "campaign": campaign,
        "dossiers": dossiers,
        "council": council,
        "members": members,
        "judged": judged,
    }


def score_all(setup: dict, member, value_of) -> None:
    """``member`` scores every judged criterion of every dossier of the council's only round
    with ``value_of(dossier, criterion)``."""
    round_ = setup["council"].rounds.get()
    for dossier in setup["dossiers"]:
        for criterion in setup["judged"]:
            services.score_record(
                actor=member.user,
                round_=round_,
                dossier=dossier,
                criterion=criterion,
                value=value_of(dossier, criterion),
            )
