"""How a record's history reads: the audit trail's actions, field names and values in words.

An audit row stores what the code knows (``dossier.evidence_upload``, ``{"revenue_vnd":
[null, "1000"]}``); a person reads "Tải lên tài liệu", "Doanh thu (đồng): 1.000". The
action's words come from the lifecycle that fired it (its event's label) or from
:data:`ACTION_LABELS`; a field's from the model's ``verbose_name``, or, for the notes a
service adds that are no field, from :data:`NOTE_LABELS`; a value through the field's
choices, the registered figure labels (``chuluc.core.labels``) and the locale-aware
formatters. Nothing here prints a code: an unknown key reads "Chi tiết"."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chuluc.core.formatting import format_date, format_number
from chuluc.core.labels import figure_value_label
from chuluc.core.lifecycle import REGISTRY
from chuluc.core.text import collation_key

# The audit actions written by services outside any lifecycle (``<object>.<verb>``).
ACTION_LABELS = {
    "api_token.create": gettext_lazy("Tạo mã API"),
    "api_token.revoke": gettext_lazy("Thu hồi mã API"),
    "base_year.create": gettext_lazy("Tạo năm gốc"),
    "campaign.copy": gettext_lazy("Sao chép đợt xét chọn"),
    "campaign.create": gettext_lazy("Tạo đợt xét chọn"),
    "campaign.legal_basis_add": gettext_lazy("Thêm căn cứ pháp lý"),
    "campaign.rule_save": gettext_lazy("Lưu điều kiện tham gia"),
    "campaign.target_save": gettext_lazy("Lưu chỉ tiêu"),
    "campaign.update": gettext_lazy("Sửa đợt xét chọn"),
    "council.assessment_reopen": gettext_lazy("Mở lại việc chấm điểm"),
    "council.assignment_set": gettext_lazy("Phân công chấm tiêu chí"),
    "council.conflict_declare": gettext_lazy("Khai báo xung đột lợi ích"),
    "council.correction_request": gettext_lazy("Đề nghị sửa điểm"),
    "council.create": gettext_lazy("Thành lập Hội đồng"),
    "council.member_add": gettext_lazy("Thêm thành viên Hội đồng"),
    "council.no_conflict_sign": gettext_lazy("Ký cam kết không xung đột lợi ích"),
    "council.round_open": gettext_lazy("Mở vòng chấm"),
    "council.score_record": gettext_lazy("Ghi điểm"),
    "council.tie_vote": gettext_lazy("Biểu quyết đồng hạng"),
    "criteria_set.create": gettext_lazy("Tạo bộ tiêu chí"),
    "decisions.certificate_files_regenerate": gettext_lazy("Tạo lại tệp giấy chứng nhận"),
    "decisions.comment_answer": gettext_lazy("Trả lời góp ý"),
    "decisions.comment_submit": gettext_lazy("Gửi góp ý"),
    "decisions.decision_record_past": gettext_lazy("Nhập quyết định đã ban hành"),
    "decisions.entry_withdraw": gettext_lazy("Rút sản phẩm khỏi danh sách"),
    "decisions.expiry_reminder": gettext_lazy("Nhắc hết hạn công nhận"),
    "decisions.publish": gettext_lazy("Công bố lấy ý kiến"),
    "decisions.snapshot_publish": gettext_lazy("Công bố dữ liệu mở"),
    "dossier.certificate_add": gettext_lazy("Thêm giấy chứng nhận chất lượng"),
    "dossier.certificate_remove": gettext_lazy("Gỡ giấy chứng nhận chất lượng"),
    "dossier.computed_verify": gettext_lazy("Xác nhận điểm tính tự động"),
    "dossier.create": gettext_lazy("Tạo hồ sơ"),
    "dossier.delete": gettext_lazy("Xóa hồ sơ nháp"),
    "dossier.evidence_remove": gettext_lazy("Gỡ tài liệu"),
    "dossier.evidence_upload": gettext_lazy("Tải lên tài liệu"),
    "dossier.save": gettext_lazy("Lưu hồ sơ"),
    "enterprise.contact_add": gettext_lazy("Thêm người liên hệ"),
    "enterprise.contact_remove": gettext_lazy("Gỡ người liên hệ"),
    "enterprise.create": gettext_lazy("Thêm doanh nghiệp"),
    "enterprise.import_create": gettext_lazy("Thêm doanh nghiệp từ tệp nhập"),
    "enterprise.import_update": gettext_lazy("Cập nhật doanh nghiệp từ tệp nhập"),
    "enterprise.self_register": gettext_lazy("Doanh nghiệp tự đăng ký"),
    "enterprise.update": gettext_lazy("Sửa thông tin doanh nghiệp"),
    "firm_report.submit": gettext_lazy("Nộp báo cáo định kỳ"),
    "import_job.upload": gettext_lazy("Tải lên tệp nhập"),
    "membership.request": gettext_lazy("Đề nghị làm đại diện doanh nghiệp"),
    "monitoring.period_create": gettext_lazy("Mở kỳ báo cáo"),
    "monitoring.report_reminder": gettext_lazy("Nhắc nộp báo cáo"),
    "notification_preference.update": gettext_lazy("Đổi cách nhận thông báo"),
    "product.create": gettext_lazy("Thêm sản phẩm"),
    "product.image_add": gettext_lazy("Thêm ảnh sản phẩm"),
    "product.import_create": gettext_lazy("Thêm sản phẩm từ tệp nhập"),
    "product.import_update": gettext_lazy("Cập nhật sản phẩm từ tệp nhập"),
    "product.update": gettext_lazy("Sửa thông tin sản phẩm"),
    "production.base_year_load": gettext_lazy("Nạp năm gốc"),
    "production.basket_product_discontinue": gettext_lazy("Ngừng theo dõi sản phẩm trong rổ"),
    "production.basket_write": gettext_lazy("Ghi rổ sản phẩm"),
    "production.published_growth_create": gettext_lazy("Nhập số liệu tăng trưởng đã công bố"),
    "production.published_growth_delete": gettext_lazy("Xóa số liệu tăng trưởng đã công bố"),
    "production.quantities_import": gettext_lazy("Nhập sản lượng"),
    "production.quantities_pull_from_reports": gettext_lazy("Lấy sản lượng từ báo cáo"),
    "support.budget_line_set": gettext_lazy("Ghi dự toán kinh phí"),
    "support.connection_record": gettext_lazy("Ghi kết quả kết nối"),
    "support.dialogue_create": gettext_lazy("Tạo buổi đối thoại"),
    "support.difficulty_raise": gettext_lazy("Gửi khó khăn, vướng mắc"),
    "support.difficulty_reminder": gettext_lazy("Nhắc xử lý vướng mắc"),
    "support.event_create": gettext_lazy("Tạo sự kiện xúc tiến"),
    "support.event_participant_add": gettext_lazy("Thêm doanh nghiệp tham gia sự kiện"),
    "support.listing_close": gettext_lazy("Đóng tin kết nối"),
    "support.listing_create": gettext_lazy("Đăng tin kết nối"),
    "support.partner_create": gettext_lazy("Thêm đối tác"),
    "support.policy_create": gettext_lazy("Thêm chính sách hỗ trợ"),
    "support.policy_update": gettext_lazy("Sửa chính sách hỗ trợ"),
    "support.record_create": gettext_lazy("Ghi sổ hỗ trợ"),
    "support.request_submit": gettext_lazy("Gửi đề nghị hỗ trợ"),
    "user.create": gettext_lazy("Tạo tài khoản"),
    "user.password_change": gettext_lazy("Đổi mật khẩu"),
}
# What the back office writes for any model (``<model>.admin_delete``).
ADMIN_VERBS = {"admin_delete": gettext_lazy("Xóa trong trang quản trị")}

# The objects of the actions above that no lifecycle names (a lifecycle gives its title).
OBJECT_LABELS = {
    "api_token": gettext_lazy("Mã API"),
    "council": gettext_lazy("Hội đồng"),
    "criteria_set": gettext_lazy("Bộ tiêu chí"),
    "decisions": gettext_lazy("Công bố và quyết định"),
    "enterprise": gettext_lazy("Doanh nghiệp"),
    "monitoring": gettext_lazy("Theo dõi"),
    "notification_preference": gettext_lazy("Cách nhận thông báo"),
    "product": gettext_lazy("Sản phẩm"),
    "production": gettext_lazy("Chỉ số sản xuất"),
    "support": gettext_lazy("Hỗ trợ doanh nghiệp"),
    "user": gettext_lazy("Tài khoản"),
}

# The notes services add to an audit row that are not a field of the audited model.
NOTE_LABELS = {
    "added": gettext_lazy("Đã thêm"),
    "after_round": gettext_lazy("Sau vòng"),
    "amount_vnd": gettext_lazy("Số tiền (đồng)"),
    "answer": gettext_lazy("Trả lời"),
    "automatic": gettext_lazy("Tự động"),
    "certificate": gettext_lazy("Giấy chứng nhận"),
    "contact": gettext_lazy("Người liên hệ"),
    "copied_from": gettext_lazy("Sao chép từ"),
    "created": gettext_lazy("Đã tạo"),
    "criteria": gettext_lazy("Tiêu chí"),
    "criterion": gettext_lazy("Tiêu chí"),
    "days_late": gettext_lazy("Số ngày trễ"),
    "days_left": gettext_lazy("Số ngày còn lại"),
    "dossier": gettext_lazy("Hồ sơ"),
    "due_on": gettext_lazy("Hạn"),
    "effect": gettext_lazy("Tác động"),
    "enterprise": gettext_lazy("Doanh nghiệp"),
    "evidence": gettext_lazy("Tài liệu"),
    "figures": gettext_lazy("Số liệu"),
    "figures_version": gettext_lazy("Phiên bản số liệu"),
    "file": gettext_lazy("Tệp"),
    "image": gettext_lazy("Ảnh"),
    "import_job": gettext_lazy("Lần nhập"),
    "is_open": gettext_lazy("Đang mở"),
    "kind": gettext_lazy("Loại"),
    "lead_times": gettext_lazy("Thời hạn nhắc"),
    "legal_basis": gettext_lazy("Căn cứ pháp lý"),
    "listing": gettext_lazy("Tin kết nối"),
    "months": gettext_lazy("Các tháng"),
    "name": gettext_lazy("Tên"),
    "number": gettext_lazy("Số"),
    "offsets": gettext_lazy("Mốc nhắc"),
    "order": gettext_lazy("Thứ tự"),
    "participants": gettext_lazy("Thành phần tham gia"),
    "password": gettext_lazy("Mật khẩu"),
    "period": gettext_lazy("Kỳ báo cáo"),
    "policy": gettext_lazy("Chính sách"),
    "quarter": gettext_lazy("Quý"),
    "rank": gettext_lazy("Thứ hạng"),
    "ranking": gettext_lazy("Xếp hạng"),
    "reason": gettext_lazy("Lý do"),
    "request": gettext_lazy("Đề nghị"),
    "revoked_at": gettext_lazy("Thời điểm thu hồi"),
    "rows": gettext_lazy("Số dòng"),
    "rule": gettext_lazy("Điều kiện"),
    "signed_at": gettext_lazy("Thời điểm ký"),
    "starts_on": gettext_lazy("Ngày bắt đầu"),
    "status": gettext_lazy("Trạng thái"),
    "valid_rows": gettext_lazy("Số dòng hợp lệ"),
    "value": gettext_lazy("Giá trị"),
    "version": gettext_lazy("Phiên bản"),
    "withdrawn": gettext_lazy("Đã rút"),
    "year": gettext_lazy("Năm"),
}
# A dossier's and a report's figures, by the keys of their JSON.
FIGURE_LABELS = {
    "hq_in_locality": gettext_lazy("Trụ sở tại địa phương"),
    "factory_in_locality": gettext_lazy("Nhà máy tại địa phương"),
    "year": gettext_lazy("Năm"),
    "revenue_vnd": gettext_lazy("Doanh thu (đồng)"),
    "production_value_vnd": gettext_lazy("Giá trị sản xuất (đồng)"),
    "export_usd": gettext_lazy("Xuất khẩu (USD)"),
    "threshold": gettext_lazy("Ngưỡng"),
    "document_kind": gettext_lazy("Tài liệu"),
    "present": gettext_lazy("Có tài liệu"),
    "statement": gettext_lazy("Có thuyết minh"),
    "employees": gettext_lazy("Lao động"),
}
UNKNOWN_KEY = gettext_lazy("Chi tiết")

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def action_label(action: str) -> str:
    """``dossier.submit`` → "Nộp hồ sơ": the lifecycle event's label, the table's words, or
    the words for the verb the back office writes for any model."""
    name, _dot, event = action.partition(".")
    lifecycle = REGISTRY.get(name)
    if lifecycle is not None:
        for transition in lifecycle.transitions:
            if transition.event == event:
                return str(transition.label)
    if action in ACTION_LABELS:
        return str(ACTION_LABELS[action])
    if event in ADMIN_VERBS:
        return str(ADMIN_VERBS[event])
    return _("Thay đổi")


def action_groups() -> list[tuple[str, str]]:
    """The kinds of object the audit trail records, as (action prefix, words), by words:
    the choices of the audit list's filter."""
    groups = {name: str(lc.title) for name, lc in REGISTRY.items()}
    groups |= {name: str(label) for name, label in OBJECT_LABELS.items() if name not in groups}
    return sorted(
        ((f"{name}.", label) for name, label in groups.items()),
        key=lambda item: collation_key(item[1]),
    )


