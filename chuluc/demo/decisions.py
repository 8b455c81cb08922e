"""Demo publications and decisions, built through the services: every closed campaign but
the latest published, commented, decided and certified (their dates set back to the
campaign's own calendar, as a back-filled record would be). The latest closed campaign is
left for the officer to publish: the next step of the demo."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from chuluc.campaigns.models import Campaign
from chuluc.decisions import services
from chuluc.decisions.enums import CommentEffect, CommentStatus
from chuluc.decisions.models import Decision, Publication

COMMENTS = [
    (
        "Nguyễn Thị Hồng (mẫu)",
        "hong.mau@example.vn",
        "Đề nghị Sở xác minh lại số lao động của doanh nghiệp trong năm gần nhất.",
        "Sở đã đối chiếu với báo cáo bảo hiểm xã hội của doanh nghiệp: số liệu khớp.",
    ),
    (
        "Trần Văn Minh (mẫu)",
        "0900 000 111",
        "Sản phẩm có mẫu mã đẹp, tôi ủng hộ việc công nhận.",
        "Cảm ơn ý kiến của ông.",
    ),
]


def _backdate(publication: Publication, campaign: Campaign) -> dt.date:
    """Put the publication on the campaign's own calendar; returns the signing day."""
    start = campaign.comment_starts or dt.date(campaign.year, 11, 14)
    published = timezone.make_aware(dt.datetime.combine(start, dt.time(9, 0)))
    closes = published + dt.timedelta(days=campaign.comment_window_days)
    Publication.objects.filter(pk=publication.pk).update(
        published_at=published, comments_close_at=closes
    )
    publication.refresh_from_db()
    return max(campaign.decision_due or closes.date(), closes.date() + dt.timedelta(days=1))


def _comments(officer, publication: Publication) -> int:
    made = 0
    entries = list(publication.entries.order_by("rank")[:2])
    for (name, contact, text, reply), entry in zip(COMMENTS, entries, strict=False):
        comment = services.comment_submit(
            publication=publication,
            entry=entry,
            author_name=name,
            author_contact=contact,
            text=text,
            address=f"demo-{publication.pk}-{made}",
        )
        made += 1
        services.comment_moderate(actor=officer, comment=comment, status=CommentStatus.PUBLISHED)
        services.comment_answer(
            actor=officer, comment=comment, answer=reply, effect=CommentEffect.NONE
        )
    return made


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
        with transaction.atomic():
            publication = services.publication_publish(
                actor=officer,
                campaign=campaign,
                notice="Góp ý gửi qua trang này hoặc tới Sở Công Thương Hà Nội (dữ liệu mẫu).",
            )
            counts["publications"] += 1
            counts["comments"] += _comments(officer, publication)
            signed_on = _backdate(publication, campaign)
            services.decision_enter(
                actor=officer,
                campaign=campaign,
                number=f"{4000 + campaign.year % 100}/QĐ-UBND (mẫu)",
                signed_on=min(signed_on, timezone.localdate()),
                signer_name="Ngô Thanh Hải (mẫu)",
                signer_title="Phó Chủ tịch UBND Thành phố (mẫu)",
            )
            counts["decisions"] += 1
    return counts


def decisions_missing() -> bool:
    return not Decision.objects.exists()
