"""The council's result put up for public comment, and its list as comments change it."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuluc.campaigns.lifecycles import DOSSIER
from chuluc.campaigns.models import Campaign, Dossier
from chuluc.core.audit import audit_record
from chuluc.core.errors import ApplicationError
from chuluc.core.text import nfc
from chuluc.council.models import Council
from chuluc.council.selectors import results_table
from chuluc.decisions.lifecycles import PUBLICATION, undecided
from chuluc.decisions.models import Publication, PublishedEntry


def _end_of_day(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59)))


@transaction.atomic
def publication_publish(*, actor, campaign: Campaign, notice: str = "") -> Publication:
    """Put the council's result up for public comment: the passing products, Top N marked,
    frozen as published entries; comments close at the end of the campaign's window. One
    audit row for the publication, one for each dossier it publishes."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if Publication.objects.filter(campaign=campaign).exists():
        raise ApplicationError(_("Kết quả của đợt này đã được công bố."))
    council = Council.objects.filter(campaign=campaign).first()
    if council is None or not council.rounds.exists():
        raise ApplicationError(_("Đợt này chưa có kết quả chấm điểm của Hội đồng."))
    if council.rounds.filter(status="open").exists():
        raise ApplicationError(_("Hội đồng còn vòng chấm chưa khóa; chưa thể công bố kết quả."))
    results = list(results_table(council=council).filter(passed=True))
    if not results:
        raise ApplicationError(_("Không có sản phẩm nào đạt; không có gì để công bố."))
    # A tie among passing products only shares a rank; a tie across the last Top places
    # leaves places open until the council votes (the engine then marks none of it Top).
    placed = sum(1 for r in results if r.top)
    pending = [r for r in results if r.needs_vote and not r.top]
    if pending and placed < min(campaign.top_n, len(results)):
        raise ApplicationError(
            _(
                "Còn %(n)s vị trí trong nhóm Top chờ Hội đồng biểu quyết giữa các hồ sơ bằng điểm; "
                "chưa thể công bố."
            )
            % {"n": min(campaign.top_n, len(results)) - placed}
        )
    now = timezone.now()
    closes = _end_of_day(timezone.localdate(now) + dt.timedelta(days=campaign.comment_window_days))
    publication = Publication.objects.create(
        campaign=campaign,
        published_at=now,
        published_by=actor,
        comments_close_at=closes,
        notice=nfc(notice).strip(),
        status=PUBLICATION.initial,
    )
    PublishedEntry.objects.bulk_create(
        [
            PublishedEntry(
                publication=publication,
                dossier_id=r.dossier_id,
                product_id=r.dossier.product_id,
                enterprise_id=r.dossier.enterprise_id,
                rank=r.rank,
                total=r.total,
                top=r.top,
            )
            for r in results
        ]
    )
    for r in results:
        dossier = Dossier.objects.select_for_update().get(pk=r.dossier_id)
        DOSSIER.fire(dossier, "publish", actor=actor, at=now)
    audit_record(
        actor=actor,
        action="decisions.publish",
        obj=publication,
        changes={
            "entries": [None, len(results)],
            "top": [None, placed],
            "comments_close_at": [None, closes],
        },
    )
    return publication


@transaction.atomic
def entry_withdraw(*, actor, entry: PublishedEntry, reason: str) -> PublishedEntry:
    """Take a product off the list after a comment that changes the result: it will not be
    in the decision, and its dossier is withdrawn (one audit row each)."""
    entry = PublishedEntry.objects.select_for_update().get(pk=entry.pk)
    closed = undecided(entry)
    if closed:
        raise ApplicationError(closed)
    if not nfc(reason).strip():
        raise ValidationError({"reason": _("Vui lòng ghi lý do đưa sản phẩm ra khỏi danh sách.")})
    if entry.withdrawn:
        raise ApplicationError(_("Sản phẩm đã được đưa ra khỏi danh sách."))
    entry.withdrawn, entry.withdrawn_reason = True, nfc(reason).strip()
    entry.save(update_fields=["withdrawn", "withdrawn_reason"])
    dossier = Dossier.objects.select_for_update().get(pk=entry.dossier_id)
    DOSSIER.fire(dossier, "withdraw", actor=actor, note=entry.withdrawn_reason)
    audit_record(
        actor=actor,
        action="decisions.entry_withdraw",
        obj=entry,
        changes={"withdrawn": [False, True], "reason": [None, entry.withdrawn_reason]},
    )
    return entry
