"""Open-data snapshots of a decision: numbered versions that never change, three files that
agree row for row, a DCAT-style metadata record, validity as of each version's date."""

from __future__ import annotations

import csv
import hashlib
import io
import json

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone
from openpyxl import load_workbook

from chuluc.core.models import AuditEntry
from chuluc.decisions import opendata, services
from chuluc.decisions.models import OpenDataSnapshot
from chuluc.decisions.services import open_data as open_data_services
from chuluc.registry import services as registry_services
from tests.factories.decisions import decided


@pytest.fixture
def world(officer, rep_a, enterprise_a):
    return decided(officer=officer, rep=rep_a, enterprise=enterprise_a)


def _read(field_file) -> bytes:
    with field_file.open("rb") as handle:
        return handle.read()


def _csv_rows(snapshot) -> list[dict[str, str]]:
    raw = _read(snapshot.csv_file)
    assert raw.startswith("\ufeff".encode())  # BOM: Excel reads the file as UTF-8
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def _xlsx_rows(snapshot) -> tuple[list[str], list[list]]:
    workbook = load_workbook(io.BytesIO(_read(snapshot.xlsx_file)), read_only=True)
    rows = [list(r) for r in workbook.worksheets[0].iter_rows(values_only=True)]
    workbook.close()
    return rows[0], rows[1:]


def _as_text(value) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    return "" if value is None else str(value)


def test_snapshot_versions_increment_and_earlier_versions_keep_their_bytes(world, officer):
    decision = world["decision"]
    first = services.snapshot_publish(decision=decision, reason="Quyết định công nhận")
    before = {f: _read(getattr(first, f"{f}_file")) for f in ("csv", "json", "xlsx")}
    before_metadata = dict(first.metadata)
    second = services.snapshot_publish(decision=decision, reason="Thu hồi")
    third = services.snapshot_publish(decision=decision, reason="Lần nữa")
    assert [s.version for s in OpenDataSnapshot.objects.filter(decision=decision)] == [3, 2, 1]
    assert (first.version, second.version, third.version) == (1, 2, 3)
    first.refresh_from_db()
    assert {f: _read(getattr(first, f"{f}_file")) for f in ("csv", "json", "xlsx")} == before
    assert first.metadata == before_metadata
    names = {first.csv_file.name, second.csv_file.name, third.csv_file.name}
    assert len(names) == 3
    assert second.csv_file.name == f"open-data/{decision.pk}/v2/danh-sach.csv"
    assert second.metadata["issued"] == first.metadata["issued"]
    assert second.metadata["modified"] >= first.metadata["modified"]


def test_snapshot_files_agree_row_for_row(world):
    snapshot = services.snapshot_publish(decision=world["decision"], reason="Quyết định")
    records = json.loads(_read(snapshot.json_file))
    header, xlsx_rows = _xlsx_rows(snapshot)
    csv_rows = _csv_rows(snapshot)
    assert header == [c.name for c in opendata.COLUMNS]
    assert list(records[0]) == header
    assert len(records) == len(csv_rows) == len(xlsx_rows) == snapshot.rows == 4
    assert [{k: _as_text(v) for k, v in r.items()} for r in records] == csv_rows
    assert [dict(zip(header, row, strict=True)) for row in xlsx_rows] == [
        {k: (v if v != "" else None) for k, v in r.items()} for r in records
    ]
    assert [(r["thu_hang"], r["top"], r["tinh_trang"]) for r in records] == [
        (1, True, "valid"),
        (2, True, "valid"),
        (3, False, "valid"),
        (4, False, "valid"),
    ]
    first = records[0]
    assert (first["so_quyet_dinh"], first["so_chung_nhan"], first["so_chung_nhan_top"]) == (
        "1234/QĐ-UBND",
        "SPCNCL-2026-001",
        "TOP-2026-01",
    )
    assert first["ma_so_thue"] == world["dossiers"][0].enterprise.tax_code
    assert first["ngay_quyet_dinh"] == timezone.localdate().isoformat()


