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
from chuluc.council.selectors import results_table, ties_awaiting_vote
from chuluc.decisions.lifecycles import PUBLICATION, undecided
from chuluc.decisions.models import Publication, PublishedEntry
from chuluc.decisions.notifications import notify_result_published


def _end_of_day(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59)))


def _start_of_day(day: dt.date) -> dt.datetime:
    """The working day's first hour: when a past publication is said to have been made."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(8, 0)))


@transaction.atomic
def publication_publish(
    *, actor, campaign: Campaign, notice: str = "", published_on: dt.date | None = None
) -> Publication:
    """Put the council's result up for public comment: the passing products, Top N marked,
    frozen as published entries; comments close at the end of the campaign's window. One
    audit row for the publication, one for each dossier it publishes. ``published_on``
    (history mode, ``decision_record_past`` only, which checks the day): a past
    publication put on its real day, its audit row marked historical."""
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
    # Dossiers still tied whose order decides a Top N place or the pass mark wait for the
    # council's vote; a tie that decides neither only shares a rank. The results page and
    # the minutes name the same sets (``ties_awaiting_vote``).
    awaiting = ties_awaiting_vote(council=council)
    if awaiting:
        raise ApplicationError(
            _(
                "Hội đồng chưa biểu quyết thứ tự các hồ sơ %(sets)s; thứ tự này quyết định vị "
                "trí trong nhóm Top %(n)s hoặc việc đạt điểm đạt. Chưa thể công bố."
            )
            % {"sets": "; ".join(s.label for s in awaiting), "n": campaign.top_n}
        )
    placed = sum(1 for r in results if r.top)
    now = timezone.now()
    day = published_on or timezone.localdate(now)
    closes = _end_of_day(day + dt.timedelta(days=campaign.comment_window_days))
    publication = Publication.objects.create(
        campaign=campaign,
        published_at=now if published_on is None else _start_of_day(published_on),
        published_by=actor,
        comments_close_at=closes,
        notice=nfc(notice).strip(),
        historical=published_on is not None,
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
            **({"historical": [None, True]} if published_on else {}),
        },
    )
    notify_result_published(publication)
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
