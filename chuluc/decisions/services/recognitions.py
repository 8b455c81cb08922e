"""Recognitions after the decision: revocation (with its certificates). Renewal supersedes a
recognition when a later decision recognises the product again (``decision_enter``)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuluc.core.text import nfc
from chuluc.decisions.lifecycles import RECOGNITION
from chuluc.decisions.models import Recognition
from chuluc.decisions.services.open_data import public_list_changed


@transaction.atomic
def recognition_revoke(
    *, actor, recognition: Recognition, reason: str, decision_ref: str
) -> Recognition:
    """Revoke a recognition by a revocation decision: its certificates are revoked with it
    (one audit row for the recognition, one per certificate) and the public list changes."""
    recognition = Recognition.objects.select_for_update().get(pk=recognition.pk)
    reason, decision_ref = nfc(reason).strip(), nfc(decision_ref).strip()
    errors = {}
    if not reason:
        errors["reason"] = _("Vui lòng ghi lý do thu hồi.")
    if not decision_ref:
        errors["decision_ref"] = _("Vui lòng ghi số, ngày quyết định thu hồi.")
    if errors:
        raise ValidationError(errors)
    RECOGNITION.fire(
        recognition,
        "revoke",
        actor=actor,
        fields={
            "revoked_at": timezone.now(),
            "revoked_reason": reason,
            "revoked_decision": decision_ref,
        },
    )
    public_list_changed(
        decision=recognition.decision,
        reason=_("Thu hồi công nhận sản phẩm %(product)s (%(ref)s)")
        % {"product": recognition.product.name, "ref": decision_ref},
    )
    return recognition
