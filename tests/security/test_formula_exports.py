"""Formula injection: text that starts like a formula (``=``, ``+``, ``-``, ``@``, tab, CR),
typed into the register by an import, comes out of every spreadsheet export as text that a
spreadsheet program shows and never evaluates (the convention of
``chuluc.core.spreadsheets.safe_cell``: a leading apostrophe, and the cell typed as a
string)."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chuluc.council.exports import ranking_xlsx
from chuluc.decisions import opendata
from chuluc.registry.models import Enterprise, ImportJob, Product
from chuluc.registry.services import imports
from tests.factories.accounts import MembershipFactory
from tests.factories.decisions import decided
from tests.factories.registry import EnterpriseFactory, ProductFactory, valid_tax_code
from tests.security.corpus import FORMULA_TRIGGERS, FORMULAS


def _cells_xlsx(content: bytes) -> list[tuple[object, str]]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [
        (cell.value, cell.data_type)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]


def _cells_csv(content: bytes) -> list[tuple[object, str]]:
    text = content.decode("utf-8-sig")
    return [(value, "s") for row in csv.reader(io.StringIO(text)) for value in row if value]


def assert_neutralised(cells: list[tuple[object, str]], payloads: list[str]) -> None:
    """No cell is a formula or a text starting with a trigger; every payload is there,
    behind the apostrophe."""
    formulas = [v for v, t in cells if t == "f"]
    live = [v for v, _t in cells if isinstance(v, str) and v.startswith(FORMULA_TRIGGERS)]
    assert (formulas, live) == ([], [])
    texts = {v for v, _t in cells if isinstance(v, str)}
    missing = [p for p in payloads if "'" + p not in texts]
    assert missing == []


def _stored(value: str) -> str:
    """What the register keeps of a typed value (surrounding blanks trimmed)."""
    return value.strip()


@pytest.fixture
def imported(officer, django_capture_on_commit_callbacks):
    """Enterprises and products whose names and addresses are formulas, brought in by the
    import (upload → validate → commit → write), as an officer would."""
    rows = ["Mã số thuế,Tên doanh nghiệp,Tên viết tắt,Địa chỉ"]
    for i, formula in enumerate(FORMULAS, start=1):
        quoted = formula.replace('"', '""')
        rows.append(f'{valid_tax_code(900 + i)},"{quoted} {i}","{quoted}","{quoted}"')
    upload = SimpleUploadedFile("doanh-nghiep.csv", "\n".join(rows).encode())
    with django_capture_on_commit_callbacks(execute=True):
        job = imports.import_job_create(actor=officer, kind="enterprises", upload=upload)
    job.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        imports.import_job_commit(actor=officer, job=job)
    job = ImportJob.objects.get(pk=job.pk)
    assert (job.status, Enterprise.objects.count()) == ("done", len(FORMULAS)), job.report
    for enterprise, formula in zip(Enterprise.objects.order_by("tax_code"), FORMULAS, strict=True):
        ProductFactory(enterprise=enterprise, name=_stored(formula), description=formula)
    return [_stored(f) for f in FORMULAS]


@pytest.mark.parametrize("kind", ["enterprises", "products"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_register_exports_neutralise_imported_formulas(client, officer, imported, kind, fmt):
    client.force_login(officer)
    response = client.get(reverse("registry:export", args=[kind, fmt]))
    assert response.status_code == 200
    cells = (_cells_csv if fmt == "csv" else _cells_xlsx)(response.content)
    if kind == "enterprises":
        payloads = [f"{formula} {i}" for i, formula in enumerate(imported, start=1)]
    else:
        payloads = imported
    assert_neutralised(cells, payloads)


@pytest.fixture
def formula_world(officer, rep_a):
    enterprise = EnterpriseFactory(name=_stored(FORMULAS[0]))
    MembershipFactory(user=rep_a, enterprise=enterprise)  # who submits its dossiers
    world = decided(officer=officer, rep=rep_a, enterprise=enterprise)
    products = world["decision"].recognitions.order_by("rank")
    for recognition, formula in zip(products, FORMULAS, strict=False):
        Product.objects.filter(pk=recognition.product_id).update(name=_stored(formula))
    world["payloads"] = [_stored(f) for f in FORMULAS[: products.count()]]
    return world


def test_open_data_files_neutralise_formulas(formula_world):
    rows = opendata.snapshot_rows(formula_world["decision"], on=formula_world["decision"].signed_on)
    files = opendata.render_files(rows, year=formula_world["campaign"].year)
    payloads = [*formula_world["payloads"], _stored(FORMULAS[0])]
    assert_neutralised(_cells_csv(files["csv"]), payloads)
    assert_neutralised(_cells_xlsx(files["xlsx"]), payloads)


def test_council_ranking_export_neutralises_formulas(formula_world):
    cells = _cells_xlsx(ranking_xlsx(council=formula_world["council"]))
    assert_neutralised(cells, formula_world["payloads"])
