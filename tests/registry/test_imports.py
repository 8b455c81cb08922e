import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from chuluc.core.errors import ApplicationError
from chuluc.core.models import AuditEntry
from chuluc.registry.enums import ImportKind, ImportStatus, Ownership
from chuluc.registry.models import Enterprise, ImportJob, Product
from chuluc.registry.services import imports
from tests.factories.registry import EnterpriseFactory, valid_tax_code
from tests.registry.spreadsheets import VI_HEADER, csv_upload, enterprise_rows, xlsx_upload


def _run(job_factory, capture):
    with capture(execute=True):
        job = job_factory()
    job.refresh_from_db()
    return job


def _upload(officer, upload, capture, kind=ImportKind.ENTERPRISES):
    return _run(lambda: imports.import_job_create(actor=officer, kind=kind, upload=upload), capture)


def _commit(officer, job, capture):
    return _run(lambda: imports.import_job_commit(actor=officer, job=job), capture)


def test_import_10000_rows_rejects_exactly_the_three_broken_ones(
    officer, django_capture_on_commit_callbacks
):
    rows = enterprise_rows(10_000)
    rows[99][0] = rows[99][0][:9] + str((int(rows[99][0][9]) + 1) % 10)  # bad check digit (row 101)
    rows[4999][1] = "   "  # empty name (row 5001)
    rows[8999][0] = rows[0][0]  # duplicate of row 2 (row 9001)

    job = _upload(officer, xlsx_upload(VI_HEADER, rows), django_capture_on_commit_callbacks)

    assert job.status == ImportStatus.VALIDATED
    assert job.total_rows == 10_000
    assert job.valid_rows == 9_997
    assert job.error_rows == 3
    errors = {e["row"]: " ".join(e["messages"]) for e in job.report["errors"]}
    assert sorted(errors) == [101, 5001, 9001]
    assert "chữ số kiểm tra" in errors[101]
    assert "Thiếu tên" in errors[5001]
    assert "trùng với dòng 2" in errors[9001]
    assert Enterprise.objects.count() == 0  # nothing written before the officer commits

    job = _commit(officer, job, django_capture_on_commit_callbacks)

    assert job.status == ImportStatus.DONE
    assert job.result["created"] == 9_997
    assert Enterprise.objects.count() == 9_997
    assert AuditEntry.objects.filter(action="enterprise.import_create").count() == 9_997
    imported = Enterprise.objects.get(tax_code=rows[2][0])
    assert imported.ownership == Ownership.FDI
    assert imported.district.name == "Hoàn Kiếm"

    again = _upload(officer, xlsx_upload(VI_HEADER, rows), django_capture_on_commit_callbacks)
    assert (again.report["create"], again.report["update"], again.report["unchanged"]) == (
        0,
        0,
        9_997,
    )
    audit_before = AuditEntry.objects.filter(action__startswith="enterprise.").count()
    again = _commit(officer, again, django_capture_on_commit_callbacks)
    assert again.result["created"] == again.result["updated"] == 0
    assert Enterprise.objects.count() == 9_997
    # nothing changed, so no enterprise was audited (only the commit request itself was)
    assert AuditEntry.objects.filter(action__startswith="enterprise.").count() == audit_before


def test_import_updates_by_tax_code_and_audits_the_change(
    officer, django_capture_on_commit_callbacks
):
    existing = EnterpriseFactory(tax_code=valid_tax_code(0), name="Tên cũ")
    rows = enterprise_rows(1)
    job = _upload(officer, xlsx_upload(VI_HEADER, rows), django_capture_on_commit_callbacks)
    assert job.report["update"] == 1
    _commit(officer, job, django_capture_on_commit_callbacks)
    existing.refresh_from_db()
    assert existing.name == rows[0][1]
    entry = AuditEntry.objects.get(action="enterprise.import_update")
    assert entry.diff["name"] == ["Tên cũ", rows[0][1]]
    assert entry.object_id == str(existing.pk)


def test_import_accepts_english_aliases_in_any_order_and_reports_unknown_columns(
    officer, django_capture_on_commit_callbacks
):
    header = ["district", "ownership", "name", "tax_code", "ghi chú riêng"]
    rows = [["Cầu Giấy", "fdi", "Công ty TNHH Bí Danh", valid_tax_code(5), "x"]]
    job = _upload(
        officer, csv_upload(header, rows, delimiter=";"), django_capture_on_commit_callbacks
    )
    assert job.status == ImportStatus.VALIDATED
    assert job.report["unknown_columns"] == ["ghi chú riêng"]
    assert job.valid_rows == 1
    _commit(officer, job, django_capture_on_commit_callbacks)
    assert Enterprise.objects.get(tax_code=valid_tax_code(5)).ownership == Ownership.FDI


def test_import_missing_required_column_fails_with_reason(
    officer, django_capture_on_commit_callbacks
):
    job = _upload(
        officer, csv_upload(["name", "address"], [["A", "B"]]), django_capture_on_commit_callbacks
    )
    assert job.status == ImportStatus.FAILED
    assert "Mã số thuế" in job.error_message


@pytest.mark.parametrize(
    ("value", "column", "message"),
    [
        ("Liên doanh lạ", 3, "Loại hình sở hữu"),
        ("Quận Không Có", 5, "Không có quận/huyện"),
        ("2740ABC", 4, "VSIC"),
    ],
)
def test_import_reports_bad_values(
    officer, django_capture_on_commit_callbacks, value, column, message
):
    rows = enterprise_rows(2)
    rows[1][column] = value
    job = _upload(officer, xlsx_upload(VI_HEADER, rows), django_capture_on_commit_callbacks)
    assert job.valid_rows == 1
    assert job.report["errors"][0]["row"] == 3
    assert message in " ".join(job.report["errors"][0]["messages"])


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00", "doanh-nghiep.xlsx", "Nội dung tệp không phải"),
        (b"", "doanh-nghiep.csv", "trống"),
        (b"PK\x03\x04not really a zip", "x.xlsx", "Nội dung tệp không phải"),
    ],
)
def test_import_refuses_files_that_are_not_spreadsheets(officer, content, name, message):
    with pytest.raises(ApplicationError) as info:
        imports.import_job_create(
            actor=officer, kind=ImportKind.ENTERPRISES, upload=SimpleUploadedFile(name, content)
        )
    assert message in info.value.message
    assert ImportJob.objects.count() == 0


