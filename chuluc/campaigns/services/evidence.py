"""Writes of a dossier's supporting material while its enterprise may still change it: the
private documents (content-checked, stored apart) and the quality and IP certificates."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuluc.campaigns.models import Dossier, Evidence, QualityCertificate
from chuluc.campaigns.services.dossier import ensure_editable
from chuluc.core.audit import audit_record
from chuluc.core.text import nfc
from chuluc.core.uploads import DOCX, JPEG, PDF, PNG, XLSX, check_upload, display_name

EVIDENCE_KINDS = (PDF, PNG, JPEG, XLSX, DOCX)


@transaction.atomic
def certificate_add(
    *,
    actor,
    dossier: Dossier,
    kind: str,
    number: str,
    issuer: str = "",
    issued_on=None,
    valid_until=None,
    now: dt.datetime | None = None,
) -> QualityCertificate:
    ensure_editable(dossier, now or timezone.now())
    certificate = QualityCertificate(
        dossier=dossier,
        kind=kind,
        number=nfc(number),
        issuer=nfc(issuer),
        issued_on=issued_on,
        valid_until=valid_until,
    )
    if issued_on and valid_until and valid_until < issued_on:
        raise ValidationError({"valid_until": _("Ngày hết hiệu lực phải sau ngày cấp.")})
    certificate.full_clean()
    certificate.save()
    audit_record(
        actor=actor,
        action="dossier.certificate_add",
        obj=dossier,
        changes={"certificate": [None, str(certificate)]},
    )
    return certificate


@transaction.atomic
def certificate_remove(*, actor, certificate: QualityCertificate) -> Dossier:
    dossier = certificate.dossier
    ensure_editable(dossier, timezone.now())
    label = str(certificate)
    certificate.delete()
    audit_record(
        actor=actor,
        action="dossier.certificate_remove",
        obj=dossier,
        changes={"certificate": [label, None]},
    )
    return dossier


def evidence_upload(
    *, actor, dossier: Dossier, kind: str, upload, now: dt.datetime | None = None
) -> Evidence:
    """Store a private document after checking its content; nothing is stored on refusal."""
    ensure_editable(dossier, now or timezone.now())
    file_kind = check_upload(upload, allowed=EVIDENCE_KINDS, max_bytes=settings.EVIDENCE_MAX_BYTES)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    evidence = Evidence(
        dossier=dossier,
        kind=kind,
        original_name=display_name(upload.name),
        content_type=file_kind.content_type,
        size=upload.size,
        sha256=digest.hexdigest(),
        uploaded_by=actor,
    )
    evidence.full_clean(exclude=["file"])
    evidence.file.save(upload.safe_name, upload, save=False)
    try:
        with transaction.atomic():
            evidence.save()
            audit_record(
                actor=actor,
                action="dossier.evidence_upload",
                obj=dossier,
                changes={"evidence": [None, evidence.original_name], "kind": [None, kind]},
            )
    except Exception:
        evidence.file.delete(save=False)  # the database refused: keep no orphan file
        raise
    return evidence


@transaction.atomic
def evidence_remove(*, actor, evidence: Evidence) -> Dossier:
    dossier = evidence.dossier
    ensure_editable(dossier, timezone.now())
    name = evidence.original_name
    stored = evidence.file.name
    evidence.delete()
    audit_record(
        actor=actor,
        action="dossier.evidence_remove",
        obj=dossier,
        changes={"evidence": [name, None]},
    )
    storage = Evidence._meta.get_field("file").storage
    transaction.on_commit(lambda: storage.delete(stored))
    return dossier
