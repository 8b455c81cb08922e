"""The People's Committee decision, entered once signed: one recognition per product still
on the published list (renewing the product's earlier recognition), each with its numbered
certificates."""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuluc.campaigns.lifecycles import DOSSIER
from chuluc.campaigns.models import Campaign, Dossier
from chuluc.core.audit import audit_record
from chuluc.core.errors import ApplicationError
from chuluc.core.formatting import vn_date
from chuluc.core.text import nfc
from chuluc.decisions.enums import RecognitionStatus, Title
from chuluc.decisions.lifecycles import CERTIFICATE, DECISION, PUBLICATION, RECOGNITION
from chuluc.decisions.models import Certificate, Decision, Publication, Recognition
from chuluc.decisions.notifications import notify_decision_entered
from chuluc.decisions.selectors import past_decision_refusal
from chuluc.decisions.services.open_data import public_list_changed
from chuluc.decisions.services.publication import publication_publish

#: Certificate numbers: ``SPCNCL-2024-001`` for the title, ``TOP-2024-01`` for a Top place.
NUMBER_FORMATS = {Title.SPCNCL: "SPCNCL-{year}-{seq:03d}", Title.TOP: "TOP-{year}-{seq:02d}"}


def _record_errors(number: str, signer_name: str, signer_title: str) -> dict[str, str]:
    """What the signed decision must say, whichever way it is entered."""
    errors = {}
    if not number:
        errors["number"] = _("Vui lòng ghi số quyết định.")
    elif Decision.objects.filter(number__iexact=number).exists():
        errors["number"] = _("Số quyết định này đã được dùng.")
    if not signer_name:
        errors["signer_name"] = _("Vui lòng ghi người ký.")
    if not signer_title:
        errors["signer_title"] = _("Vui lòng ghi chức vụ người ký.")
    return errors


def _decision_errors(
    publication: Publication, number: str, signed_on, signer_name: str, signer_title: str
) -> dict[str, str]:
    errors = _record_errors(number, signer_name, signer_title)
    if signed_on is None:
        errors["signed_on"] = _("Vui lòng ghi ngày ký.")
    elif signed_on > timezone.localdate():
        errors["signed_on"] = _("Ngày ký không thể ở tương lai.")
    elif signed_on < timezone.localtime(publication.comments_close_at).date():
        errors["signed_on"] = _("Ngày ký phải sau khi kết thúc thời hạn góp ý.")
    return errors


@transaction.atomic
def decision_enter(
    *,
    actor,
    campaign: Campaign,
    number: str,
    signed_on: dt.date,
    signer_name: str,
    signer_title: str,
) -> Decision:
    """Record the signed decision: one recognition per product still on the list, its
    certificates numbered, validity from the signing date for the campaign's months. A
    product recognised before is renewed: the new recognition links to the old one, which
    is superseded. Audit rows: the decision's (with its counts), the publication's, one per
    superseded recognition and one per recognised dossier."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    publication = Publication.objects.select_for_update().filter(campaign=campaign).first()
    if publication is None:
        raise ApplicationError(_("Kết quả chưa được công bố lấy ý kiến."))
    if Decision.objects.filter(campaign=campaign).exists():
        raise ApplicationError(_("Đợt này đã có quyết định công nhận."))
    number, signer_name, signer_title = (
        nfc(number).strip(),
        nfc(signer_name).strip(),
        nfc(signer_title).strip(),
    )
    errors = _decision_errors(publication, number, signed_on, signer_name, signer_title)
    if errors:
        raise ValidationError(errors)
    return _record(
        actor=actor,
        campaign=campaign,
        publication=publication,
        number=number,
        signed_on=signed_on,
        signer_name=signer_name,
        signer_title=signer_title,
    )


def _record(
    *,
    actor,
    campaign: Campaign,
    publication: Publication,
    number: str,
    signed_on: dt.date,
    signer_name: str,
    signer_title: str,
    historical: bool = False,
) -> Decision:
    """The decision's records once its fields are checked (both ways of entering it)."""
    now = timezone.now()
    # closing the comment record checks that it is ready (the window over, every comment
    # moderated and answered)
    PUBLICATION.fire(publication, "decide", actor=actor, at=now)
    decision = Decision.objects.create(
        campaign=campaign,
        number=number,
        signed_on=signed_on,
        signer_name=signer_name,
        signer_title=signer_title,
        entered_by=actor,
        entered_at=now,
        historical=historical,
        status=DECISION.initial,
    )
    valid_until = signed_on + relativedelta(months=campaign.validity_months) - dt.timedelta(days=1)
    entries = list(publication.entries.filter(withdrawn=False).order_by("rank", "id"))
    previous = {
        r.product_id: r
        for r in Recognition.objects.select_for_update()
        .filter(product_id__in=[e.product_id for e in entries], status=RecognitionStatus.ACTIVE)
        .order_by("valid_from")
    }
    RECOGNITION.fire_many(
        Recognition, [(r.pk, r.status) for r in previous.values()], "supersede", actor=actor, at=now
    )
    seq = {Title.SPCNCL: 0, Title.TOP: 0}
    for entry in entries:
        recognition = Recognition.objects.create(
            decision=decision,
            product_id=entry.product_id,
            enterprise_id=entry.enterprise_id,
            dossier_id=entry.dossier_id,
            year=campaign.year,
            top=entry.top,
            rank=entry.rank,
            valid_from=signed_on,
            valid_until=valid_until,
            renewal_of=previous.get(entry.product_id),
            status=RECOGNITION.initial,
        )
        for title in (Title.SPCNCL, Title.TOP) if entry.top else (Title.SPCNCL,):
            seq[title] += 1
            Certificate.objects.create(
                recognition=recognition,
                title=title,
                number=NUMBER_FORMATS[title].format(year=campaign.year, seq=seq[title]),
                issued_on=signed_on,
                status=CERTIFICATE.initial,
            )
        dossier = Dossier.objects.select_for_update().get(pk=entry.dossier_id)
        DOSSIER.fire(dossier, "recognise", actor=actor, at=now)
    audit_record(
        actor=actor,
        action="decisions.decision_record_past" if historical else "decisions.decision_enter",
        obj=decision,
        changes={
            "number": [None, number],
            "signed_on": [None, signed_on],
            "recognitions": [None, len(entries)],
            "top": [None, seq[Title.TOP]],
            "renewals": [None, len(previous)],
            **({"historical": [None, True]} if historical else {}),
        },
    )
    public_list_changed(decision=decision, reason=_("Quyết định công nhận %s") % number)
    notify_decision_entered(decision)
    return decision


