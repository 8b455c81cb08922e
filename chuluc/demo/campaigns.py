"""Demo campaigns: past years screened, and the current year open, with dossiers in every
state so each page has something to show. Built through the services."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from chuluc.campaigns import services
from chuluc.campaigns.enums import CampaignStatus, CertificateKind, EvidenceKind
from chuluc.campaigns.selectors import default_program
from chuluc.registry.enums import ProductTrack
from chuluc.registry.models import Product

BILLION = 10**9


def _stages_after(closes: dt.date) -> dict[str, dt.date]:
    """The current campaign's stages after its registration closes (the weeks the Hanoi
    campaigns took between stages)."""
    return {
        "screening_ends": closes + dt.timedelta(days=25),
        "scoring_starts": closes + dt.timedelta(days=32),
        "scoring_ends": closes + dt.timedelta(days=38),
        "comment_starts": closes + dt.timedelta(days=45),
        "decision_due": closes + dt.timedelta(days=61),
    }


def demo_pdf(title: str) -> bytes:
    """A small valid one-page PDF (fictional document)."""
    text = title.encode("latin-1", "replace")
    stream = b"BT /F1 14 Tf 72 720 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out


def _figures(rng: random.Random, track: str, years: list[int], weak: bool) -> dict[int, dict]:
    if track == ProductTrack.HANDICRAFT:
        revenue = rng.uniform(15, 60) * BILLION
    elif track == ProductTrack.HIGH_TECH:
        revenue = rng.uniform(6 if weak else 12, 400) * BILLION
    else:
        revenue = rng.uniform(60 if weak else 110, 2500) * BILLION
    growth = rng.uniform(-0.05, 0.25)
    employees = rng.randint(40, 1500)
    export_share = (
        rng.choice([0, 0, 0.05, 0.2, 0.45, 0.7])
        if track != ProductTrack.HANDICRAFT
        else rng.uniform(0.5, 0.95)
    )
    out = {}
    for i, year in enumerate(years):
        value = revenue / ((1 + growth) ** (len(years) - 1 - i))
        export_usd = value * export_share / 25_000
        if track == ProductTrack.HANDICRAFT and weak and i == len(years) - 1:
            export_usd = min(export_usd, 900_000)
        out[year] = {
            "revenue_vnd": int(value),
            "production_value_vnd": int(value * rng.uniform(0.85, 1.0)),
            "export_usd": int(export_usd),
            "employees": employees + rng.randint(-20, 20),
        }
    return out


def _fill(rng, officer_or_rep, dossier, now, weak: bool) -> None:
    years = list(
        range(dossier.campaign.year - dossier.campaign.figure_years, dossier.campaign.year)
    )
    services.dossier_save(
        actor=officer_or_rep,
        dossier=dossier,
        figures=_figures(rng, dossier.track, years, weak),
        now=now,
        startup_statement="Doanh nghiệp khởi nghiệp hư cấu (dữ liệu mẫu)."
        if dossier.track == ProductTrack.STARTUP
        else "",
    )
    for kind in (
        EvidenceKind.FINANCIAL_STATEMENT,
        EvidenceKind.BUSINESS_REGISTRATION,
        EvidenceKind.COMPLIANCE_COMMITMENT,
    ):
        upload = SimpleUploadedFile(f"{kind}.pdf", demo_pdf(f"Tai lieu mau - {kind}"))
        services.evidence_upload(
            actor=officer_or_rep, dossier=dossier, kind=kind, upload=upload, now=now
        )
    if rng.random() < 0.6:
        services.certificate_add(
            actor=officer_or_rep,
            dossier=dossier,
            kind=CertificateKind.ISO9001,
            number=f"MAU-{dossier.pk:05d}",
            issuer="Tổ chức chứng nhận mẫu",
            valid_until=dt.date(dossier.campaign.year + 2, 12, 31),
            now=now,
        )


def _screen(officer, dossier) -> None:
    for check in dossier.screening.all():
        outcome = check.automatic if check.automatic != "review" else "pass"
        reason = "" if outcome == check.automatic else "Đánh giá định tính: đạt (dữ liệu mẫu)."
        services.screening_decide(actor=officer, check=check, outcome=outcome, reason=reason)
    services.dossier_screen(actor=officer, dossier=dossier)


def seed_campaigns(*, officer, keep_free: set[int], seed: int = 7) -> dict[str, int]:
    """``keep_free``: enterprises whose products get no dossier in the open campaign, so
    their demo representatives can lodge one themselves."""
    rng = random.Random(seed)
    program = default_program()
    today = timezone.localdate()
    first_year = today.year - 3
    tz = timezone.get_current_timezone()
    campaign = services.campaign_create(
        actor=officer,
        program=program,
        year=first_year,
        registration_opens=dt.datetime(first_year, 4, 10, 8, 0, tzinfo=tz),
        registration_closes=dt.datetime(first_year, 9, 30, 17, 0, tzinfo=tz),
        screening_ends=dt.date(first_year, 10, 25),
        scoring_starts=dt.date(first_year, 11, 1),
        scoring_ends=dt.date(first_year, 11, 7),
        comment_starts=dt.date(first_year, 11, 14),
        decision_due=dt.date(first_year, 11, 30),
        pass_mark=Decimal(70),
        # a tie is broken by technology, then quality (judged criteria), then the vote
        tie_break_criteria="K6, K5",
        status=CampaignStatus.PUBLISHED,
    )
    services.legal_basis_add(
        actor=officer,
        campaign=campaign,
        kind="scheme",
        number="496/QĐ-UBND",
        issued_on=dt.date(2018, 1, 26),
        title="Đề án phát triển SPCNCL thành phố Hà Nội đến năm 2020, định hướng tới năm 2025",
    )
    campaigns = [campaign]
    for year in range(first_year + 1, today.year + 1):
        campaigns.append(services.campaign_copy(actor=officer, source=campaigns[-1], year=year))
        services.campaign_update(
            actor=officer, campaign=campaigns[-1], status=CampaignStatus.PUBLISHED
        )
    current = campaigns[-1]
    now = timezone.now()
    services.campaign_update(
        actor=officer,
        campaign=current,
        registration_opens=now - dt.timedelta(days=60),
        registration_closes=now + dt.timedelta(days=30),
        # the later stages follow the registration, in the program's order
        **_stages_after(timezone.localtime(now + dt.timedelta(days=30)).date()),
    )
    products = list(
        Product.objects.filter(is_demo=True).select_related("enterprise").order_by("id")
    )
    counts = {"campaigns": len(campaigns), "dossiers": 0}
    for campaign in campaigns:
        campaign.refresh_from_db()
        is_current = campaign is current
        pool = [p for p in products if not (is_current and p.enterprise_id in keep_free)]
        sample = rng.sample(pool, k=min(len(pool), 45))
        when = now if is_current else campaign.registration_opens + dt.timedelta(days=30)
        for index, product in enumerate(sample):
            dossier = services.dossier_create(
                actor=officer, campaign=campaign, product=product, now=when
            )
            counts["dossiers"] += 1
            stage = index % 6 if is_current else 5
            if stage == 0:
                continue  # draft left empty
            weak = rng.random() < 0.15
            _fill(rng, officer, dossier, when, weak)
            if stage == 1:
                continue  # draft, complete, not yet submitted
            services.dossier_submit(actor=officer, dossier=dossier, now=when)
            if stage == 2:
                continue  # submitted, waiting for screening
            if stage == 3:
                services.dossier_return(
                    actor=officer,
                    dossier=dossier,
                    comment="Bổ sung báo cáo tài chính có kiểm toán năm gần nhất (dữ liệu mẫu).",
                )
                continue
            _screen(officer, dossier)
    return counts
