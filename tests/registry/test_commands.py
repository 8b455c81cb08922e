import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from chuluc.core.models import AuditEntry
from chuluc.decisions.models import Decision, Publication, Recognition
from chuluc.decisions.selectors import comments_open
from chuluc.registry.models import Enterprise, Product, PublicRecordMention
from chuluc.registry.services.public_records import DEFAULT_PATH, read_public_records
from tests.registry.spreadsheets import VI_HEADER, enterprise_rows, xlsx_upload


@pytest.fixture
def sheet(tmp_path):
    def make(rows):
        path = tmp_path / "dn.xlsx"
        path.write_bytes(xlsx_upload(VI_HEADER, rows).read())
        return path

    return make


def test_import_registry_dry_run_reports_and_exits_non_zero(db, sheet, capsys):
    rows = enterprise_rows(5)
    rows[2][1] = ""
    with pytest.raises(SystemExit) as info:
        call_command("import_registry", str(sheet(rows)))
    assert info.value.code == 1
    out = capsys.readouterr().out
    assert "5 dòng dữ liệu: 4 hợp lệ" in out
    assert "Dòng 4" in out
    assert "Chạy thử: chưa ghi gì" in out
    assert Enterprise.objects.count() == 0


def test_import_registry_commit_writes_valid_rows_once(db, sheet, capsys):
    path = sheet(enterprise_rows(5))
    call_command("import_registry", str(path), "--commit")
    assert Enterprise.objects.count() == 5
    call_command("import_registry", str(path), "--commit")
    assert Enterprise.objects.count() == 5
    assert "không đổi 5" in capsys.readouterr().out


def test_import_registry_refuses_missing_file(db):
    with pytest.raises(CommandError, match="Không tìm thấy tệp"):
        call_command("import_registry", "/khong/co.xlsx")


def test_public_records_load_names_and_sources_only_and_is_idempotent(db):
    call_command("load_public_records")
    rows = read_public_records(DEFAULT_PATH)
    assert len(rows) == 26
    enterprises = Enterprise.objects.filter(is_public_record=True)
    assert enterprises.count() == len({r["enterprise"] for r in rows})
    assert not enterprises.exclude(tax_code=None).exists()
    assert not enterprises.exclude(ownership="").exists()
    assert all(e.source_url.startswith("http") for e in enterprises)
    named = {r["product"] for r in rows if not r["product"].startswith("(")}
    assert set(Product.objects.values_list("name", flat=True)) == named
    assert PublicRecordMention.objects.count() == 26
    rang_dong = PublicRecordMention.objects.get(product__name="Đèn LED Rạng Đông")
    assert (rang_dong.year_label, rang_dong.top10) == ("2021", "yes")
    before = (
        Enterprise.objects.count(),
        Product.objects.count(),
        PublicRecordMention.objects.count(),
        AuditEntry.objects.count(),
    )
    call_command("load_public_records")
    assert (
        Enterprise.objects.count(),
        Product.objects.count(),
        PublicRecordMention.objects.count(),
        AuditEntry.objects.count(),
    ) == before


def test_seed_demo_is_flagged_and_runs_once(db, capsys):
    call_command("seed_demo", "--enterprises", "12")
    demo = Enterprise.objects.filter(is_demo=True)
    assert demo.count() == 12
    assert all(e.tax_code.startswith("99") and "(mẫu)" in e.name for e in demo)
    assert not Product.objects.filter(enterprise__is_demo=True, is_demo=False).exists()
    out = capsys.readouterr().out
    assert "canbo" in out
    assert "chuluc-demo-2026" in out

    assert Decision.objects.count() == 2  # the two oldest closed campaigns are decided
    assert Recognition.objects.filter(enterprise__is_demo=False).count() == 0
    assert Publication.objects.count() == 2  # the latest closed campaign is left to publish
    assert not any(comments_open(p) for p in Publication.objects.all())
    assert "2 quyết định công nhận mẫu" in out
    counts = (Enterprise.objects.count(), Product.objects.count(), AuditEntry.objects.count())
    call_command("seed_demo", "--enterprises", "12")
    assert (
        Enterprise.objects.count(),
        Product.objects.count(),
        AuditEntry.objects.count(),
    ) == counts
    assert "Dữ liệu mẫu đã có sẵn" in capsys.readouterr().out
