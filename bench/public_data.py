"""Data generator of the public-page and certificate benchmarks: decided campaigns.

Bulk inserts only (``bulk_create``), never the services: no person typed these rows, so the
audit trail, the screening, the council and the comment window are skipped on purpose (the
public pages read none of them). Nothing here is application code; only ``bench/*.py`` call
it.

For each of ``years`` consecutive years ending with ``last_year``: a campaign of the built-in
program, ``per_year`` recognised products (each its own dossier; a product is recognised in
one year only, so the directory lists ``years × per_year`` products), the first ``top`` of
them in the Top group, the publication of the list, the signed decision, one recognition per
product and its certificates numbered as ``decision_enter`` numbers them (SPCNCL for every
product, TOP for the Top ones): ``per_year + top`` certificates per decision. Enterprises hold
``products_per_enterprise`` products each, spread over the districts and industry groups.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from scale_env import tax_codes

from chuluc.accounts.models import User
from chuluc.campaigns.enums import CampaignStatus, DossierStatus
from chuluc.campaigns.models import Campaign, CriteriaSet, Dossier, Program
from chuluc.campaigns.sort_keys import dossier_keys_refresh_all
from chuluc.core.text import search_key
from chuluc.decisions.enums import Title
from chuluc.decisions.models import (
    Certificate,
    Decision,
    Publication,
    PublishedEntry,
    Recognition,
)
from chuluc.decisions.services import NUMBER_FORMATS
from chuluc.registry.enums import Ownership, ProductTrack
from chuluc.registry.models import District, Enterprise, IndustryGroup, Product

UNUSABLE = make_password(None)  # "!…": nobody logs in as a bench user
BATCH = 2_000
_WORDS = (
    "Gốm sứ Bát Tràng",
    "Bóng đèn LED",
    "Dây cáp điện",
    "Sữa tiệt trùng",
    "Bia hơi",
    "Thép xây dựng",
    "Phích nước",
    "Quạt điện",
    "Máy biến áp",
    "Bánh kẹo",
    "Nước khoáng",
    "Vải dệt kim",
    "Ống nhựa",
    "Sơn nước",
    "Linh kiện điện tử",
    "Khóa cửa",
)
_FIRMS = ("Công ty CP", "Công ty TNHH", "Tổng công ty", "Công ty TNHH MTV")
_PLACES = ("Hà Nội", "Thăng Long", "Đông Đô", "Sông Hồng", "Hoàn Kiếm", "Tây Hồ", "Việt Tiệp")


@dataclass(frozen=True)
class Shape:
    years: int = 5
    per_year: int = 2_000
    top: int = 10
    last_year: int = 2025
    products_per_enterprise: int = 2
    seed: int = 2026

    @property
    def products(self) -> int:
        return self.years * self.per_year

    @property
    def certificates(self) -> int:
        return self.years * (self.per_year + self.top)

    def label(self) -> str:
        return f"y{self.years}-p{self.per_year}-t{self.top}"


def _progress(message: str, started: float) -> None:
    print(f"  [{time.perf_counter() - started:7.1f} s] {message}", flush=True)


def _registry(shape: Shape, rng: random.Random, started: float) -> list[Product]:
    now = timezone.now()
    districts = list(District.objects.values_list("pk", flat=True)) or [None]
    groups = list(IndustryGroup.objects.values_list("pk", flat=True)) or [None]
    count = max(1, shape.products // shape.products_per_enterprise)
    enterprises = []
    for e, tax_code in enumerate(tax_codes(count)):
        name = f"{rng.choice(_FIRMS)} {rng.choice(_PLACES)} {e + 1:05d}"
        enterprises.append(
            Enterprise(
                name=name,
                tax_code=tax_code,
                ownership=Ownership.FDI if e % 9 == 0 else Ownership.PRIVATE,
                district_id=districts[e % len(districts)],
                hq_in_hanoi=True,
                factory_in_hanoi=True,
                is_verified=True,
                is_demo=True,
                search_key=search_key(name, "", tax_code),
                created_at=now,
                updated_at=now,
            )
        )
    enterprises = Enterprise.objects.bulk_create(enterprises, batch_size=BATCH)
    _progress(f"{len(enterprises):,} enterprises", started)
    products = []
    for p in range(shape.products):
        name = f"{_WORDS[p % len(_WORDS)]} mẫu {p + 1:06d}"
        key = search_key(name)
        products.append(
            Product(
                enterprise=enterprises[p % len(enterprises)],
                name=name,
                industry_group_id=groups[p % len(groups)],
                track=ProductTrack.OTHER,
                is_demo=True,
                name_key=key,
                search_key=key,
            )
        )
    products = Product.objects.bulk_create(products, batch_size=BATCH)
    _progress(f"{len(products):,} products", started)
    return products


def _decided_year(
    shape: Shape, *, year: int, products: list[Product], officer: User, program: Program
) -> Decision:
    """One decided campaign of ``year`` over ``products`` (in rank order)."""
    now = timezone.now()
    signed_on = dt.date(year, 12, 15)
    criteria_set = CriteriaSet.objects.filter(program=program).order_by("version").first()
    campaign = Campaign.objects.create(
        program=program,
        year=year,
        name=f"Xét chọn sản phẩm công nghiệp chủ lực năm {year} (đo hiệu năng)",
        status=CampaignStatus.ARCHIVED,
        criteria_set=criteria_set,
        registration_opens=now.replace(year=year, month=3, day=1),
        registration_closes=now.replace(year=year, month=5, day=31),
        pass_mark=Decimal(60),
        top_n=shape.top,
    )
    dossiers = Dossier.objects.bulk_create(
        [
            Dossier(
                campaign=campaign,
                product=p,
                enterprise_id=p.enterprise_id,
                status=DossierStatus.RECOGNISED,
                track=ProductTrack.OTHER,
                hq_in_locality=True,
                submitted_at=now.replace(year=year, month=5, day=20),
                is_demo=True,
                created_by=officer,
            )
            for p in products
        ],
        batch_size=BATCH,
    )
    dossier_keys_refresh_all()
    publication = Publication.objects.create(
        campaign=campaign,
        published_at=now.replace(year=year, month=11, day=1),
        published_by=officer,
        comments_close_at=now.replace(year=year, month=11, day=30),
    )
    PublishedEntry.objects.bulk_create(
        [
            PublishedEntry(
                publication=publication,
                dossier=d,
                product_id=d.product_id,
                enterprise_id=d.enterprise_id,
                rank=rank,
                total=Decimal(95) - Decimal(rank) * Decimal(30) / len(dossiers),
                top=rank <= shape.top,
            )
            for rank, d in enumerate(dossiers, start=1)
        ],
        batch_size=BATCH,
    )
    decision = Decision.objects.create(
        campaign=campaign,
        number=f"{9000 + year % 100}/QĐ-UBND-{year}",
        signed_on=signed_on,
        signer_name="Nguyễn Văn Mẫu",
        signer_title="KT. CHỦ TỊCH — PHÓ CHỦ TỊCH",
        entered_by=officer,
        entered_at=now.replace(year=year, month=12, day=16),
    )
    valid_until = signed_on.replace(year=year + campaign.validity_months // 12) - dt.timedelta(
        days=1
    )
    recognitions = Recognition.objects.bulk_create(
        [
            Recognition(
                decision=decision,
                product_id=d.product_id,
                enterprise_id=d.enterprise_id,
                dossier=d,
                year=year,
                top=rank <= shape.top,
                rank=rank,
                valid_from=signed_on,
                valid_until=valid_until,
            )
            for rank, d in enumerate(dossiers, start=1)
        ],
        batch_size=BATCH,
    )
    certificates = []
    seq = {Title.SPCNCL: 0, Title.TOP: 0}
    for r in recognitions:
        for title in (Title.SPCNCL, Title.TOP) if r.top else (Title.SPCNCL,):
            seq[title] += 1
            certificates.append(
                Certificate(
                    recognition=r,
                    title=title,
                    number=NUMBER_FORMATS[title].format(year=year, seq=seq[title]),
                    issued_on=signed_on,
                )
            )
    Certificate.objects.bulk_create(certificates, batch_size=BATCH)
    return decision


def generate(shape: Shape) -> dict:
    """Build the data set in one transaction; returns what was built."""
    started = time.perf_counter()
    rng = random.Random(shape.seed)
    with transaction.atomic():
        program = Program.objects.order_by("id").first()
        if program is None:
            raise SystemExit("bench/public_data.py: no program; run `chuluc migrate` first")
        officer = User.objects.create(
            username="bench_public_officer", password=UNUSABLE, full_name="Cán bộ đo hiệu năng"
        )
        products = _registry(shape, rng, started)
        decisions = []
        first_year = shape.last_year - shape.years + 1
        for i, year in enumerate(range(first_year, shape.last_year + 1)):
            chunk = products[i * shape.per_year : (i + 1) * shape.per_year]
            decisions.append(
                _decided_year(shape, year=year, products=chunk, officer=officer, program=program)
            )
            _progress(f"{year}: {len(chunk):,} recognitions", started)
    numbers = list(Certificate.objects.order_by("id").values_list("number", flat=True))
    return {
        "shape": shape.__dict__,
        "products": shape.products,
        "certificates": len(numbers),
        "decisions": [d.pk for d in decisions],
        "seconds": round(time.perf_counter() - started, 1),
    }
