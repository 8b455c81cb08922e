"""Forms of the support pages. They parse what a person sends; the services decide.
Choices of enterprises are limited to what the person may act for, so another
enterprise's id is refused as an invalid choice before any service runs."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from chuluc.core.models import Agency
from chuluc.core.phones import PhoneField
from chuluc.registry.models import Enterprise, IndustryGroup
from chuluc.support.enums import (
    ConnectionKind,
    DifficultyCategory,
    DifficultyStatus,
    Eligibility,
    ListingKind,
    ListingSubject,
    PolicyCategory,
    SupportForm,
)
from chuluc.support.models import Partner, Policy


class DateInput(forms.DateInput):
    input_type = "date"


def _date(label, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        error_messages={
            "invalid": _("Ngày không hợp lệ."),
            "required": _("Vui lòng ghi ngày."),
        },
    )


def _money(label, *, required: bool = False) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=20,
        decimal_places=2,
        error_messages={
            "invalid": _("Số tiền không hợp lệ: hãy ghi một số (đồng)."),
            "max_digits": _("Số tiền quá lớn; vui lòng kiểm tra lại."),
            "max_decimal_places": _("Số tiền tính bằng đồng, không có phần lẻ."),
            "max_whole_digits": _("Số tiền quá lớn; vui lòng kiểm tra lại."),
            "required": _("Vui lòng ghi số tiền."),
        },
    )


def _enterprise_field(queryset, label=None) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label or _("Doanh nghiệp"),
        queryset=queryset,
        empty_label=_("— Chọn doanh nghiệp —"),
        error_messages={
            "required": _("Vui lòng chọn doanh nghiệp."),
            "invalid_choice": _("Bạn không thể chọn doanh nghiệp này."),
        },
    )


def _policy_field(queryset) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Chính sách hỗ trợ"),
        queryset=queryset,
        empty_label=_("— Chọn chính sách —"),
        error_messages={
            "required": _("Vui lòng chọn chính sách."),
            "invalid_choice": _("Chính sách này không có hoặc không còn áp dụng."),
        },
    )


def _agency_field(*, required: bool) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Cơ quan"),
        queryset=Agency.objects.all(),
        required=required,
        empty_label=_("— Chọn cơ quan —"),
        error_messages={"invalid_choice": _("Cơ quan không hợp lệ.")},
    )


def all_enterprises():
    return Enterprise.objects.order_by("search_key", "id").only("id", "name")


class PolicyForm(forms.Form):
    name = forms.CharField(label=_("Tên chính sách"), max_length=200)
    category = forms.ChoiceField(label=_("Nhóm hỗ trợ"), choices=PolicyCategory.choices)
    legal_basis = forms.CharField(label=_("Căn cứ pháp lý"), max_length=300)
    eligibility = forms.ChoiceField(label=_("Đối tượng được hỗ trợ"), choices=Eligibility.choices)
    kind = forms.ChoiceField(label=_("Hình thức hỗ trợ"), choices=SupportForm.choices)
    agency = _agency_field(required=True)
    sla_days = forms.IntegerField(
        label=_("Thời hạn xử lý đề nghị (ngày)"),
        initial=15,
        error_messages={"invalid": _("Thời hạn xử lý phải là số ngày.")},
    )
    description = forms.CharField(
        label=_("Nội dung hỗ trợ"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class BudgetLineForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), error_messages={"invalid": _("Năm không hợp lệ.")})
    amount_vnd = _money(_("Dự toán (đồng)"), required=True)


class RecordFields(forms.Form):
    """What a ledger row says beyond the enterprise and the policy."""

    given_on = _date(_("Ngày hỗ trợ"))
    kind = forms.ChoiceField(label=_("Hình thức"), choices=SupportForm.choices)
    quantity = forms.DecimalField(
        label=_("Số lượng"),
        max_digits=14,
        decimal_places=2,
        initial=1,
        error_messages={
            "invalid": _("Số lượng không hợp lệ: hãy ghi một số."),
            "max_decimal_places": _("Số lượng không hợp lệ: tối đa hai chữ số lẻ."),
            "required": _("Vui lòng ghi số lượng."),
        },
    )
    amount_vnd = _money(_("Kinh phí (đồng)"))
    agency = _agency_field(required=False)
    description = forms.CharField(label=_("Nội dung"), max_length=300, required=False)
    evidence = forms.FileField(
        label=_("Tài liệu minh chứng (PDF, ảnh, DOCX, XLSX)"), required=False
    )

    def record_values(self) -> dict:
        data = self.cleaned_data
        return {
            "given_on": data["given_on"],
            "kind": data["kind"],
            "quantity": data["quantity"],
            "amount_vnd": data.get("amount_vnd") or 0,
            "agency": data.get("agency"),
            "description": data.get("description", ""),
            "evidence": data.get("evidence"),
        }


class RecordForm(RecordFields):
    field_order = ["enterprise", "policy"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"] = _enterprise_field(all_enterprises())
        self.fields["policy"] = _policy_field(Policy.objects.filter(is_active=True))
        self.order_fields(["enterprise", "policy", *RecordFields.base_fields])


class RequestForm(forms.Form):
    def __init__(self, *args, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"] = _enterprise_field(enterprises)
        self.fields["policy"] = _policy_field(Policy.objects.filter(is_active=True))
        self.fields["description"] = forms.CharField(
            label=_("Nội dung đề nghị"),
            widget=forms.Textarea(attrs={"rows": 5}),
            error_messages={"required": _("Vui lòng ghi nội dung đề nghị hỗ trợ.")},
        )
        if enterprises.count() == 1:
            self.fields["enterprise"].initial = enterprises.first()


class RequestRecordForm(RecordFields):
    """The support an approved request was granted, recorded in the ledger."""


class DecideForm(RecordFields):
    """Approve (and record the support now, or later) or refuse with a reason."""

    decision = forms.ChoiceField(
        label=_("Quyết định"),
        choices=[("approved", _("Chấp thuận")), ("refused", _("Không chấp thuận"))],
    )
    record_now = forms.BooleanField(label=_("Ghi sổ hỗ trợ ngay"), required=False, initial=True)
    reason = forms.CharField(
        label=_("Lý do không chấp thuận"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    field_order = ["decision", "reason", "record_now"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.data.get("decision") == "refused" or not self.data.get("record_now"):
            for name in ("given_on", "kind", "quantity"):
                self.fields[name].required = False


class EventForm(forms.Form):
    name = forms.CharField(label=_("Tên sự kiện"), max_length=200)
    starts_on = _date(_("Từ ngày"))
    ends_on = _date(_("Đến ngày"))
    venue = forms.CharField(label=_("Địa điểm"), max_length=200)
    policy = forms.ModelChoiceField(
        label=_("Chính sách hỗ trợ gian hàng"), queryset=Policy.objects.all(), required=False
    )
    booth_amount_vnd = _money(_("Mức hỗ trợ mỗi gian hàng (đồng)"))
    description = forms.CharField(
        label=_("Mô tả"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ParticipantForm(forms.Form):
    booths = forms.IntegerField(
        label=_("Số gian hàng"), initial=1, error_messages={"invalid": _("Hãy ghi một số.")}
    )
    supported_booths = forms.IntegerField(
        label=_("Số gian hàng được hỗ trợ"),
        initial=0,
        error_messages={"invalid": _("Hãy ghi một số.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"] = _enterprise_field(all_enterprises())
        self.order_fields(["enterprise", "booths", "supported_booths"])


class DialogueForm(forms.Form):
    title = forms.CharField(label=_("Tên hội nghị"), max_length=200)
    held_on = _date(_("Ngày tổ chức"))
    chair = forms.CharField(label=_("Chủ trì"), max_length=200)
    venue = forms.CharField(label=_("Địa điểm"), max_length=200, required=False)
    minutes = forms.CharField(
        label=_("Biên bản"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    participants = forms.ModelMultipleChoiceField(
        label=_("Doanh nghiệp tham dự"),
        queryset=Enterprise.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = all_enterprises()


class DifficultyForm(forms.Form):
    category = forms.ChoiceField(label=_("Lĩnh vực"), choices=DifficultyCategory.choices)
    title = forms.CharField(label=_("Tóm tắt"), max_length=200)
    description = forms.CharField(
        label=_("Nội dung vướng mắc"), widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args, enterprises, officer: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"] = _enterprise_field(enterprises)
        if enterprises.count() == 1:
            self.fields["enterprise"].initial = enterprises.first()
        order = ["enterprise", "category", "title", "description"]
        if officer:
            self.fields["received_on"] = _date(_("Ngày tiếp nhận"), required=False)
            self.fields["agency"] = _agency_field(required=False)
            self.fields["agency"].label = _("Chuyển ngay cho cơ quan xử lý")
            self.fields["due_on"] = _date(_("Hạn xử lý"), required=False)
            order += ["received_on", "agency", "due_on"]
        self.order_fields(order)


class MoveForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Bước tiếp theo"),
        choices=DifficultyStatus.choices,
        error_messages={
            "required": _("Vui lòng chọn bước tiếp theo."),
            "invalid_choice": _("Bước này không hợp lệ."),
        },
    )
    note = forms.CharField(
        label=_("Nội dung (trả lời, lý do)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    agency = _agency_field(required=False)
    due_on = _date(_("Hạn xử lý mới"), required=False)

    def __init__(self, *args, allowed: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        # Nothing chosen until the officer chooses: a preselected step (reopening an
        # answered case) would be applied by a plain "Cập nhật".
        self.fields["status"].choices = [
            ("", _("— Chọn bước tiếp theo —")),
            *((s, DifficultyStatus(s).label) for s in allowed if s in DifficultyStatus.values),
        ]


class ConfirmForm(forms.Form):
    """The enterprise's word on an answer: resolved, or not (with the reason)."""

    RESOLVED, NOT_RESOLVED = "resolved", "not_resolved"

    outcome = forms.ChoiceField(
        label=_("Kết quả"),
        choices=(
            (RESOLVED, _("Xác nhận đã giải quyết")),
            (NOT_RESOLVED, _("Chưa giải quyết được")),
        ),
        error_messages={
            "required": _("Vui lòng chọn một trong hai nút."),
            "invalid_choice": _("Vui lòng chọn một trong hai nút."),
        },
    )
    reason = forms.CharField(
        label=_("Lý do chưa giải quyết được"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5_000,
    )

    def clean(self):
        data = super().clean()
        if data.get("outcome") == self.NOT_RESOLVED and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Vui lòng ghi lý do vướng mắc chưa được giải quyết."))
        return data


class JoinForm(forms.Form):
    """A representative registers their enterprise for an event or a dialogue meeting, or
    withdraws it (the button pressed says which)."""

    JOIN, WITHDRAW = "join", "withdraw"

    action = forms.ChoiceField(
        label=_("Thao tác"),
        choices=((JOIN, _("Đăng ký tham gia")), (WITHDRAW, _("Rút đăng ký"))),
        error_messages={
            "required": _("Vui lòng chọn đăng ký hoặc rút đăng ký."),
            "invalid_choice": _("Vui lòng chọn đăng ký hoặc rút đăng ký."),
        },
    )

    def __init__(self, *args, enterprises, booths: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"] = _enterprise_field(enterprises)
        if len(enterprises) == 1:
            self.fields["enterprise"].initial = enterprises[0].pk
        if booths:
            self.fields["booths"] = forms.IntegerField(
                label=_("Số gian hàng đăng ký"),
                initial=1,
                required=False,
                min_value=1,
                max_value=20,
                error_messages={
                    "invalid": _("Hãy ghi một số."),
                    "min_value": _("Số gian hàng từ 1 đến 20."),
                    "max_value": _("Số gian hàng từ 1 đến 20."),
                },
            )


class ConnectionRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Lời nhắn gửi qua Sở Công Thương"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2_000,
        help_text=_(
            "Sở chuyển đề nghị tới doanh nghiệp kia; thông tin liên hệ được trao đổi qua Sở."
        ),
    )

    def __init__(self, *args, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"] = _enterprise_field(enterprises)
        if len(enterprises) == 1:
            self.fields["enterprise"].initial = enterprises[0].pk
        self.order_fields(["enterprise", "message"])


class ListingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=ListingKind.choices)
    subject = forms.ChoiceField(label=_("Đối tượng"), choices=ListingSubject.choices)
    title = forms.CharField(label=_("Tiêu đề"), max_length=200)
    description = forms.CharField(
        label=_("Mô tả"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    industry_group = forms.ModelChoiceField(
        label=_("Nhóm ngành"), queryset=IndustryGroup.objects.all(), required=False
    )
    vsic = forms.CharField(label=_("Mã ngành VSIC 2018"), max_length=6, required=False)
    hs_code = forms.CharField(label=_("Mã HS"), max_length=13, required=False)

    def __init__(self, *args, enterprises=None, **kwargs):
        super().__init__(*args, **kwargs)
        if enterprises is not None:
            self.fields["enterprise"] = _enterprise_field(enterprises)
            if enterprises.count() == 1:
                self.fields["enterprise"].initial = enterprises.first()
            self.order_fields(["enterprise", *ListingForm.base_fields])


class PartnerForm(forms.Form):
    name = forms.CharField(label=_("Tên doanh nghiệp đối tác"), max_length=300)
    province = forms.CharField(label=_("Tỉnh, thành phố"), max_length=100, required=False)
    country = forms.CharField(label=_("Quốc gia"), max_length=100, initial="Việt Nam")
    industry_group = forms.ModelChoiceField(
        label=_("Nhóm ngành"), queryset=IndustryGroup.objects.all(), required=False
    )
    description = forms.CharField(
        label=_("Giới thiệu"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    contact_name = forms.CharField(label=_("Người liên hệ"), max_length=200, required=False)
    contact_email = forms.EmailField(label=_("Thư điện tử liên hệ"), required=False)
    contact_phone = PhoneField(label=_("Điện thoại liên hệ"), required=False)


class ConnectionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kết quả"), choices=ConnectionKind.choices)
    happened_on = _date(_("Ngày"))
    value_vnd = _money(_("Giá trị hợp đồng (đồng)"))
    note = forms.CharField(
        label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"] = _enterprise_field(all_enterprises())
        self.fields["counterpart_enterprise"] = _enterprise_field(
            all_enterprises(), label=_("Doanh nghiệp đối tác trong thành phố")
        )
        self.fields["counterpart_enterprise"].required = False
        self.fields["partner"] = forms.ModelChoiceField(
            label=_("Hoặc đối tác ngoài thành phố"),
            queryset=Partner.objects.all(),
            required=False,
        )
        self.order_fields(["enterprise", "counterpart_enterprise", "partner", "kind"])