def test_snapshot_metadata_is_a_dcat_record_with_checksums(world):
    snapshot = services.snapshot_publish(decision=world["decision"], reason="Quyết định")
    meta = snapshot.metadata
    for key in (
        "title",
        "description",
        "publisher",
        "issued",
        "modified",
        "version",
        "license",
        "language",
        "keyword",
        "spatial",
        "temporal",
        "distribution",
        "rows",
    ):
        assert meta[key], key
    assert meta["publisher"]["name"] == "Sở Công Thương Hà Nội"
    assert meta["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert (meta["language"], meta["spatial"], meta["temporal"]["year"]) == (["vi"], "Hà Nội", 2026)
    assert (meta["version"], meta["rows"]) == (1, 4)
    assert "1234/QĐ-UBND" in meta["description"]
    assert "2026" in meta["title"]
    by_format = {d["format"]: d for d in meta["distribution"]}
    assert sorted(by_format) == ["CSV", "JSON", "XLSX"]
    for fmt, field_file in (
        ("CSV", snapshot.csv_file),
        ("JSON", snapshot.json_file),
        ("XLSX", snapshot.xlsx_file),
    ):
        content = _read(field_file)
        assert by_format[fmt]["checksum"] == {
            "algorithm": "sha256",
            "checksumValue": hashlib.sha256(content).hexdigest(),
        }
        assert by_format[fmt]["byteSize"] == len(content)
        assert by_format[fmt]["downloadURL"].endswith(
            f"/du-lieu-mo/{snapshot.decision_id}/v1/danh-sach.{fmt.lower()}"
        )
    assert by_format["CSV"]["mediaType"] == "text/csv"
    assert by_format["JSON"]["mediaType"] == "application/json"
    assert by_format["XLSX"]["mediaType"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert meta["metadataURL"].endswith(f"/du-lieu-mo/{snapshot.decision_id}/v1/metadata.json")


def test_revoked_recognition_shows_its_status_in_the_next_version(world, officer):
    decision = world["decision"]
    first = services.snapshot_publish(decision=decision, reason="Quyết định")
    recognition = decision.recognitions.get(rank=3)
    services.recognition_revoke(
        actor=officer, recognition=recognition, reason="Vi phạm cam kết", decision_ref="9/QĐ-UBND"
    )
    second = services.snapshot_publish(decision=decision, reason="Thu hồi")

    def statuses(snapshot):
        return [
            (r["thu_hang"], r["tinh_trang"], r["quyet_dinh_thu_hoi"])
            for r in json.loads(_read(snapshot.json_file))
        ]

    assert statuses(first) == [
        (1, "valid", ""),
        (2, "valid", ""),
        (3, "valid", ""),
        (4, "valid", ""),
    ]
    assert statuses(second) == [
        (1, "valid", ""),
        (2, "valid", ""),
        (3, "revoked", "9/QĐ-UBND"),
        (4, "valid", ""),
    ]
    assert [r["tinh_trang_mo_ta"] for r in _csv_rows(second)][2] == "Đã thu hồi"
    _header, rows = _xlsx_rows(second)
    assert rows[2][opendata.HEADER.index("tinh_trang")] == "revoked"


def test_snapshot_writes_one_audit_row_without_actor(world):
    snapshot = services.snapshot_publish(decision=world["decision"], reason="Quyết định")
    [entry] = AuditEntry.objects.filter(action="decisions.snapshot_publish")
    assert (entry.actor_id, entry.object_id, entry.diff) == (
        None,
        str(snapshot.pk),
        {"version": [None, 1], "rows": [None, 4]},
    )


def test_failed_snapshot_leaves_no_record_and_no_file(world, monkeypatch):
    decision = world["decision"]
    first = services.snapshot_publish(decision=decision, reason="Quyết định")

    def refuse(**kwargs):
        raise RuntimeError("audit down")

    monkeypatch.setattr(open_data_services, "audit_record", refuse)
    with pytest.raises(RuntimeError):
        services.snapshot_publish(decision=decision, reason="Thử lỗi")
    assert list(decision.snapshots.values_list("version", flat=True)) == [1]
    _dirs, files = default_storage.listdir(f"open-data/{decision.pk}/v2")
    assert files == []
    assert default_storage.exists(first.csv_file.name)


def test_spreadsheet_cells_that_look_like_formulas_stay_text(world, officer):
    product = world["decision"].recognitions.get(rank=1).product
    registry_services.product_update(actor=officer, product=product, name="=HYPERLINK(1)")
    snapshot = services.snapshot_publish(decision=world["decision"], reason="Quyết định")
    assert _csv_rows(snapshot)[0]["san_pham"] == "'=HYPERLINK(1)"
    workbook = load_workbook(io.BytesIO(_read(snapshot.xlsx_file)))
    cell = workbook.worksheets[0].cell(row=2, column=opendata.HEADER.index("san_pham") + 1)
    assert (cell.value, cell.data_type) == ("'=HYPERLINK(1)", "s")
    assert json.loads(_read(snapshot.json_file))[0]["san_pham"] == "=HYPERLINK(1)"


def test_decision_entry_publishes_the_first_version_on_commit(
    officer, rep_a, enterprise_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        world = decided(officer=officer, rep=rep_a, enterprise=enterprise_a)
    [snapshot] = world["decision"].snapshots.all()
    assert (snapshot.version, snapshot.rows) == (1, 4)
    assert "1234/QĐ-UBND" in snapshot.reason
