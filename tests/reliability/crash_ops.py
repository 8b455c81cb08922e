"""The operations the crash tests kill, and what is checked afterwards (run inside a child
process, ``tests.reliability.child``, which imports this module once Django is set up).

For each operation: ``*_build`` prepares the world through the services; ``*_run`` performs
the operation the way the platform does, under ``crash_points.traced``: every crash point
it passes is written to ``phase_file``, and with ``stop_at=[phase, n]`` the child stops at
that point for the parent to kill it; ``*_check`` reports the state the all-or-none
assertions need; ``*_recover`` finishes what the kill interrupted, as an operator (or a
retried background task) would, and reports the state again.

- import: an XLSX of enterprises uploaded (``import_job_create``: the file is stored, the
  validation task runs on commit), then committed (``import_job_commit``: the write task
  writes every valid row in one transaction).
- decision: ``decision_enter`` (the decision, one recognition per listed product, the
  numbered certificates, the dossiers marked recognised, the audit row; the background task
  queued on commit).
- certificates: the background run after a decision (``build_decision_products``: every
  certificate's PDF, then the open-data snapshot), or an officer's bulk regeneration
  (``certificate_files_regenerate``) over certificates that already have their PDFs.
"""

from __future__ import annotations

import csv
import io
import json
import os
from decimal import Decimal
from pathlib import Path

import openpyxl
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Count
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from chuluc.accounts.enums import Role
from chuluc.accounts.models import User
from chuluc.campaigns.models import Campaign, Dossier
from chuluc.core.documents import FONT_DIR, pdf_fonts
from chuluc.core.models import AuditEntry
from chuluc.council import services as council_services
from chuluc.decisions import services
from chuluc.decisions.models import (
    Certificate,
    Decision,
    OpenDataSnapshot,
    Publication,
    Recognition,
)
from chuluc.decisions.tasks import build_decision_products
from chuluc.registry.enums import ImportKind, ImportStatus
from chuluc.registry.models import Enterprise, ImportJob
from chuluc.registry.services import imports
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.council import build_council
from tests.factories.decisions import close_comments
from tests.factories.registry import EnterpriseFactory
from tests.registry.spreadsheets import VI_HEADER, enterprise_rows, xlsx_upload
from tests.reliability.crash_points import traced

IMPORT_FILE = "import.xlsx"
OFFICER = "can_bo"


def _officer():
    return User.objects.get(username=OFFICER)


def _data_dir() -> Path:
    return Path(settings.DATA_DIR)


# import ---------------------------------------------------------------------------------


def import_build(*, rows: int) -> dict:
    UserFactory(username=OFFICER, roles=[Role.OFFICER])
    upload = xlsx_upload(VI_HEADER, enterprise_rows(rows, start=700_000))
    (_data_dir() / IMPORT_FILE).write_bytes(upload.read())
    return {"rows": rows}


def import_run(*, phase_file: str, stop_at=None) -> dict:
    officer = _officer()
    content = (_data_dir() / IMPORT_FILE).read_bytes()
    with traced(phase_file, stop_at) as tracer:
        # the tasks run immediately: validation on the upload's commit, the write task on
        # the commit of import_job_commit
        tracer.step("upload and validation")
        upload = SimpleUploadedFile("doanh-nghiep.xlsx", content)
        job = imports.import_job_create(actor=officer, kind=ImportKind.ENTERPRISES, upload=upload)
        job.refresh_from_db()
        tracer.step(f"commit and write (job {job.status})")
        job = imports.import_job_commit(actor=officer, job=job)
        job.refresh_from_db()
    return {"status": job.status}


def import_check() -> dict:
    sheet = openpyxl.load_workbook(_data_dir() / IMPORT_FILE, read_only=True).active
    tax_codes = [str(row[0]) for row in sheet.iter_rows(min_row=2, values_only=True)]
    jobs = []
    for job in ImportJob.objects.order_by("pk"):
        stored = Path(job.file.path) if job.file else None
        jobs.append(
            {
                "status": job.status,
                "valid_rows": job.valid_rows,
                "total_rows": job.total_rows,
                "result": job.result,
                "file_size": stored.stat().st_size
                if stored is not None and stored.exists()
                else None,
            }
        )
    return {
        "expected": len(tax_codes),
        "file_size": (_data_dir() / IMPORT_FILE).stat().st_size,
        "present": Enterprise.objects.filter(tax_code__in=tax_codes).count(),
        "enterprises": Enterprise.objects.count(),
        "audit_created": AuditEntry.objects.filter(action="enterprise.import_create").count(),
        "audit_upload": AuditEntry.objects.filter(action="import_job.upload").count(),
        "audit_commit": AuditEntry.objects.filter(action="import_job.commit").count(),
        "jobs": jobs,
    }