def key_label(key: str, field: models.Field | None = None) -> str:
    """A field's or a note's name in words."""
    verbose = getattr(field, "verbose_name", None) if field is not None else None
    # Django names a field without a verbose_name after its code ("revoked at"): not words.
    if verbose and str(verbose) != field.name.replace("_", " "):
        return str(verbose)
    if key in FIGURE_LABELS:
        return str(FIGURE_LABELS[key])
    if key in NOTE_LABELS:
        return str(NOTE_LABELS[key])
    return str(UNKNOWN_KEY)


def value_text(value: Any, field: models.Field | None = None) -> str:  # noqa: PLR0911 - one return per kind of value
    """A stored value in words: choices by label, numbers and dates in the active
    language's format, figures and mappings as "label: value" pairs."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("có") if value else _("không")
    if isinstance(value, Mapping):
        return "; ".join(f"{_mapping_key(k)}: {value_text(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(value_text(v) for v in value)
    choices = dict(getattr(field, "flatchoices", None) or []) if field is not None else {}
    if value in choices:
        return str(choices[value])
    if isinstance(value, int | float | Decimal):
        return format_number(value)
    return _string_text(str(value))


def _mapping_key(key: Any) -> str:
    """A year stays a year; any other key is named."""
    text = str(key)
    return text if text.isdigit() else key_label(text)


def _string_text(text: str) -> str:
    if _NUMBER.match(text):
        try:
            number = Decimal(text)
        except InvalidOperation:
            return text
        return format_number(number, decimals=_decimals(text))
    if _ISO_DATE.match(text):
        return format_date(dt.date.fromisoformat(text))
    if _ISO_DATETIME.match(text):
        try:
            return format_date(dt.datetime.fromisoformat(text), with_time=True)
        except ValueError:
            return text
    label = figure_value_label(text)
    return label if label is not None else text


def _decimals(text: str) -> int:
    fraction = text.partition(".")[2]
    return len(fraction.rstrip("0"))


def _field(model: type[models.Model] | None, key: str) -> models.Field | None:
    if model is None:
        return None
    try:
        return model._meta.get_field(key.removesuffix("_id"))
    except FieldDoesNotExist:  # a note such as "import_job", not a field
        return None


def change_rows(entry) -> list[tuple[str, str | None, str]]:
    """An audit row's diff as (label, old, new) in words; ``old`` is None for a value set
    where there was none recorded (a note, or a creation)."""
    model = entry.content_type.model_class() if entry.content_type_id else None
    rows = []
    for key, change in (entry.diff or {}).items():
        field = _field(model, key)
        if isinstance(change, list) and len(change) == 2:  # noqa: PLR2004 - [old, new]
            old, new = change
        else:
            old, new = None, change
        old_text = None if old is None else value_text(old, field)
        rows.append((key_label(key, field), old_text, value_text(new, field)))
    return rows


def actor_name(entry) -> str:
    """Who wrote the row: the person as the site names them while the account exists
    (their full name), else the label kept at the time (a user name, or the system)."""
    if entry.actor is not None:
        return str(entry.actor)
    return entry.actor_label if entry.actor_label != "hệ thống" else _("hệ thống")
