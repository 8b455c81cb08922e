"""Every upload endpoint against the hostile upload corpus (tests/security/corpus.py), as a
user who may upload there: never a server error; a refusal carries a clear message and
leaves no row and no file; what is accepted (honest content under a hostile name) is stored
under MEDIA_ROOT with a name of ours and a harmless display name; nothing lands outside
MEDIA_ROOT."""

from __future__ import annotations

import datetime as dt
import html
import os
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core import signing
from django.db import transaction
from django.urls import reverse

from chuluc.campaigns import services as campaign_services
from chuluc.campaigns.models import CriteriaSet, Dossier, Evidence
from chuluc.decisions import services
from chuluc.decisions.forms import CHALLENGE_SALT
from chuluc.decisions.models import PublicComment
from chuluc.monitoring import services as monitoring_services
from chuluc.monitoring.enums import Quarter
from chuluc.monitoring.models import FirmReport
from chuluc.monitoring.report_sheets import FIGURES, HEADER
from chuluc.production import services as production_services
from chuluc.production import sheets
from chuluc.production.models import BasketProduct, MonthlyQuantity, NodeWeight, SheetImport
from chuluc.registry.enums import ImportStatus
from chuluc.registry.models import Enterprise, ImportJob, Product, ProductImage
from chuluc.support import services as support_services
from chuluc.support.models import SupportRecord
from tests.factories import production as production_worlds
from tests.factories.campaigns import make_campaign
from tests.factories.decisions import closed_council
from tests.factories.support import make_policy
from tests.security import corpus
from tests.security.corpus import UploadCase

# What this checks does not depend on the database: CI runs it in the SQLite suite once.
pytestmark = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith(("postgres", "pgsql"))
    and not os.environ.get("CHULUC_FUZZ_EXAMPLES"),
    reason="database-independent: run in the SQLite suite (and under make soak)",
)


ERROR_MARKERS = ('role="alert"', 'class="error"', "msg-error")
CRITERIA_YAML = Path(__file__).parents[2] / "chuluc/campaigns/data/hanoi_criteria_v1.yaml"


# --------------------------------------------------------------------------- multipart


def multipart(fields: dict[str, str], file_field: str, name: str, content: bytes):
    """A browser's multipart body, by hand: the file name's bytes are sent as they are
    (NUL, lone surrogates in WTF-8), which Django's test client would refuse to encode."""
    boundary = uuid.uuid4().hex
    parts = []
    for key, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n'.encode()
            + str(value).encode("utf-8", "surrogatepass")
            + b"\r\n"
        )
    quoted = name.replace('"', "%22").encode("utf-8", "surrogatepass")
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; '.encode()
        + b'filename="'
        + quoted
        + b'"\r\nContent-Type: application/octet-stream\r\n\r\n'
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


# --------------------------------------------------------------------------- endpoints


@dataclass
class Endpoint:
    name: str
    url: str
    user: object | None
    file_field: str
    fields: Callable[[], dict[str, str]]
    accepts: set[str]
    parses: bool
    max_bytes: int
    sample: bytes
    models: tuple  # rows an upload may write
    display_names: Callable[[], list[str]]  # client names kept for display
    named_sheets: bool = False


def _pdf() -> bytes:
    return corpus.demo_pdf("Tai lieu thu")


def _report_xlsx() -> bytes:
    return corpus.real_xlsx(
        [HEADER, *[[code, label, "100", ""] for code, (_, label, _i) in FIGURES.items()]]
    )


def _dossier_evidence(world) -> Endpoint:
    dossier = campaign_services.dossier_create(
        actor=world["rep_a"], campaign=make_campaign(), product=world["product_a"]
    )
    return Endpoint(
        "dossier-evidence",
        reverse("campaigns:evidence_upload", args=[dossier.pk]),
        world["rep_a"],
        "file",
        lambda: {"kind": "other"},
        {"pdf", "png", "jpeg", "xlsx", "docx"},
        False,
        world["settings"].EVIDENCE_MAX_BYTES,
        _pdf(),
        (Evidence, Dossier),
        lambda: list(Evidence.objects.values_list("original_name", flat=True)),
    )