def test_import_refuses_csv_that_is_not_utf8(officer):
    upload = csv_upload(VI_HEADER, enterprise_rows(1), encoding="utf-16")
    with pytest.raises(ApplicationError):
        # UTF-16 has NUL bytes: not recognised as text at all
        imports.import_job_create(actor=officer, kind=ImportKind.ENTERPRISES, upload=upload)
    upload = SimpleUploadedFile(
        "x.csv", ",".join(VI_HEADER).encode() + b"\n9900000016,C\xf4ng ty\n"
    )
    with pytest.raises(ApplicationError) as info:
        imports.import_job_create(actor=officer, kind=ImportKind.ENTERPRISES, upload=upload)
    assert "UTF-8" in info.value.message
    assert ImportJob.objects.count() == 0


def test_import_refuses_oversized_file(officer, settings):
    settings.IMPORT_MAX_BYTES = 1000
    upload = csv_upload(VI_HEADER, enterprise_rows(50))
    with pytest.raises(ApplicationError) as info:
        imports.import_job_create(actor=officer, kind=ImportKind.ENTERPRISES, upload=upload)
    assert "Tệp quá lớn" in info.value.message


def test_import_refuses_too_many_rows(officer, settings, django_capture_on_commit_callbacks):
    settings.IMPORT_MAX_ROWS = 10
    job = _upload(
        officer, csv_upload(VI_HEADER, enterprise_rows(11)), django_capture_on_commit_callbacks
    )
    assert job.status == ImportStatus.FAILED
    assert "vượt quá giới hạn 10" in job.error_message


def test_import_failure_during_write_leaves_nothing(
    officer, django_capture_on_commit_callbacks, monkeypatch
):
    job = _upload(
        officer, xlsx_upload(VI_HEADER, enterprise_rows(30)), django_capture_on_commit_callbacks
    )

    def boom(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(imports, "audit_record_many", boom)
    job = _commit(officer, job, django_capture_on_commit_callbacks)
    assert job.status == ImportStatus.FAILED
    assert "không dòng nào được nhập" in job.error_message
    assert Enterprise.objects.count() == 0


def test_import_products_links_by_tax_code(officer, django_capture_on_commit_callbacks):
    enterprise = EnterpriseFactory(tax_code=valid_tax_code(7))
    header = ["Mã số thuế doanh nghiệp", "Tên sản phẩm", "Nhóm ngành", "Diện xét chọn", "Mã HS"]
    rows = [
        [valid_tax_code(7), "Bóng đèn LED thử", "Điện, điện tử", "Sản phẩm công nghệ cao", "8539"],
        [valid_tax_code(8), "Sản phẩm mồ côi", "", "", ""],
        [valid_tax_code(7), "bong den led thu", "", "", ""],
    ]
    job = _upload(
        officer,
        xlsx_upload(header, rows),
        django_capture_on_commit_callbacks,
        kind=ImportKind.PRODUCTS,
    )
    messages = {e["row"]: " ".join(e["messages"]) for e in job.report["errors"]}
    assert "Chưa có doanh nghiệp" in messages[3]
    assert "trùng với dòng 2" in messages[4]
    _commit(officer, job, django_capture_on_commit_callbacks)
    product = Product.objects.get(enterprise=enterprise)
    assert (product.name, product.industry_group.code, product.track, product.hs_code) == (
        "Bóng đèn LED thử",
        "dien-dien-tu",
        "high_tech",
        "8539",
    )


def test_import_job_cannot_be_committed_twice(officer, django_capture_on_commit_callbacks):
    job = _upload(
        officer, xlsx_upload(VI_HEADER, enterprise_rows(3)), django_capture_on_commit_callbacks
    )
    _commit(officer, job, django_capture_on_commit_callbacks)
    with pytest.raises(ApplicationError):
        imports.import_job_commit(actor=officer, job=job)
    assert Enterprise.objects.count() == 3


def test_import_views_upload_preview_commit(client, officer, django_capture_on_commit_callbacks):
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/so-dang-ky/nhap/",
            {"kind": "enterprises", "file": xlsx_upload(VI_HEADER, enterprise_rows(5))},
        )
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/so-dang-ky/nhap/{job.pk}/"
    page = client.get(f"/so-dang-ky/nhap/{job.pk}/")
    assert "Nhập 5 dòng hợp lệ" in page.content.decode()
    partial = client.get(f"/so-dang-ky/nhap/{job.pk}/", headers={"HX-Request": "true"})
    assert partial.content.decode().lstrip().startswith('<div id="import-status"')
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/so-dang-ky/nhap/{job.pk}/ghi/")
    assert Enterprise.objects.count() == 5


def test_import_view_shows_refusal_inline(client, officer):
    client.force_login(officer)
    response = client.post(
        "/so-dang-ky/nhap/",
        {"kind": "enterprises", "file": SimpleUploadedFile("a.xlsx", b"%PDF-1.4 not a sheet")},
    )
    assert response.status_code == 200
    assert "Nội dung tệp không phải là XLSX, CSV" in response.content.decode()
    assert ImportJob.objects.count() == 0
