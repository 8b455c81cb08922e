"""Demo decisions of the past years, recorded as an installation records its history: every
closed campaign but the latest goes through history mode (``decision_record_past``, the
service behind "Nhập lại quyết định đã ban hành") with the dates of the campaign's own
calendar; no row is written or back-dated by hand. The latest closed campaign is left for
the officer to publish and decide: the next step of the demo."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from chuluc.campaigns.models import Campaign
from chuluc.decisions import services
from chuluc.decisions.models import Decision


def _calendar(campaign: Campaign) -> tuple[dt.date, dt.date]:
    """The days the campaign's calendar gives: publication for comment, and signing (the
    decision's due day, or the first day after the comment window if that is later)."""
    published = campaign.comment_starts or dt.date(campaign.year, 11, 14)
    closes = published + dt.timedelta(days=campaign.comment_window_days)
    signed = max(campaign.decision_due or closes, closes + dt.timedelta(days=1))
    return published, min(signed, timezone.localdate())


def seed_decisions(*, officer) -> dict[str, int]:
    campaigns = [
        c
        for c in Campaign.objects.filter(publication__isnull=True, council__isnull=False).order_by(
            "year"
        )
        if c.council.rounds.filter(status="closed").exists()
        and not c.council.rounds.filter(status="open").exists()
        and c.council.results.filter(passed=True).exists()
    ]
    counts = {"publications": 0, "decisions": 0, "comments": 0}
    for campaign in campaigns[:-1]:
        published_on, signed_on = _calendar(campaign)
        with transaction.atomic():
            services.decision_record_past(
                actor=officer,
                campaign=campaign,
                published_on=published_on,
                number=f"{4000 + campaign.year % 100}/QĐ-UBND (mẫu)",
                signed_on=signed_on,
                signer_name="Ngô Thanh Hải (mẫu)",
                signer_title="Phó Chủ tịch UBND Thành phố (mẫu)",
            )
        counts["publications"] += 1
        counts["decisions"] += 1
    return counts


def decisions_missing() -> bool:
    return not Decision.objects.exists()
