"""A record's history in words (chuluc/core/history.py): actions, field names and values as
a person reads them, never the codes the audit rows store."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.utils import translation

from chuluc.accounts.models import ApiToken
from chuluc.core import history
from chuluc.core.models import AuditEntry
from chuluc.registry.models import Enterprise


def _entry(model, diff: dict) -> AuditEntry:
    return AuditEntry(
        content_type=ContentType.objects.get_for_model(model), diff=diff, actor_label="rep_a"
    )


def test_action_label_names_lifecycle_events_table_actions_and_nothing_as_code(db):
    assert history.action_label("dossier.submit") == "Nộp hồ sơ"
    assert history.action_label("enterprise.update") == "Sửa thông tin doanh nghiệp"
    assert history.action_label("product.admin_delete") == "Xóa trong trang quản trị"
    assert history.action_label("something.unknown_verb") == "Thay đổi"


def test_action_label_in_english(db):
    with translation.override("en"):
        assert history.action_label("enterprise.update") == "Edit the enterprise's details"


def test_change_rows_name_fields_and_values_in_words(db):
    entry = _entry(
        Enterprise,
        {"ownership": ["private", "fdi"], "address": ["A", "B"], "import_job": 7},
    )

    assert history.change_rows(entry) == [
        ("loại hình sở hữu", "Tư nhân", "Có vốn đầu tư nước ngoài (FDI)"),
        ("địa chỉ", "A", "B"),
        ("Lần nhập", None, "7"),
    ]


def test_change_rows_show_figures_numbers_and_dates_without_codes_or_json(db):
    figures = {"2024": {"revenue_vnd": "5032620000", "export_usd": None, "employees": 30}}
    entry = _entry(Enterprise, {"figures": [None, figures], "due_on": "2026-04-20"})

    assert history.change_rows(entry) == [
        (
            "Số liệu",
            None,
            "2024: Doanh thu (đồng): 5.032.620.000; Xuất khẩu (USD): —; Lao động: 30",
        ),
        ("Hạn", None, "20/04/2026"),
    ]


def test_a_field_without_a_verbose_name_reads_by_its_note_label(db):
    entry = _entry(ApiToken, {"revoked_at": [None, "2026-12-07T10:00:00+00:00"]})

    assert history.change_rows(entry) == [("Thời điểm thu hồi", None, "07/12/2026 17:00")]


def test_action_groups_name_every_kind_of_object_in_words_in_alphabetical_order(db):
    groups = history.action_groups()
    labels = [label for _value, label in groups]

    assert ("dossier.", "Hồ sơ tham gia xét chọn") in groups
    assert ("enterprise.", "Doanh nghiệp") in groups
    assert labels.index("Doanh nghiệp") < labels.index("Đại diện doanh nghiệp")
    assert all(value.endswith(".") and "_" not in label for value, label in groups)
