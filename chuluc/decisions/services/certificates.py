"""The certificates' files: each certificate's PDF (``decisions.certificates``) rendered and
stored once, by the background run after a decision or by an officer; an officer may render
them all again. A holder's download never writes (``views.certificate_pdf``).

The files are rendered and written to private storage before the transaction, then the rows
point at them and the audit row is written in one short transaction (rendering a thousand
certificates takes long enough that holding the write lock meanwhile would stall the site).
A failure or a kill before the commit leaves every row as it was; the files that run wrote
are removed when it fails, and replaced files only once the replacement has committed."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from chuluc.core.audit import audit_record
from chuluc.decisions.lifecycles import DECISION
from chuluc.decisions.models import Certificate, Decision
from chuluc.decisions.selectors import decision_certificates


def certificate_files_store(*, actor, decision: Decision) -> int:
    """Render and store the PDF of every certificate of the decision that has none; a file
    once stored is never replaced here. When every certificate then has its file, an
    entered decision moves to issued. One audit row (none when nothing was missing and the
    decision was issued already). Returns how many files were stored."""
    missing = [c for c in decision_certificates(decision) if not c.pdf]
    return _store(actor=actor, decision=decision, certificates=missing, replace=False)


def certificate_files_regenerate(*, actor, decision: Decision) -> int:
    """Render every certificate of the decision again and replace its file: an officer's
    deliberate act (a POST), audited; the replaced files are removed once it commits.
    Returns how many files were stored."""
    certificates = list(decision_certificates(decision))
    return _store(actor=actor, decision=decision, certificates=certificates, replace=True)


def _write_files(certificates: Iterable[Certificate], names: dict[int, str]) -> None:
    """Render each certificate and write its file, adding its stored name to ``names`` as
    soon as it is written (so that a failure midway can remove it). The files are referenced
    by nothing yet."""
    from chuluc.decisions.certificates import certificate_pdf  # noqa: PLC0415 - reportlab, python-docx and segno load only when certificates are rendered

    field = Certificate._meta.get_field("pdf")
    for certificate in certificates:
        name = field.generate_filename(certificate, f"{certificate.number}.pdf")
        names[certificate.pk] = field.storage.save(
            name, ContentFile(certificate_pdf(certificate)), max_length=field.max_length
        )


def _store(*, actor, decision: Decision, certificates: list[Certificate], replace: bool) -> int:
    storage = Certificate._meta.get_field("pdf").storage
    names: dict[int, str] = {}
    try:
        _write_files(certificates, names)
        with transaction.atomic():
            kept, replaced = _point(actor=actor, decision=decision, names=names, replace=replace)
    except BaseException:
        _delete(storage, list(names.values()))
        raise
    _delete(storage, sorted(set(names.values()) - kept))  # another run stored those first
    if replaced:
        transaction.on_commit(lambda: _delete(storage, replaced))
    return len(kept)


def _delete(storage, names: list[str]) -> None:
    for name in names:
        storage.delete(name)


def _point(
    *, actor, decision: Decision, names: dict[int, str], replace: bool
) -> tuple[set[str], list[str]]:
    """Inside the transaction: point the rows at the new files and write the audit row.
    Returns the new files now referenced and the old ones they replace."""
    # serialises the runs on one decision (the background task, an officer's request)
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    now = timezone.now()
    chosen = [
        c
        for c in Certificate.objects.select_for_update(of=("self",)).filter(
            recognition__decision=decision
        )
        if c.pk in names and (replace or not c.pdf)
    ]
    replaced = [c.pdf.name for c in chosen if c.pdf]
    for certificate in chosen:
        certificate.pdf, certificate.pdf_generated_at = names[certificate.pk], now
    Certificate.objects.bulk_update(chosen, ["pdf", "pdf_generated_at"], batch_size=500)
    changes = {"certificate_files": [None, len(chosen)], "replaced": [None, len(replaced)]}
    if DECISION.refusal(decision, "issue") is None:
        DECISION.fire(decision, "issue", actor=actor, at=now, changes=changes)
    elif chosen:
        audit_record(
            actor=actor,
            action="decisions.certificate_files_regenerate"
            if replace
            else "decisions.certificate_files_store",
            obj=decision,
            changes=changes,
        )
    return {names[c.pk] for c in chosen}, replaced
