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
from chuluc.core.text import nfc
from chuluc.decisions.enums import RecognitionStatus, Title
from chuluc.decisions.lifecycles import CERTIFICATE, DECISION, PUBLICATION, RECOGNITION
from chuluc.decisions.models import Certificate, Decision, Publication, Recognition
from chuluc.decisions.services.open_data import public_list_changed

#: Certificate numbers: ``SPCNCL-2024-001`` for the title, ``TOP-2024-01`` for a Top place.
NUMBER_FORMATS = {Title.SPCNCL: "SPCNCL-{year}-{seq:03d}", Title.TOP: "TOP-{year}-{seq:02d}"}


def _decision_errors(
    publication: Publication, number: str, signed_on, signer_name: str, signer_title: str
) -> dict[str, str]:
    errors = {}
    if not number:
        errors["number"] = _("Vui lòng ghi số quyết định.")
    elif Decision.objects.filter(number__iexact=number).exists():
        errors["number"] = _("Số quyết định này đã được dùng.")
    if not signer_name:
        errors["signer_name"] = _("Vui lòng ghi người ký.")
    if not signer_title:
        errors["signer_title"] = _("Vui lòng ghi chức vụ người ký.")
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
        action="decisions.decision_enter",
        obj=decision,
        changes={
            "number": [None, number],
            "signed_on": [None, signed_on],
            "recognitions": [None, len(entries)],
            "top": [None, seq[Title.TOP]],
            "renewals": [None, len(previous)],
        },
    )
    public_list_changed(decision=decision, reason=_("Quyết định công nhận %s") % number)
    return decision
