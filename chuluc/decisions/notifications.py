"""Telling enterprises (and officers) about the result and their recognitions: the result
published for comment, the decision entered, the certificates ready, a recognition about
to expire or revoked. Sent through ``chuluc.core.notifications``: the lifecycles' effects
(``decisions.lifecycles``) and, for the records a service creates, that service. A past
year recorded in history mode tells nobody."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chuluc.accounts.notifications import officers, representatives
from chuluc.campaigns.enums import DossierStatus
from chuluc.campaigns.models import Dossier
from chuluc.core.lifecycle import Change
from chuluc.core.notifications import change_key, notify, register_event, render_mail
from chuluc.decisions.models import Decision, Publication, Recognition
from chuluc.registry.models import Enterprise

RESULT_PUBLISHED = "decisions.result_published"
DECISION_ENTERED = "decisions.decision_entered"
CERTIFICATE_ISSUED = "decisions.certificate_issued"
CERTIFICATE_EXPIRING = "decisions.certificate_expiring"
CERTIFICATE_REVOKED = "decisions.certificate_revoked"

RECOGNITION = _("Kết quả và công nhận")
register_event(
    RESULT_PUBLISHED, label=_("Kết quả xét chọn được công bố"), group=RECOGNITION, order=40
)
register_event(
    DECISION_ENTERED, label=_("Quyết định công nhận được ban hành"), group=RECOGNITION, order=41
)
register_event(
    CERTIFICATE_ISSUED, label=_("Giấy chứng nhận đã sẵn sàng"), group=RECOGNITION, order=42
)
register_event(
    CERTIFICATE_EXPIRING, label=_("Công nhận sắp hết hiệu lực"), group=RECOGNITION, order=43
)
register_event(CERTIFICATE_REVOKED, label=_("Công nhận bị thu hồi"), group=RECOGNITION, order=44)

# the dossiers the council scored: their enterprises wait for the result
SCORED = (
    DossierStatus.SCORED,
    DossierStatus.PASSED,
    DossierStatus.FAILED,
    DossierStatus.PUBLISHED,
)


def _enterprise_addresses(ids: Iterable[int]) -> list[str]:
    return list(Enterprise.objects.filter(pk__in=list(ids)).values_list("email", flat=True))


def _tell_enterprises(ids: list[int], *, event: str, key: str, template: str, context, url):
    title, body = render_mail(template, context)
    notify(
        representatives(*ids),
        event=event,
        key=key,
        title=title,
        body=body,
        url=url,
        emails=_enterprise_addresses(ids),
    )


def notify_result_published(publication: Publication) -> None:
    """Every enterprise whose dossier the council scored (called by
    ``publication_publish``)."""
    if publication.historical:
        return
    campaign = publication.campaign
    ids = list(
        Dossier.objects.filter(campaign=campaign, status__in=SCORED)
        .values_list("enterprise_id", flat=True)
        .distinct()
    )
    _tell_enterprises(
        ids,
        event=RESULT_PUBLISHED,
        key=f"publication:{publication.pk}",
        template="decisions/email/result_published",
        context={"publication": publication, "campaign": campaign},
        url=reverse("decisions:comment_page", args=[campaign.year]),
    )


def notify_decision_entered(decision: Decision) -> None:
    """The recognised enterprises (called by the service that enters the decision)."""
    if decision.historical:
        return
    ids = list(decision.recognitions.values_list("enterprise_id", flat=True).distinct())
    _tell_enterprises(
        ids,
        event=DECISION_ENTERED,
        key=f"decision:{decision.pk}",
        template="decisions/email/decision_entered",
        context={"decision": decision},
        url=reverse("decisions:my_recognitions"),
    )


def notify_certificates_issued(change: Change) -> None:
    decision = change.obj
    if decision.historical:
        return
    ids = list(decision.recognitions.values_list("enterprise_id", flat=True).distinct())
    _tell_enterprises(
        ids,
        event=CERTIFICATE_ISSUED,
        key=change_key(change),
        template="decisions/email/certificates_issued",
        context={"decision": decision},
        url=reverse("decisions:my_recognitions"),
    )


def notify_recognition_revoked(change: Change) -> None:
    recognition = change.obj
    _tell_enterprises(
        [recognition.enterprise_id],
        event=CERTIFICATE_REVOKED,
        key=change_key(change),
        template="decisions/email/recognition_revoked",
        context={"recognition": recognition},
        url=reverse("decisions:my_recognitions"),
    )


def send_expiry_reminder(recognition: Recognition, *, days_left: int, lead: int) -> int:
    """The enterprise's representatives and address, and every active officer, once per
    recognition and lead time. Returns the number of recipients."""
    certificate = recognition.certificates.first()
    verify_url = (
        settings.SITE_URL + reverse("portal:verify_number", args=[certificate.number])
        if certificate
        else ""
    )
    title, body = render_mail(
        "decisions/email/expiry",
        {"recognition": recognition, "days_left": days_left, "verify_url": verify_url},
    )
    common = {
        "event": CERTIFICATE_EXPIRING,
        "key": f"recognition:{recognition.pk}:expiry:{lead}",
        "title": title,
        "body": body,
    }
    # each reads it on their own page: the firm its recognitions, the officers the record
    told = notify(
        representatives(recognition.enterprise_id),
        url=reverse("decisions:my_recognitions"),
        emails=[recognition.enterprise.email],
        **common,
    )
    return told + notify(
        officers(), url=reverse("decisions:recognition_detail", args=[recognition.pk]), **common
    )
