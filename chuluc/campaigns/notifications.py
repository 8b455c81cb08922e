"""Telling an enterprise about its dossier (received, returned, screened): in the
application to its verified representatives, and by mail to them and the enterprise's own
address. The ``notify_*`` functions are effects of the dossier lifecycle
(``campaigns.lifecycles``); ``chuluc.core.notifications`` mails after the commit."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chuluc.accounts.notifications import representatives
from chuluc.campaigns.models import Dossier
from chuluc.core.formatting import vn_date
from chuluc.core.lifecycle import Change
from chuluc.core.notifications import change_key, notify, register_event, render_mail

DOSSIER_RECEIVED = "campaigns.dossier_received"
DOSSIER_RETURNED = "campaigns.dossier_returned"
DOSSIER_SCREENED = "campaigns.dossier_screened"

DOSSIERS = gettext_lazy("Hồ sơ tham gia xét chọn")
register_event(DOSSIER_RECEIVED, label=gettext_lazy("Hồ sơ đã được nhận"), group=DOSSIERS, order=20)
register_event(
    DOSSIER_RETURNED, label=gettext_lazy("Hồ sơ được trả lại để bổ sung"), group=DOSSIERS, order=21
)
register_event(
    DOSSIER_SCREENED,
    label=gettext_lazy("Kết quả thẩm định điều kiện hồ sơ"),
    group=DOSSIERS,
    order=22,
)


def notify_enterprise(change: Change, *, event: str, comment: str = "") -> None:
    dossier: Dossier = change.obj
    # the template tells its cases apart by this word: submitted, returned, eligible, ...
    kind = "submitted" if event == DOSSIER_RECEIVED else change.transition.target
    title, body = render_mail(
        "campaigns/email/dossier", {"dossier": dossier, "event": kind, "comment": comment}
    )
    enterprise = dossier.enterprise
    notify(
        representatives(enterprise.pk),
        event=event,
        key=change_key(change),
        title=title,
        body=body,
        url=reverse("campaigns:dossier_detail", args=[dossier.pk]),
        emails=[enterprise.email],
    )


def notify_received(change: Change) -> None:
    notify_enterprise(change, event=DOSSIER_RECEIVED)


def notify_returned(change: Change) -> None:
    dossier = change.obj
    notify_enterprise(
        change,
        event=DOSSIER_RETURNED,
        comment=_("%(c)s (hạn bổ sung: %(d)s)")
        % {"c": change.note, "d": vn_date(timezone.localtime(dossier.resubmit_by).date())},
    )


def notify_screened(change: Change) -> None:
    """Eligible or ineligible, with the reasons."""
    notify_enterprise(change, event=DOSSIER_SCREENED, comment=change.note)