def _past_date_errors(
    campaign: Campaign, published_on, signed_on, today: dt.date
) -> dict[str, str]:
    """The real dates of a past decision: neither in the future, both in the campaign's
    year or the next, the signing after the comment window that followed publication, and
    after every decision already held (renewals supersede in order of signing)."""
    errors = {}
    years = (campaign.year, campaign.year + 1)
    for field, day, missing in (
        ("published_on", published_on, _("Vui lòng ghi ngày công bố lấy ý kiến.")),
        ("signed_on", signed_on, _("Vui lòng ghi ngày ký.")),
    ):
        if day is None:
            errors[field] = missing
        elif day > today:
            errors[field] = _("Ngày này chưa đến: quyết định đã ban hành có ngày trong quá khứ.")
        elif day.year not in years:
            errors[field] = _(
                "Đợt xét chọn năm %(year)s: ngày phải trong năm %(year)s hoặc %(next)s."
            ) % {"year": campaign.year, "next": campaign.year + 1}
    if errors:
        return errors
    closes = published_on + dt.timedelta(days=campaign.comment_window_days)
    if signed_on < closes:
        errors["signed_on"] = _(
            "Ngày ký phải sau khi kết thúc thời hạn góp ý (%(days)s ngày từ ngày công bố, "
            "đến hết %(closes)s)."
        ) % {"days": campaign.comment_window_days, "closes": vn_date(closes)}
        return errors
    later = Decision.objects.filter(signed_on__gt=signed_on).order_by("signed_on").first()
    if later is not None:
        errors["signed_on"] = _(
            "Đã có Quyết định số %(number)s ký ngày %(day)s, sau ngày này: nhập các quyết định "
            "cũ theo thứ tự thời gian, quyết định sớm nhất trước."
        ) % {"number": later.number, "day": vn_date(later.signed_on)}
    return errors


@transaction.atomic
def decision_record_past(
    *,
    actor,
    campaign: Campaign,
    published_on: dt.date,
    number: str,
    signed_on: dt.date,
    signer_name: str,
    signer_title: str,
) -> Decision:
    """History mode: a past campaign's decision, issued before the system held it, recorded
    with its real dates. The council's ranking is published as it was on ``published_on``
    (comments closed long ago), then the decision is entered as ``decision_enter`` does:
    recognitions and certificates valid from the real signing day for the campaign's
    months, renewals superseding the earlier recognitions. Both audit rows say
    ``historical``; the decision is marked so its page says it was recorded afterwards.
    The normal flow's guards (signing after the window, nothing in the future) stay for
    the current year's decisions."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    today = timezone.localdate()
    refused = past_decision_refusal(campaign, on=today)
    if refused:
        raise ApplicationError(refused)
    number, signer_name, signer_title = (
        nfc(number).strip(),
        nfc(signer_name).strip(),
        nfc(signer_title).strip(),
    )
    errors = {
        **_record_errors(number, signer_name, signer_title),
        **_past_date_errors(campaign, published_on, signed_on, today),
    }
    if errors:
        raise ValidationError(errors)
    publication = publication_publish(
        actor=actor,
        campaign=campaign,
        notice=_("Kết quả đã công bố trước khi có hệ thống (nhập lại)."),
        published_on=published_on,
    )
    return _record(
        actor=actor,
        campaign=campaign,
        publication=publication,
        number=number,
        signed_on=signed_on,
        signer_name=signer_name,
        signer_title=signer_title,
        historical=True,
    )
