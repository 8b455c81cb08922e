"""Demo councils: past campaigns scored and closed (results to look at), the open one
scoring (one member done, one not), built through the services."""

from __future__ import annotations

import random

from django.conf import settings

from chuluc.accounts.models import User
from chuluc.accounts.services import user_create
from chuluc.campaigns.enums import CriterionKind, DossierStatus
from chuluc.campaigns.models import Campaign, Criterion
from chuluc.core.models import Agency
from chuluc.council import services
from chuluc.council.aggregation import rank
from chuluc.council.enums import MemberRole
from chuluc.council.models import Council
from chuluc.council.ranking import ranking_input

COUNCIL_USERS = [
    # username, full name, role, title, agency code
    ("chutich", "Ngô Thanh Hải (mẫu)", MemberRole.CHAIR, "Phó Chủ tịch UBND Thành phố (mẫu)", None),
    (
        "thuky",
        "Bùi Thị Lan (mẫu)",
        MemberRole.SECRETARY,
        "Chuyên viên Sở Công Thương (mẫu)",
        "so-cong-thuong",
    ),
    (
        "hoidong",
        "Phạm Quốc Dũng (mẫu)",
        MemberRole.MEMBER,
        "Phó Giám đốc Sở KH&CN (mẫu)",
        "so-khcn",
    ),
    (
        "hoidong2",
        "Đặng Minh Tuấn (mẫu)",
        MemberRole.MEMBER,
        "Phó Giám đốc Sở TN&MT (mẫu)",
        "so-tnmt",
    ),
]
COUNCIL_LOGINS = [(u, f"{r.label}") for u, _n, r, _t, _a in COUNCIL_USERS]


def _users(officer) -> dict[str, User]:
    out = {}
    for username, full_name, _role, _title, _agency in COUNCIL_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = user_create(
                actor=officer,
                username=username,
                email=f"{username}@demo.chuluc.local",
                full_name=full_name,
                password=settings.DEMO_PASSWORD,
                roles=["council_member"],
                is_demo=True,
            )
        out[username] = user
    return out


def _score(
    rng: random.Random, council: Council, members, round_, *, skip: set[str] = frozenset()
) -> None:
    judged = list(
        Criterion.objects.filter(
            group__criteria_set=council.campaign.criteria_set, kind=CriterionKind.JUDGED
        )
    )
    dossiers = list(council.campaign.dossiers.filter(status=DossierStatus.ELIGIBLE))
    quality = {d.pk: rng.uniform(0.45, 0.95) for d in dossiers}
    for username, member in members.items():
        if username in skip or member.role in {MemberRole.CHAIR, MemberRole.SECRETARY}:
            continue
        bias = rng.uniform(-0.08, 0.08)
        for dossier in dossiers:
            for criterion in judged:
                share = min(1.0, max(0.0, quality[dossier.pk] + bias + rng.uniform(-0.1, 0.1)))
                value = round(float(criterion.max_points) * share * 2) / 2
                services.score_record(
                    actor=member.user,
                    round_=round_,
                    dossier=dossier,
                    criterion=criterion,
                    value=value,
                )
        services.sheet_submit(actor=member.user, round_=round_)


def _vote_ties(council: Council, *, secretary) -> None:
    """The council votes on every tie its tie-break criteria leave open (lower dossier
    number first: the demo's own convention), as the minutes would record."""
    inp = ranking_input(council)
    for tie in rank(inp).ties if inp else ():
        for subset in tie.unresolved:
            services.tie_vote_record(
                actor=secretary,
                council=council,
                order=sorted(subset),
                minutes="Hội đồng biểu quyết thứ tự các hồ sơ bằng điểm (dữ liệu mẫu).",
            )


def seed_councils(*, officer, seed: int = 11) -> dict[str, int]:
    rng = random.Random(seed)
    users = _users(officer)
    agencies = {a.code: a for a in Agency.objects.all()}
    campaigns = list(Campaign.objects.filter(council__isnull=True).order_by("year"))
    latest = max((c.year for c in Campaign.objects.all()), default=None)
    made = 0
    for campaign in campaigns:
        council = services.council_create(
            actor=officer,
            campaign=campaign,
            decision_number=f"{1000 + campaign.year % 100}/QĐ-UBND (mẫu)",
        )
        members = {}
        for username, _n, role, title, agency in COUNCIL_USERS:
            members[username] = services.member_add(
                actor=officer,
                council=council,
                user=users[username],
                title=title,
                role=role,
                agency=agencies.get(agency),
            )
        for criterion in Criterion.objects.filter(
            group__criteria_set=campaign.criteria_set, kind=CriterionKind.JUDGED
        ):
            services.assignment_set(
                actor=officer,
                council=council,
                criterion=criterion,
                members=[members["hoidong"], members["hoidong2"]],
            )
        for member in members.values():
            services.no_conflict_sign(actor=member.user, member=member)
        round_ = council.rounds.get()
        if campaign.year == latest:
            _score(rng, council, members, round_, skip={"hoidong"})  # scoring under way
        else:
            _score(rng, council, members, round_)
            services.round_close(actor=members["thuky"].user, round_=round_)
            _vote_ties(council, secretary=members["thuky"].user)
        made += 1
    return {"councils": made}
