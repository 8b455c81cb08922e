"""The Django half of ``bench/generate.py``: writes one scale's plan into the database.

Bulk paths only (``bulk_create`` in batches; ``core.bulk.bulk_insert`` for the million firm
reports; the scores through ``ranking_data._scores``, the driver's own bulk insert), never
the services: no person typed these rows, so the audit trail and the screening are skipped
on purpose. The derived data of the current round (combined scores, results, the dossiers'
move to passed/failed) is computed by the council's own code (``combined_rebuild``,
``compute_results``), as the secretary's round close does. Every enterprise, product and
dossier is fictional and flagged ``is_demo``; tax codes start with 98, a prefix the tax
authority does not issue. Nothing here is application code.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import defaultdict
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from generate_reports import at_nine, firm_reports, pick, progress
from generate_scales import (
    FAILED,
    INELIGIBLE,
    LAST_YEAR,
    RECOGNISED,
    REVOKED_SHARE,
    TOP_SHARE,
    VALIDITY_YEARS,
    WITHDRAWN,
    Scale,
    plan,
)
from ranking_data import Shape as RankingShape
from ranking_data import generate_scores, make_criteria

from chuluc.accounts.enums import Role
from chuluc.accounts.models import RoleAssignment, User
from chuluc.campaigns.enums import CampaignStatus, DossierStatus
from chuluc.campaigns.models import Campaign, Dossier, Program
from chuluc.campaigns.sort_keys import dossier_keys_refresh_all
from chuluc.core.text import search_key
from chuluc.council import combined, ranking
from chuluc.council.enums import ConflictSource, MemberRole, RoundStatus
from chuluc.council.models import Conflict, Council, CriterionAssignment, Member, Round
from chuluc.decisions.enums import RecognitionStatus, Title
from chuluc.decisions.models import (
    Certificate,
    Decision,
    Publication,
    PublishedEntry,
    Recognition,
)
from chuluc.demo.names import FORMS, PLACES, THEMES
from chuluc.registry.enums import Ownership, ProductTrack
from chuluc.registry.models import District, Enterprise, IndustryGroup, Product
from chuluc.registry.validators import tax_code_check_digit

UNUSABLE = make_password(None)  # "!…": nobody logs in with a password as a bench user
BATCH = 5_000
# VSIC 2018 level-4 codes of each industry group (the program's eight groups).
VSIC = {
    "co-khi": ["2811", "2819", "2829", "2592", "2511"],
    "dien-dien-tu": ["2610", "2640", "2732", "2740", "2790"],
    "cntt": ["6201", "6202", "2620", "6209"],
    "det-may-da-giay": ["1410", "1312", "1520", "1391"],
    "nong-san-thuc-pham": ["1050", "1071", "1079", "1104", "1080"],
    "hoa-chat-nhua-duoc": ["2220", "2022", "2100", "2029"],
    "vat-lieu-xay-dung": ["2392", "2310", "2395", "2394"],
    "thu-cong-my-nghe": ["1629", "2393", "3290", "3100"],
}
OWNERSHIP = (
    (Ownership.PRIVATE, 0.78),
    (Ownership.STATE, 0.07),
    (Ownership.COLLECTIVE, 0.03),
    (Ownership.FDI, 0.12),
)


def _tax_codes(n: int) -> list[str]:
    codes, i = [], 0
    while len(codes) < n:
        first_nine = f"98{i:07d}"
        check = tax_code_check_digit(first_nine)
        if check is not None:
            codes.append(f"{first_nine}{check}")
        i += 1
    return codes


# --------------------------------------------------------------------------- people


def _users(scale: Scale) -> dict:
    names = [
        ("bench_officer", "Cán bộ Sở (dữ liệu đo hiệu năng)", Role.OFFICER),
        ("bench_leader", "Lãnh đạo Thành phố (dữ liệu đo hiệu năng)", Role.LEADER),
        ("bench_rep", "Đại diện doanh nghiệp (dữ liệu đo hiệu năng)", Role.ENTERPRISE_REP),
    ] + [
        (f"bench_member_{i:02d}", f"Thành viên Hội đồng {i + 1}", Role.COUNCIL_MEMBER)
        for i in range(scale.members)
    ]
    users = User.objects.bulk_create(
        [User(username=u, password=UNUSABLE, full_name=full) for u, full, _r in names]
    )
    RoleAssignment.objects.bulk_create(
        [
            RoleAssignment(user=user, role=role)
            for user, (_u, _f, role) in zip(users, names, strict=True)
        ]
    )
    return {"officer": users[0], "leader": users[1], "rep": users[2], "members": users[3:]}


# --------------------------------------------------------------------------- register


def _registry(scale: Scale, owner: list[int], started: float) -> tuple[list[int], list[int]]:
    """Enterprises and products; returns their ids (in plan order)."""
    rng = random.Random(scale.seed + 1)
    groups = list(IndustryGroup.objects.order_by("position", "id"))
    districts = list(District.objects.order_by("code").values_list("pk", flat=True))
    fallback = next(iter(THEMES))
    codes = _tax_codes(scale.enterprises)
    group_of = [groups[rng.randrange(len(groups))] for _ in range(scale.enterprises)]
    enterprise_ids: list[int] = []
    for start in range(0, scale.enterprises, BATCH):
        batch = []
        for e in range(start, min(start + BATCH, scale.enterprises)):
            theme = THEMES.get(group_of[e].code, THEMES[fallback])
            name = f"{rng.choice(FORMS)} {rng.choice(theme[0])} {rng.choice(PLACES)} {e + 1:06d}"
            batch.append(
                Enterprise(
                    name=name,
                    tax_code=codes[e],
                    ownership=pick(rng, OWNERSHIP),
                    vsic=rng.choice(VSIC.get(group_of[e].code, VSIC["co-khi"])),
                    district_id=rng.choice(districts) if districts else None,
                    address=f"Số {rng.randint(1, 300)}, đường {rng.choice(PLACES)}",
                    hq_in_hanoi=True,
                    factory_in_hanoi=rng.random() < 0.8,
                    is_verified=True,
                    is_demo=True,
                    search_key=search_key(name),
                )
            )
        enterprise_ids += [e.pk for e in Enterprise.objects.bulk_create(batch)]
    progress(f"{len(enterprise_ids):,} enterprises", started)
    product_ids: list[int] = []
    for start in range(0, scale.products, BATCH):
        batch = []
        for p in range(start, min(start + BATCH, scale.products)):
            e = owner[p]
            group = group_of[e]
            theme = THEMES.get(group.code, THEMES[fallback])
            place = rng.choice(PLACES)
            name = f"{rng.choice(theme[1])} {place} {place[:1]}{p + 1:06d}"
            key = search_key(name)
            batch.append(
                Product(
                    enterprise_id=enterprise_ids[e],
                    name=name,
                    industry_group=group,
                    vsic=rng.choice(VSIC.get(group.code, VSIC["co-khi"])),
                    track=ProductTrack.HANDICRAFT
                    if group.code == "thu-cong-my-nghe"
                    else ProductTrack.OTHER,
                    is_demo=True,
                    name_key=key,
                    search_key=key,
                )
            )
        product_ids += [p.pk for p in Product.objects.bulk_create(batch)]
    progress(f"{len(product_ids):,} products", started)
    return enterprise_ids, product_ids


# --------------------------------------------------------------------------- campaigns


def _campaigns(scale: Scale, program: Program, criteria_set, officer) -> dict[int, Campaign]:
    campaigns = {}
    for year in range(scale.first_year, LAST_YEAR + 1):
        current = year == LAST_YEAR
        campaigns[year] = Campaign.objects.create(
            program=program,
            year=year,
            name=f"Xét chọn sản phẩm công nghiệp chủ lực năm {year} (dữ liệu đo hiệu năng)",
            status=CampaignStatus.PUBLISHED if current else CampaignStatus.ARCHIVED,
            criteria_set=criteria_set,
            registration_opens=at_nine(year, 3, 1),
            registration_closes=at_nine(year, 5, 31),
            screening_ends=dt.date(year, 7, 15),
            scoring_starts=dt.date(year, 8, 1),
            scoring_ends=dt.date(year, 9, 30),
            comment_starts=dt.date(year, 10, 15),
            decision_due=dt.date(year, 12, 20),
            pass_mark=Decimal(60),
            top_n=max(10, int(TOP_SHARE * scale.dossiers / scale.years)),
            validity_months=12 * VALIDITY_YEARS,
        )
    return campaigns


STATUS_OF = {
    RECOGNISED: DossierStatus.RECOGNISED,
    FAILED: DossierStatus.FAILED,
    INELIGIBLE: DossierStatus.INELIGIBLE,
    WITHDRAWN: DossierStatus.WITHDRAWN,
    "eligible": DossierStatus.ELIGIBLE,
}


def _dossiers(the_plan, *, campaigns, enterprise_ids, product_ids, officer, started) -> list[int]:
    ids: list[int] = []
    items = the_plan.dossiers
    for start in range(0, len(items), BATCH):
        batch = [
            Dossier(
                campaign=campaigns[d.year],
                product_id=product_ids[d.product],
                enterprise_id=enterprise_ids[d.enterprise],
                status=STATUS_OF[d.outcome],
                track=ProductTrack.OTHER,
                is_renewal=d.renewal_of is not None,
                hq_in_locality=True,
                submitted_at=at_nine(d.year, 5, 1 + i % 30),
                is_demo=True,
                created_by=officer,
            )
            for i, d in enumerate(items[start : start + BATCH], start=start)
        ]
        ids += [d.pk for d in Dossier.objects.bulk_create(batch)]
    dossier_keys_refresh_all()  # the copies of the register's keys the lists sort by
    progress(f"{len(ids):,} dossiers", started)
    return ids


def _outcomes(
    scale, the_plan, *, campaigns, dossier_ids, product_ids, enterprise_ids, officer, started
):
    """Past campaigns: the published list, the decision, recognitions and certificates."""
    rng = random.Random(scale.seed + 2)
    recognition_of: dict[int, int] = {}  # dossier index → recognition id
    superseded: list[int] = []
    totals = {"recognitions": 0, "certificates": 0, "revoked": 0}
    by_year = defaultdict(list)
    for i, d in enumerate(the_plan.dossiers):
        if d.outcome == RECOGNISED:
            by_year[d.year].append(i)
    for year in range(scale.first_year, LAST_YEAR):
        campaign = campaigns[year]
        signed = dt.date(year, 12, 20)
        publication = Publication.objects.create(
            campaign=campaign,
            published_at=at_nine(year, 10, 15),
            published_by=officer,
            comments_close_at=at_nine(year, 10, 25),
        )
        decision = Decision.objects.create(
            campaign=campaign,
            number=f"{5000 + year - 2000}/QĐ-UBND-{year}",
            signed_on=signed,
            signer_name="Người ký (dữ liệu đo hiệu năng)",
            signer_title="Phó Chủ tịch UBND Thành phố",
            entered_by=officer,
            entered_at=at_nine(year, 12, 21),
        )
        passing = by_year[year]
        points = sorted((round(rng.uniform(60, 98), 4) for _ in passing), reverse=True)
        top_n = campaign.top_n
        PublishedEntry.objects.bulk_create(
            [
                PublishedEntry(
                    publication=publication,
                    dossier_id=dossier_ids[i],
                    product_id=product_ids[the_plan.dossiers[i].product],
                    enterprise_id=enterprise_ids[the_plan.dossiers[i].enterprise],
                    rank=rank,
                    total=Decimal(str(points[rank - 1])),
                    top=rank <= top_n,
                )
                for rank, i in enumerate(passing, start=1)
            ],
            batch_size=BATCH,
        )
        until = dt.date(year + VALIDITY_YEARS, 12, 19)
        recognitions = []
        for rank, i in enumerate(passing, start=1):
            d = the_plan.dossiers[i]
            revoked = rng.random() < REVOKED_SHARE
            old = recognition_of.get(d.renewal_of) if d.renewal_of is not None else None
            if old is not None:
                superseded.append(old)
            recognitions.append(
                Recognition(
                    decision=decision,
                    product_id=product_ids[d.product],
                    enterprise_id=enterprise_ids[d.enterprise],
                    dossier_id=dossier_ids[i],
                    year=year,
                    top=rank <= top_n,
                    rank=rank,
                    valid_from=signed,
                    valid_until=until,
                    status=RecognitionStatus.REVOKED if revoked else RecognitionStatus.ACTIVE,
                    renewal_of_id=old,
                    revoked_at=at_nine(year + 1, 6, 1) if revoked else None,
                    revoked_reason="Vi phạm cam kết (dữ liệu đo hiệu năng)" if revoked else "",
                )
            )
            totals["revoked"] += revoked
        created = Recognition.objects.bulk_create(recognitions, batch_size=BATCH)
        certificates = []
        for rank, (i, r) in enumerate(zip(passing, created, strict=True), start=1):
            recognition_of[i] = r.pk
            certificates.append(
                Certificate(
                    recognition=r,
                    title=Title.SPCNCL,
                    number=f"SPCNCL-{year}-{rank:03d}",
                    issued_on=signed,
                )
            )
            if r.top:
                certificates.append(
                    Certificate(
                        recognition=r,
                        title=Title.TOP,
                        number=f"TOP-{year}-{rank:02d}",
                        issued_on=signed,
                    )
                )
        Certificate.objects.bulk_create(certificates, batch_size=BATCH)
        totals["recognitions"] += len(created)
        totals["certificates"] += len(certificates)
    for start in range(0, len(superseded), BATCH):
        Recognition.objects.filter(
            pk__in=superseded[start : start + BATCH], status=RecognitionStatus.ACTIVE
        ).update(status=RecognitionStatus.SUPERSEDED)
    totals["superseded"] = len(superseded)
    progress(
        f"{totals['recognitions']:,} recognitions, {totals['certificates']:,} certificates",
        started,
    )
    return totals


def _council(scale, campaign, *, criteria, current_ids, people, started) -> dict:
    """The current campaign: council, closed round, every score, results computed."""
    council = Council.objects.create(
        campaign=campaign,
        name=f"Hội đồng xét chọn năm {campaign.year} (dữ liệu đo hiệu năng)",
        decision_number=f"{4000 + campaign.year - 2000}/QĐ-UBND-HĐ",
        decision_date=dt.date(campaign.year, 7, 20),
    )
    roles = [MemberRole.CHAIR, MemberRole.SECRETARY, MemberRole.VICE_CHAIR]
    members = Member.objects.bulk_create(
        [
            Member(
                council=council,
                user=user,
                title=f"Thành viên {i + 1}",
                role=roles[i] if i < len(roles) else MemberRole.MEMBER,
                no_conflict_signed_at=at_nine(campaign.year, 7, 25),
            )
            for i, user in enumerate(people["members"])
        ]
    )
    CriterionAssignment.objects.bulk_create(
        [
            CriterionAssignment(council=council, criterion=c, member=m)
            for c in criteria
            for m in members
        ]
    )
    round_ = Round.objects.create(
        council=council,
        number=1,
        name="Vòng 1",
        opens_on=dt.date(campaign.year, 8, 1),
        closes_on=dt.date(campaign.year, 9, 30),
        status=RoundStatus.CLOSED,
        closed_at=at_nine(campaign.year, 9, 30),
        closed_by=people["members"][1] if len(members) > 1 else people["officer"],
    )
    shape = RankingShape(
        dossiers=len(current_ids), members=len(members), criteria=len(criteria), seed=scale.seed
    )
    written = generate_scores(
        shape,
        round_=round_,
        dossiers=current_ids,
        members=[m.pk for m in members],
        judged=criteria,
        started=started,
    )
    rng = random.Random(scale.seed + 3)
    conflicts = Conflict.objects.bulk_create(
        [
            Conflict(
                member=member,
                dossier_id=d,
                source=ConflictSource.DECLARED,
                reason="Khai báo sau khi khóa vòng (dữ liệu đo hiệu năng)",
                at=at_nine(campaign.year, 10, 1),
            )
            for member in members
            for d in rng.sample(current_ids, max(1, len(current_ids) // 200))
        ],
        batch_size=BATCH,
    )
    combined_rows = combined.combined_rebuild(round_)
    progress(f"{combined_rows:,} combined scores", started)
    results = ranking.compute_results(council=council, actor=people["officer"])
    progress(f"{results:,} results (passed/failed)", started)
    return {
        "council": council.pk,
        "members": len(members),
        "scores": written,
        "conflicts": len(conflicts),
        "combined_scores": combined_rows,
        "results": results,
    }


# --------------------------------------------------------------------------- entry point


def generate(scale: Scale) -> dict:
    """Write the whole scale in one transaction; returns counts and the generation time."""
    started = time.perf_counter()
    the_plan = plan(scale)
    with transaction.atomic():
        program = Program.objects.order_by("id").first()
        people = _users(scale)
        enterprise_ids, product_ids = _registry(scale, the_plan.product_owner, started)
        criteria_set, criteria = make_criteria(
            RankingShape(dossiers=scale.current, members=scale.members, criteria=scale.criteria),
            program,
        )
        criteria_set.frozen_at = at_nine(LAST_YEAR, 8, 1)
        criteria_set.save(update_fields=["frozen_at"])
        campaigns = _campaigns(scale, program, criteria_set, people["officer"])
        officer = people["officer"]
        dossier_ids = _dossiers(
            the_plan,
            campaigns=campaigns,
            enterprise_ids=enterprise_ids,
            product_ids=product_ids,
            officer=officer,
            started=started,
        )
        outcomes = _outcomes(
            scale,
            the_plan,
            campaigns=campaigns,
            dossier_ids=dossier_ids,
            product_ids=product_ids,
            enterprise_ids=enterprise_ids,
            officer=officer,
            started=started,
        )
        current_ids = [
            pk for pk, d in zip(dossier_ids, the_plan.dossiers, strict=True) if d.year == LAST_YEAR
        ]
        council = _council(
            scale,
            campaigns[LAST_YEAR],
            criteria=criteria,
            current_ids=current_ids,
            people=people,
            started=started,
        )
        reports = firm_reports(scale, the_plan, enterprise_ids, people["rep"], started)
        progress("committing", started)
    with connection.cursor() as cursor:
        # The planner's statistics, as autovacuum (PostgreSQL) or ``PRAGMA optimize``
        # (SQLite) would gather them soon after such a load.
        cursor.execute("ANALYZE")
    progress("analysed", started)
    return {
        "scale": scale.name,
        "enterprises": len(enterprise_ids),
        "products": len(product_ids),
        "campaigns": len(campaigns),
        "dossiers": len(dossier_ids),
        "current_dossiers": len(current_ids),
        **outcomes,
        **council,
        **reports,
        "seconds": round(time.perf_counter() - started, 1),
    }