def _product_image(world) -> Endpoint:
    return Endpoint(
        "product-image",
        reverse("registry:product_image_add", args=[world["product_a"].pk]),
        world["rep_a"],
        "image",
        lambda: {"caption": "Ảnh thử"},
        {"png", "jpeg", "webp"},
        False,
        5 * 1024 * 1024,
        corpus.PNG,
        (ProductImage,),
        list,
    )


def _registry_import(world) -> Endpoint:
    return Endpoint(
        "registry-import",
        reverse("registry:import_list"),
        world["officer"],
        "file",
        lambda: {"kind": "enterprises"},
        {"xlsx", "csv"},
        True,
        world["settings"].IMPORT_MAX_BYTES,
        "Mã số thuế,Tên doanh nghiệp\n0100109106,Công ty thử\n".encode(),
        (Enterprise, Product),
        lambda: list(ImportJob.objects.values_list("original_name", flat=True)),
    )


def _criteria_import(world) -> Endpoint:
    return Endpoint(
        "criteria-import",
        reverse("campaigns:criteria_import"),
        world["officer"],
        "file",
        lambda: {"name": ""},
        {"xlsx", "csv"},
        True,
        2 * 1024 * 1024,
        CRITERIA_YAML.read_bytes(),
        (CriteriaSet,),
        list,
        named_sheets=True,
    )


def _report_upload(world) -> Endpoint:
    period = monitoring_services.period_create(
        actor=world["officer"], year=2025, quarter=Quarter.YEAR, due_on=dt.date(2026, 3, 31)
    )
    return Endpoint(
        "monitoring-report",
        reverse("monitoring:report_upload"),
        world["rep_a"],
        "file",
        lambda: {"enterprise": world["enterprise_a"].pk, "period": period.pk},
        {"xlsx"},
        True,
        2 * 1024 * 1024,
        _report_xlsx(),
        (FirmReport,),
        list,
    )


def _support_record(world) -> Endpoint:
    policy = make_policy(world["officer"])
    return Endpoint(
        "support-record",
        reverse("support:record_create"),
        world["officer"],
        "evidence",
        lambda: {
            "enterprise": world["enterprise_a"].pk,
            "policy": policy.pk,
            "given_on": "2026-03-02",
            "kind": "booth",
            "quantity": "1",
            "amount_vnd": "",
            "description": "Gian hàng",
        },
        {"pdf", "png", "jpeg", "xlsx", "docx"},
        False,
        world["settings"].EVIDENCE_MAX_BYTES,
        _pdf(),
        (SupportRecord,),
        lambda: list(SupportRecord.objects.values_list("evidence_name", flat=True)),
    )


def _support_decide(world) -> Endpoint:
    policy = make_policy(world["officer"])
    request = support_services.support_request_submit(
        actor=world["rep_a"],
        enterprise=world["enterprise_a"],
        policy=policy,
        description="Xin hỗ trợ gian hàng",
    )
    return Endpoint(
        "support-decide",
        reverse("support:request_detail", args=[request.pk]),
        world["officer"],
        "evidence",
        lambda: {
            "decision": "approved",
            "record_now": "on",
            "reason": "",
            "given_on": "2026-03-02",
            "kind": "booth",
            "quantity": "1",
            "amount_vnd": "",
            "description": "",
        },
        {"pdf", "png", "jpeg", "xlsx", "docx"},
        False,
        world["settings"].EVIDENCE_MAX_BYTES,
        _pdf(),
        (SupportRecord,),
        lambda: list(SupportRecord.objects.values_list("evidence_name", flat=True)),
    )


