"""Data generator of the ranking benchmark: a closed council round at full scale.

Bulk inserts only (``bulk_create``; the scores, millions of them, through the driver's own
bulk insert: see :func:`_insert_scores`), never the services: no person typed these rows, so
the audit trail, the screening and the score-by-score checks are skipped on purpose.
Nothing here is application code; only ``bench/ranking.py`` calls it.

The shape follows the issue ("10,000 dossiers × 15 members × 20 criteria"):

* one criteria set of ``criteria`` criteria worth 100 points in all, the first ``computed``
  of them computed (one ``ComputedScore`` per dossier), the rest judged;
* ``dossiers`` eligible dossiers, one product each, spread over ``enterprises`` enterprises;
* a council of ``members`` members, every member assigned to every judged criterion;
* one CLOSED round holding ``dossiers × members × judged`` scores;
* a conflict of interest declared after closing by each member on 0.5 % of the dossiers
  (their scores stay in the round and the ranking must leave them out).

Scores are seeded pseudo-random and plausible: a dossier quality, a member bias and some
noise, two decimals, within ``0..max_points``; a few dossiers share a quality so that ties
(and the tie-break) occur as they do in a real campaign.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from chuluc.accounts.models import User
from chuluc.campaigns.enums import CampaignStatus, CriterionKind, DossierStatus
from chuluc.campaigns.models import (
    Campaign,
    ComputedScore,
    CriteriaSet,
    Criterion,
    CriterionGroup,
    Dossier,
    Program,
)
from chuluc.campaigns.sort_keys import dossier_keys_refresh_all
from chuluc.council.enums import ConflictSource, MemberRole, RoundStatus
from chuluc.council.models import Conflict, Council, CriterionAssignment, Member, Round
from chuluc.registry.enums import ProductTrack
from chuluc.registry.models import Enterprise, IndustryGroup, Product

UNUSABLE = make_password(None)  # "!…": nobody logs in as a bench user
COUNCIL_NAME = "Hội đồng đo hiệu năng (bench)"
BENCH_YEAR = 2099
TOTAL_POINTS = 100
CHUNK = 50_000  # model instances held in memory at once while inserting
CRITERIA_PER_GROUP = 5
# Values in hundredths, shared Decimal objects (building 3 million Decimals is slow).
_HUNDREDTHS = [Decimal(i).scaleb(-2) for i in range(100 * TOTAL_POINTS + 1)]


@dataclass(frozen=True)
class Shape:
    dossiers: int
    members: int
    criteria: int
    computed: int = 0
    enterprises: int = 0  # 0: one enterprise for every five dossiers
    seed: int = 2026

    @property
    def judged(self) -> int:
        return self.criteria - self.computed

    @property
    def scores(self) -> int:
        return self.dossiers * self.members * self.judged

    @property
    def enterprise_count(self) -> int:
        return self.enterprises or max(1, self.dossiers // 5)


def _progress(message: str, started: float) -> None:
    print(f"  [{time.perf_counter() - started:7.1f} s] {message}", flush=True)


def _max_points(shape: Shape) -> list[Decimal]:
    """``criteria`` maxima in whole points adding up to 100 (e.g. 20 × 5)."""
    base, extra = divmod(TOTAL_POINTS, shape.criteria)
    return [Decimal(base + (1 if i < extra else 0)) for i in range(shape.criteria)]


def make_criteria(shape: Shape, program: Program) -> tuple[CriteriaSet, list[Criterion]]:
    version = (
        program.criteria_sets.order_by("-version").values_list("version", flat=True).first()
    ) or 0
    criteria_set = CriteriaSet.objects.create(
        program=program,
        name="Bộ tiêu chí đo hiệu năng",
        version=version + 1,
        total_points=TOTAL_POINTS,
        source="bench/ranking_data.py",
    )
    groups = CriterionGroup.objects.bulk_create(
        [
            CriterionGroup(
                criteria_set=criteria_set, code=f"G{g + 1}", name=f"Nhóm {g + 1}", position=g
            )
            for g in range((shape.criteria + CRITERIA_PER_GROUP - 1) // CRITERIA_PER_GROUP)
        ]
    )
    criteria = Criterion.objects.bulk_create(
        [
            Criterion(
                group=groups[i // CRITERIA_PER_GROUP],
                code=f"TC{i + 1:02d}",
                name=f"Tiêu chí {i + 1}",
                max_points=top,
                kind=CriterionKind.COMPUTED if i < shape.computed else CriterionKind.JUDGED,
                position=i % CRITERIA_PER_GROUP,
            )
            for i, top in enumerate(_max_points(shape))
        ]
    )
    return criteria_set, criteria


def _registry(shape: Shape, started: float) -> tuple[list[int], list[int]]:
    """Enterprises and one product per dossier; returns (product ids, enterprise of each)."""
    now = timezone.now()
    industry_groups = list(IndustryGroup.objects.values_list("pk", flat=True))
    enterprises = Enterprise.objects.bulk_create(
        [
            Enterprise(
                name=f"Công ty CP Đo Hiệu Năng {e:05d}",
                tax_code=f"97{e:08d}",
                ownership="private",
                is_verified=True,
                is_demo=True,
                search_key=f"cong ty cp do hieu nang {e:05d}",
                created_at=now,
                updated_at=now,
            )
            for e in range(shape.enterprise_count)
        ],
        batch_size=2_000,
    )
    _progress(f"{len(enterprises):,} enterprises", started)
    products = Product.objects.bulk_create(
        [
            Product(
                enterprise=enterprises[p % len(enterprises)],
                name=f"Sản phẩm đo hiệu năng {p:06d}",
                industry_group_id=industry_groups[p % len(industry_groups)]
                if industry_groups
                else None,
                track=ProductTrack.OTHER,
                is_demo=True,
                name_key=f"san pham do hieu nang {p:06d}",
                search_key=f"san pham do hieu nang {p:06d}",
            )
            for p in range(shape.dossiers)
        ],
        batch_size=2_000,
    )
    _progress(f"{len(products):,} products", started)
    return [p.pk for p in products], [p.enterprise_id for p in products]


SCORE_COLUMNS = (
    "round_id",
    "member_id",
    "dossier_id",
    "criterion_id",
    "value",
    "comment",
    "updated_at",
)


def _insert_scores(rows: list[tuple]) -> None:
    """Insert score rows (in ``SCORE_COLUMNS`` order) below the ORM.

    ``Score.objects.bulk_create`` builds a model instance, then prepares every field one by
    one, which for millions of scores takes minutes (docs/performance.md). The same columns
    go in through the driver instead: ``executemany`` on SQLite (Django's own adapters turn
    the ``Decimal`` into the text SQLite stores as a number, as ``bulk_create`` does) and
    ``COPY`` on PostgreSQL.
    """
    columns = ", ".join(SCORE_COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY council_score ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(SCORE_COLUMNS))
        cursor.executemany(f"INSERT INTO council_score ({columns}) VALUES ({marks})", rows)  # noqa: S608 - fixed columns


def generate_scores(
    shape: Shape,
    *,
    round_: Round,
    dossiers: list[int],
    members: list[int],
    judged: list[Criterion],
    started: float,
) -> int:
    """``dossiers × members × judged`` scores, inserted ``CHUNK`` at a time."""
    rng = random.Random(shape.seed)
    # A few hundred dossiers share a quality with their neighbour: ties happen, as in reality.
    quality = {}
    for i, d in enumerate(dossiers):
        quality[d] = (
            quality[dossiers[i - 1]] if i and rng.random() < 0.02 else rng.uniform(0.3, 0.95)
        )
    bias = {m: rng.gauss(0, 0.05) for m in members}
    tops = [(c.pk, int(c.max_points * 100)) for c in judged]
    now = timezone.now()
    updated_at = (
        now if connection.vendor == "postgresql" else connection.ops.adapt_datetimefield_value(now)
    )
    batch: list[tuple] = []
    written = 0
    gauss = rng.gauss
    for d in dossiers:
        q = quality[d]
        for m in members:
            b = q + bias[m]
            for criterion_id, top in tops:
                hundredths = round((b + gauss(0, 0.08)) * top)
                value = _HUNDREDTHS[0 if hundredths < 0 else min(hundredths, top)]
                batch.append((round_.pk, m, d, criterion_id, value, "", updated_at))
        if len(batch) >= CHUNK:
            _insert_scores(batch)
            written += len(batch)
            batch = []
            if written % (10 * CHUNK) < len(tops) * len(members):
                _progress(f"{written:,} / {shape.scores:,} scores", started)
    if batch:
        _insert_scores(batch)
        written += len(batch)
    _progress(f"{written:,} scores", started)
    return written


def generate(shape: Shape) -> dict:
    """Build the whole data set in one transaction; returns counts and timings."""
    started = time.perf_counter()
    now = timezone.now()
    rng = random.Random(shape.seed)
    with transaction.atomic():
        program = Program.objects.order_by("id").first()
        officer, *people = User.objects.bulk_create(
            [User(username="bench_officer", password=UNUSABLE, full_name="Cán bộ đo hiệu năng")]
            + [
                User(
                    username=f"bench_member_{i:02d}", password=UNUSABLE, full_name=f"Thành viên {i}"
                )
                for i in range(shape.members)
            ]
        )
        criteria_set, criteria = make_criteria(shape, program)
        judged_codes = [c.code for c in criteria if c.kind == CriterionKind.JUDGED]
        campaign = Campaign.objects.create(
            program=program,
            year=BENCH_YEAR,
            name="Đợt xét chọn đo hiệu năng",
            status=CampaignStatus.PUBLISHED,
            criteria_set=criteria_set,
            registration_opens=now - dt.timedelta(days=90),
            registration_closes=now - dt.timedelta(days=60),
            pass_mark=Decimal(60),
            top_n=10,
            tie_break_criteria=",".join(judged_codes[:2]),
        )
        products, enterprise_of = _registry(shape, started)
        dossiers = Dossier.objects.bulk_create(
            [
                Dossier(
                    campaign=campaign,
                    product_id=product,
                    enterprise_id=enterprise,
                    status=DossierStatus.ELIGIBLE,
                    track=ProductTrack.OTHER,
                    hq_in_locality=True,
                    submitted_at=now - dt.timedelta(days=61),
                    is_demo=True,
                    created_by=officer,
                )
                for product, enterprise in zip(products, enterprise_of, strict=True)
            ],
            batch_size=2_000,
        )
        dossier_ids = [d.pk for d in dossiers]
        dossier_keys_refresh_all()
        _progress(f"{len(dossier_ids):,} eligible dossiers", started)
        computed = [c for c in criteria if c.kind == CriterionKind.COMPUTED]
        ComputedScore.objects.bulk_create(
            [
                ComputedScore(
                    dossier_id=d,
                    criterion=c,
                    points=_HUNDREDTHS[rng.randint(0, int(c.max_points * 100))],
                    evidence_verified=True,
                )
                for d in dossier_ids
                for c in computed
            ],
            batch_size=5_000,
        )
        council = Council.objects.create(campaign=campaign, name=COUNCIL_NAME)
        roles = [MemberRole.CHAIR, MemberRole.SECRETARY, MemberRole.VICE_CHAIR]
        members = Member.objects.bulk_create(
            [
                Member(
                    council=council,
                    user=user,
                    title=f"Thành viên {i + 1}",
                    role=roles[i] if i < len(roles) else MemberRole.MEMBER,
                    no_conflict_signed_at=now - dt.timedelta(days=30),
                )
                for i, user in enumerate(people)
            ]
        )
        judged = [c for c in criteria if c.kind == CriterionKind.JUDGED]
        CriterionAssignment.objects.bulk_create(
            [
                CriterionAssignment(council=council, criterion=c, member=m)
                for c in judged
                for m in members
            ]
        )
        round_ = Round.objects.create(
            council=council,
            number=1,
            name="Vòng 1",
            status=RoundStatus.CLOSED,
            closed_at=now,
            closed_by=people[1] if len(people) > 1 else officer,
        )
        criteria_set.frozen_at = now
        criteria_set.save(update_fields=["frozen_at"])
        written = generate_scores(
            shape,
            round_=round_,
            dossiers=dossier_ids,
            members=[m.pk for m in members],
            judged=judged,
            started=started,
        )
        conflicts = Conflict.objects.bulk_create(
            [
                Conflict(
                    member=member,
                    dossier_id=d,
                    source=ConflictSource.DECLARED,
                    reason="Khai báo sau khi khóa vòng (dữ liệu đo hiệu năng)",
                    at=now,
                )
                for member in members
                for d in rng.sample(dossier_ids, max(1, len(dossier_ids) // 200))
            ],
            batch_size=2_000,
        )
        _progress(f"{len(conflicts):,} conflicts declared after closing", started)
        _progress("committing", started)
    if connection.vendor == "postgresql":
        # As autovacuum would soon after such a load: the planner gets its statistics.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        _progress("analysed", started)
    seconds = time.perf_counter() - started
    _progress("done", started)
    return {
        "council": council.pk,
        "dossiers": len(dossier_ids),
        "enterprises": shape.enterprise_count,
        "members": len(members),
        "criteria": len(criteria),
        "judged": len(judged),
        "computed": len(computed),
        "computed_scores": len(dossier_ids) * len(computed),
        "scores": written,
        "conflicts": len(conflicts),
        "seconds": round(seconds, 1),
    }