def import_recover() -> dict:
    """Finish the interrupted import: the job's next step (what a retried task or an
    officer would do), or the whole import when no job was stored."""
    before = import_check()
    job = ImportJob.objects.order_by("pk").last()
    steps = []
    if job is None:
        steps.append("rerun")
        phase = str(_data_dir() / "phase-recover.log")
        import_run(phase_file=phase)
    else:
        if job.status == ImportStatus.VALIDATING:
            steps.append("validate")
            job = imports.import_job_validate(job_id=job.pk)
        if job.status == ImportStatus.VALIDATED:
            steps.append("commit")
            imports.import_job_commit(actor=_officer(), job=job)
            job.refresh_from_db()
        if job.status == ImportStatus.COMMITTING:
            steps.append("write")
            imports.import_job_write(job_id=job.pk)
    return {"before": before, "steps": steps, **import_check()}


# decision -------------------------------------------------------------------------------


def decision_build(*, products: int, top_n: int) -> dict:
    """A published list of ``products`` products (all passing), its comment window over."""
    officer = UserFactory(username=OFFICER, roles=[Role.OFFICER])
    rep = UserFactory(username="dai_dien", roles=[Role.ENTERPRISE_REP])
    enterprise = EnterpriseFactory(name="Công ty CP Thử Sự Cố")
    MembershipFactory(user=rep, enterprise=enterprise)
    setup = build_council(officer=officer, rep=rep, enterprise=enterprise, dossier_count=products)
    campaign = setup["campaign"]
    campaign.top_n, campaign.pass_mark = top_n, Decimal(30)
    campaign.save(update_fields=["top_n", "pass_mark"])
    round_ = setup["council"].rounds.get()
    for member in (setup["members"]["uv1"], setup["members"]["uv2"]):
        for i, dossier in enumerate(setup["dossiers"]):
            for criterion in setup["judged"]:
                share = Decimal(100 - 50 * i // products) / 100
                council_services.score_record(
                    actor=member.user,
                    round_=round_,
                    dossier=dossier,
                    criterion=criterion,
                    value=(criterion.max_points * share).quantize(Decimal("0.01")),
                )
    council_services.round_close(actor=setup["members"]["thu_ky"].user, round_=round_)
    publication = services.publication_publish(
        actor=officer, campaign=campaign, notice="Lấy ý kiến nhân dân (thử sự cố)"
    )
    close_comments(publication)
    return {"entries": publication.entries.filter(withdrawn=False).count()}


def decision_run(*, phase_file: str, stop_at=None) -> dict:
    officer, campaign = _officer(), Campaign.objects.get()
    with traced(phase_file, stop_at) as tracer:
        tracer.step("decision_enter")
        decision = services.decision_enter(
            actor=officer,
            campaign=campaign,
            number="88/QĐ-UBND",
            signed_on=timezone.localdate(),
            signer_name="Nguyễn Văn Thử",
            signer_title="Phó Chủ tịch UBND Thành phố",
        )
    return {"decision": decision.pk}


def decision_check() -> dict:
    entries = Publication.objects.get().entries.filter(withdrawn=False)
    return {
        "entries": entries.count(),
        "entries_top": entries.filter(top=True).count(),
        "decisions": Decision.objects.count(),
        "recognitions": Recognition.objects.count(),
        "certificates": Certificate.objects.count(),
        "numbers": sorted(Certificate.objects.values_list("number", flat=True)),
        "dossiers": dict(
            Dossier.objects.filter(pk__in=entries.values("dossier_id"))
            .values_list("status")
            .annotate(n=Count("pk"))
        ),
        "audit": AuditEntry.objects.filter(action="decisions.decision_enter").count(),
        "tasks": DBTaskResult.objects.filter(task_path__endswith="build_decision_products").count(),
    }


def decision_recover() -> dict:
    before, steps = decision_check(), []
    decision = Decision.objects.first()
    if decision is None:
        steps.append("rerun")
        decision_run(phase_file=str(_data_dir() / "phase-recover.log"))
    elif before["tasks"] == 0:
        # the known limit (docs/reliability.md): killed after the commit, before the
        # background run was queued; the operator queues it again
        steps.append("queue the background run")
        build_decision_products.enqueue(decision.pk, f"Quyết định {decision.number}")
    return {"before": before, "steps": steps, **decision_check()}


# certificates ---------------------------------------------------------------------------


def certificates_run(*, phase_file: str, mode: str, stop_at=None) -> dict:
    decision = Decision.objects.get()
    pdf_fonts(FONT_DIR, "DejaVuSerif")  # loaded first, as in a worker that has rendered before
    with traced(phase_file, stop_at) as tracer:
        if mode == "force":
            tracer.step("certificate_files_regenerate")
            written = services.certificate_files_regenerate(actor=None, decision=decision)
            result = f"{written} certificates"
        else:
            tracer.step("build_decision_products")
            result = build_decision_products.call(decision.pk, "Quyết định công nhận 88/QĐ-UBND")
    return {"result": result}


def _pdf_problem(path: Path, number: str) -> str:
    """Empty when the file is a whole, readable certificate of that number."""
    if not path.exists():
        return "missing"
    data = path.read_bytes()
    if not data.rstrip().endswith(b"%%EOF"):
        return f"truncated ({len(data)} bytes, no %%EOF)"
    try:
        reader = PdfReader(io.BytesIO(data), strict=True)
        text = reader.pages[0].extract_text() or ""
    except Exception as exc:
        return f"unreadable: {type(exc).__name__}: {exc}"
    if len(reader.pages) != 1:
        return f"{len(reader.pages)} pages"
    if number not in text.replace("\n", " "):
        return "number not on the page"
    return ""


def certificates_check() -> dict:

    media = Path(settings.MEDIA_ROOT)
    certificates, referenced = [], set()
    for certificate in Certificate.objects.order_by("number"):
        name = certificate.pdf.name if certificate.pdf else ""
        problem = ""
        if name:
            referenced.add(name)
            problem = _pdf_problem(media / name, certificate.number)
        elif certificate.pdf_generated_at is not None:
            problem = "generated_at set without a file"
        certificates.append(
            {
                "number": certificate.number,
                "pdf": name,
                "generated_at": str(certificate.pdf_generated_at or ""),
                "problem": problem,
            }
        )
    snapshots = []
    for snapshot in OpenDataSnapshot.objects.order_by("version"):
        problem = ""
        try:
            for field in (snapshot.csv_file, snapshot.json_file, snapshot.xlsx_file):
                referenced.add(field.name)
            rows = list(
                csv.reader(io.StringIO((media / snapshot.csv_file.name).read_text("utf-8-sig")))
            )
            listed = json.loads((media / snapshot.json_file.name).read_text("utf-8"))
            sheet = openpyxl.load_workbook(media / snapshot.xlsx_file.name, read_only=True).active
            sheet_rows = sum(1 for _row in sheet.iter_rows(values_only=True))
            if len(rows) != snapshot.rows + 1 or sheet_rows < snapshot.rows + 1 or not listed:
                problem = f"rows: csv {len(rows)}, xlsx {sheet_rows}, record {snapshot.rows}"
        except Exception as exc:
            problem = f"{type(exc).__name__}: {exc}"
        snapshots.append({"version": snapshot.version, "rows": snapshot.rows, "problem": problem})
    on_disk = {
        str(p.relative_to(media))
        for folder in ("certificates", "open-data")
        if (media / folder).exists()
        for p in (media / folder).rglob("*")
        if p.is_file()
    }
    orphans = sorted(on_disk - referenced)
    broken_orphans = [
        name
        for name in orphans
        if name.endswith(".pdf") and not (media / name).read_bytes().rstrip().endswith(b"%%EOF")
    ]
    first_snapshot = OpenDataSnapshot.objects.order_by("version").first()
    return {
        "certificates": certificates,
        "generated": sum(1 for c in certificates if c["pdf"]),
        # PDFs written after the first snapshot: those a bulk regeneration has replaced
        "regenerated": Certificate.objects.filter(
            pdf_generated_at__gt=first_snapshot.created_at
        ).count()
        if first_snapshot
        else 0,
        "snapshots": snapshots,
        "orphan_files": len(orphans),
        "truncated_orphans": broken_orphans,
        "temporary_files": sorted(n for n in on_disk if os.path.basename(n).startswith(".")),
    }


def certificates_recover(*, mode: str) -> dict:
    """Run again to the end: the background task is idempotent for the PDFs (it writes
    those still missing); a bulk regeneration is simply repeated."""
    before = certificates_check()
    certificates_run(phase_file=str(_data_dir() / "phase-recover.log"), mode=mode)
    return {"before": before, "steps": [mode], **certificates_check()}


ACTIONS = {
    "import_build": import_build,
    "import_run": import_run,
    "import_check": import_check,
    "import_recover": import_recover,
    "decision_build": decision_build,
    "decision_run": decision_run,
    "decision_check": decision_check,
    "decision_recover": decision_recover,
    "certificates_run": certificates_run,
    "certificates_check": certificates_check,
    "certificates_recover": certificates_recover,
}