def _comment_attachment(world) -> Endpoint:
    w = closed_council(
        officer=world["officer"], rep=world["rep_a"], enterprise=world["enterprise_a"]
    )
    publication = services.publication_publish(actor=world["officer"], campaign=w["campaign"])
    entry = publication.entries.first()

    def fields():
        token = signing.dumps({"sum": 7, "at": time.time() - 120}, salt=CHALLENGE_SALT)
        return {
            "entry": entry.pk,
            "author_name": "Lê Văn Dân",
            "author_contact": "dan@example.vn",
            "text": "Góp ý có tệp đính kèm.",
            "answer": "7",
            "challenge": token,
            "website": "",
        }

    return Endpoint(
        "comment-attachment",
        reverse("decisions:comment_page", args=[w["campaign"].year]),
        None,
        "attachment",
        fields,
        {"pdf", "png", "jpeg"},
        False,
        10 * 1024 * 1024,
        _pdf(),
        (PublicComment,),
        lambda: list(PublicComment.objects.values_list("attachment_name", flat=True)),
    )


def _production(world, *, url_name: str, loaded_first: bool) -> Endpoint:
    if loaded_first:
        base_year = production_worlds.loaded(world["officer"])
        sample = production_worlds.quantities_book(production_worlds.quantity_rows(2))
    else:
        base_year = production_services.base_year_create(actor=world["officer"], year=2020)
        sample = production_worlds.basket_book()
    return Endpoint(
        url_name,
        reverse(f"production:{url_name}", args=[base_year.pk]),
        world["officer"],
        "file",
        dict,
        {"xlsx"},
        True,
        sheets.MAX_BYTES,
        sample,
        (BasketProduct, NodeWeight, SheetImport, MonthlyQuantity),
        lambda: list(SheetImport.objects.values_list("original_name", flat=True)),
        named_sheets=True,
    )


ENDPOINTS = {
    "dossier-evidence": _dossier_evidence,
    "product-image": _product_image,
    "registry-import": _registry_import,
    "criteria-import": _criteria_import,
    "monitoring-report": _report_upload,
    "support-record": _support_record,
    "support-decide": _support_decide,
    "comment-attachment": _comment_attachment,
    "basket_upload": lambda w: _production(w, url_name="basket_upload", loaded_first=False),
    "quantities_upload": lambda w: _production(w, url_name="quantities_upload", loaded_first=True),
}


# --------------------------------------------------------------------------- expectations


def _content(case: UploadCase, endpoint: Endpoint) -> bytes:
    if case.hostile_name:
        return endpoint.sample
    if case.oversized:
        head = endpoint.sample[:64] if endpoint.sample.startswith(b"%PDF") else _pdf()[:64]
        return head + b"0" * (endpoint.max_bytes + 1 - len(head))
    return corpus.content_of(case)


def _expected_refusal(case: UploadCase, endpoint: Endpoint) -> str | None:  # noqa: PLR0911 - one per rule
    """The message a refusal must carry; "" for "some clear message"; None when the upload
    may be accepted."""
    if case.hostile_name:
        return None
    if case.oversized or case.id == "empty":  # size comes before content
        return case.message
    if case.sniffs not in endpoint.accepts:
        if case.sniffs == "legacy" and "csv" in endpoint.accepts:
            return corpus.ENCODING_MESSAGE
        return corpus.TYPE_MESSAGE
    if case.message is not None:
        return case.message
    if endpoint.parses:
        # a reader of named sheets may first say the sheet it needs is missing
        return "" if endpoint.named_sheets else case.parse_message or ""
    return None


def _files(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def _counts(endpoint: Endpoint) -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in endpoint.models}


def _check_display_name(name: str) -> list[str]:
    bad = [ch for ch in ("/", "\\", "\x00", "\u202e", "\ufffd\x00") if ch in name]
    return [f"display name {name!r} keeps {bad!r}"] if bad or len(name) > 200 else []


def _check(case, endpoint, response, before, after, files_before, job_floor, tmp, media):  # noqa: PLR0912 - one verdict, every way it can go wrong
    problems = []
    if response.status_code >= 500:
        return [f"status {response.status_code}"]
    page = html.unescape(response.content.decode(errors="replace"))
    outside = {p for p in _files(tmp) - files_before if not p.is_relative_to(media)}
    if outside:
        problems.append(f"files outside MEDIA_ROOT: {sorted(map(str, outside))}")
    new_files = _files(media) - files_before
    expected = _expected_refusal(case, endpoint)
    job = None
    if endpoint.name == "registry-import":
        job = ImportJob.objects.filter(pk__gt=job_floor).first()
        written = {k: v for k, v in after.items() if k in {"Enterprise", "Product"}}
        if written != {k: before[k] for k in written}:
            problems.append(f"domain rows written: {before} → {after}")
    if expected is not None:
        refused_in_page = after == before and not (new_files and endpoint.name != "registry-import")
        if job is not None and job.status not in {ImportStatus.FAILED, ImportStatus.VALIDATED}:
            problems.append(f"import job left {job.status}")
        elif job is not None:
            message = job.error_message or str(job.report)
            if expected and expected not in message and expected not in page:
                problems.append(f"job {job.status}: {message[:200]!r} lacks {expected!r}")
            if job.status == ImportStatus.VALIDATED and job.valid_rows:
                problems.append(f"hostile file validated with {job.valid_rows} valid rows")
        elif not refused_in_page:
            problems.append(f"accepted ({before} → {after}, {len(new_files)} new files)")
        elif expected and expected not in page:
            problems.append(f"message {expected!r} not on the page")
        elif not any(marker in response.content.decode() for marker in ERROR_MARKERS):
            problems.append("refused without a visible error message")
        if new_files and endpoint.name != "registry-import":
            problems.append(f"files left after a refusal: {len(new_files)}")
    else:
        for path in new_files:
            stored = path.relative_to(media).as_posix()
            client_part = case.name.replace("\\", "/").rsplit("/", 1)[-1][:20]
            if ".." in stored or (len(client_part) > 3 and client_part in stored):
                problems.append(f"stored under a client-chosen name: {stored}")
        for name in endpoint.display_names():
            problems += _check_display_name(name)
    return problems


class _Rollback(Exception):
    pass


def _send_case(client, endpoint, case, capture, tmp, media) -> list[str]:
    job_floor = ImportJob.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    before, files_before = _counts(endpoint), _files(tmp)
    body, content_type = multipart(
        endpoint.fields(), endpoint.file_field, case.name, _content(case, endpoint)
    )
    with capture(execute=True):
        response = client.post(endpoint.url, body, content_type=content_type, follow=True)
    return _check(
        case, endpoint, response, before, _counts(endpoint), files_before, job_floor, tmp, media
    )


@pytest.fixture
def world(officer, rep_a, enterprise_a, product_a, settings, tmp_path):
    settings.EVIDENCE_MAX_BYTES = settings.IMPORT_MAX_BYTES = 1024 * 1024
    settings.COMMENT_MIN_SECONDS = 0
    settings.COMMENT_LIMIT_PER_HOUR = 10_000
    return {
        "officer": officer,
        "rep_a": rep_a,
        "enterprise_a": enterprise_a,
        "product_a": product_a,
        "settings": settings,
        "tmp": tmp_path,
    }


@pytest.mark.parametrize("endpoint_name", list(ENDPOINTS))
def test_hostile_uploads_are_refused_clearly_and_leave_nothing(
    client, world, endpoint_name, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    endpoint = ENDPOINTS[endpoint_name](world)
    if endpoint.user is not None:
        client.force_login(endpoint.user)
    media, tmp = Path(world["settings"].MEDIA_ROOT), world["tmp"]
    failures = {}
    for case in corpus.upload_cases():
        try:
            with transaction.atomic():  # every case meets the same world
                problems = _send_case(client, endpoint, case, capture, tmp, media)
                raise _Rollback
        except _Rollback:
            pass
        if problems:
            failures[case.id] = problems
    assert failures == {}
    assert len(corpus.upload_cases()) == 34
