from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chuluc.campaigns.enums import (
    CertificateKind,
    DossierStatus,
    EligibilityKind,
    EvidenceKind,
    LegalDocumentKind,
    ScreeningOutcome,
)
from chuluc.campaigns.lifecycles import CAMPAIGN
from chuluc.campaigns.models import FIGURE_FIELDS, Campaign, CriteriaSet, YearFigures
from chuluc.campaigns.services.dossier import DECLARATION
from chuluc.core.text import localized
from chuluc.registry.enums import ProductTrack
from chuluc.registry.selectors import industry_group_choices


class DateInput(forms.DateInput):
    input_type = "date"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def format_value(self, value):
        if hasattr(value, "tzinfo") and value.tzinfo is not None:
            value = timezone.localtime(value)
        return value.strftime("%Y-%m-%dT%H:%M") if hasattr(value, "strftime") else value


class CampaignForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = [
            "name",
            "status",
            "criteria_set",
            "registration_opens",
            "registration_closes",
            "screening_ends",
            "scoring_starts",
            "scoring_ends",
            "comment_starts",
            "decision_due",
            "pass_mark",
            "top_n",
            "validity_months",
            "comment_window_days",
            "tie_break",
            "tie_break_criteria",
            "aggregation",
            "figure_years",
            "usd_rate",
            "resubmit_days",
        ]
        widgets = {
            "registration_opens": DateTimeInput(),
            "registration_closes": DateTimeInput(),
            "screening_ends": DateInput(),
            "scoring_starts": DateInput(),
            "scoring_ends": DateInput(),
            "comment_starts": DateInput(),
            "decision_due": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        program_id = self.instance.program_id
        self.fields["criteria_set"].queryset = CriteriaSet.objects.filter(
            program_id=program_id
        ).order_by("-version")
        for name in ("registration_opens", "registration_closes"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M"]
        if self.instance.criteria_set_id:  # the codes a tie-break may name, shown beside it
            criteria = self.instance.criteria_set.groups.values_list(
                "criteria__code", "criteria__name", "criteria__name_en"
            ).order_by("position", "criteria__position")
            listed = "; ".join(
                f"{code} {localized(name, name_en)}" for code, name, name_en in criteria if code
            )
            self.fields["tie_break_criteria"].help_text = _(
                "Khi chọn xử lý theo tiêu chí: mã tiêu chí, cách nhau bởi dấu phẩy, theo thứ tự "
                "ưu tiên. Các tiêu chí của bộ: %(criteria)s."
            ) % {"criteria": listed}
        # Only the states the campaign's lifecycle leads to from where it is now.
        allowed = {self.instance.status} | CAMPAIGN.targets_from(self.instance.status)
        self.fields["status"].choices = [
            (value, label) for value, label in CAMPAIGN.states.choices if value in allowed
        ]

    def _post_clean(self):  # the service validates
        pass


class CampaignCopyForm(forms.Form):
    source = forms.ModelChoiceField(label=_("Sao chép từ đợt"), queryset=Campaign.objects.none())
    year = forms.IntegerField(label=_("Năm của đợt mới"), min_value=2000, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = Campaign.objects.select_related("program").order_by(
            "-year"
        )


class FirstCampaignForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    registration_opens = forms.DateTimeField(
        label=_("Mở đăng ký"), widget=DateTimeInput(), input_formats=["%Y-%m-%dT%H:%M"]
    )
    registration_closes = forms.DateTimeField(
        label=_("Hạn nộp hồ sơ"), widget=DateTimeInput(), input_formats=["%Y-%m-%dT%H:%M"]
    )
    pass_mark = forms.DecimalField(
        label=_("Điểm đạt"), min_value=0, max_digits=6, decimal_places=2, initial=70
    )


class TargetForm(forms.Form):
    indicator = forms.SlugField(label=_("Mã chỉ tiêu"), max_length=60)
    label = forms.CharField(label=_("Tên chỉ tiêu"), max_length=200)
    low = forms.DecimalField(label=_("Từ"), required=False, min_value=0)
    high = forms.DecimalField(label=_("Đến"), required=False, min_value=0)
    unit = forms.CharField(label=_("Đơn vị"), max_length=30)


class RuleForm(forms.Form):
    code = forms.CharField(label=_("Mã"), max_length=20)
    name = forms.CharField(label=_("Điều kiện"), max_length=300)
    kind = forms.ChoiceField(label=_("Loại"), choices=EligibilityKind.choices)
    track = forms.ChoiceField(
        label=_("Áp dụng cho diện"),
        choices=[("", _("Mọi sản phẩm")), *ProductTrack.choices],
        required=False,
    )
    threshold = forms.DecimalField(
        label=_("Ngưỡng"), required=False, min_value=0, max_digits=18, decimal_places=2
    )
    document_kind = forms.ChoiceField(
        label=_("Tài liệu bắt buộc"), choices=[("", "—"), *EvidenceKind.choices], required=False
    )


class LegalBasisForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại văn bản"), choices=LegalDocumentKind.choices)
    number = forms.CharField(label=_("Số, ký hiệu"), max_length=60)
    issued_on = forms.DateField(label=_("Ngày ban hành"), required=False, widget=DateInput())
    title = forms.CharField(label=_("Trích yếu"), max_length=300, required=False)


class CriteriaImportForm(forms.Form):
    name = forms.CharField(
        label=_("Tên bộ tiêu chí (để trống: lấy trong tệp)"), max_length=200, required=False
    )
    file = forms.FileField(label=_("Tệp YAML hoặc XLSX"))


class DossierFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm sản phẩm, doanh nghiệp"), required=False)
    status = forms.ChoiceField(
        label=_("Trạng thái"), required=False, choices=[("", _("Tất cả")), *DossierStatus.choices]
    )
    group = forms.TypedChoiceField(
        label=_("Nhóm ngành"), required=False, coerce=int, empty_value=None
    )
    renewal = forms.ChoiceField(
        label=_("Lần xét"),
        required=False,
        choices=[("", _("Tất cả")), ("first", _("Lần đầu")), ("renewal", _("Xét lại"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [("", _("Tất cả")), *industry_group_choices()]


FIGURE_LABELS = {
    "revenue_vnd": _("Doanh thu sản phẩm (đồng)"),
    "production_value_vnd": _("Giá trị sản xuất công nghiệp (đồng)"),
    "export_usd": _("Kim ngạch xuất khẩu (USD)"),
    "employees": _("Số lao động (người)"),
}


class DossierForm(forms.Form):
    """The dossier's declarations and, per year, its figures (fields like revenue_vnd_2024)."""

    track = forms.ChoiceField(label=_("Diện xét chọn"), choices=ProductTrack.choices)
    hq_in_locality = forms.BooleanField(label=_("Trụ sở chính tại Hà Nội"), required=False)
    factory_in_locality = forms.BooleanField(
        label=_("Nhà máy/xưởng sản xuất tại Hà Nội"), required=False
    )
    startup_statement = forms.CharField(
        label=_("Thuyết minh (doanh nghiệp khởi nghiệp)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, years: list[YearFigures], **kwargs):
        super().__init__(*args, **kwargs)
        self.years = [row.year for row in years]
        for row in years:
            for name in FIGURE_FIELDS:
                self.fields[f"{name}_{row.year}"] = forms.CharField(
                    label=f"{FIGURE_LABELS[name]} — {row.year}",
                    required=False,
                    initial=""
                    if getattr(row, name) is None
                    else f"{getattr(row, name):f}"
                    if name != "employees"
                    else getattr(row, name),
                    widget=forms.TextInput(
                        attrs={
                            "inputmode": "numeric",
                            "autocomplete": "off",
                            "aria-label": f"{FIGURE_LABELS[name]} — {row.year}",
                        }
                    ),
                )

    #: Its figures' messages name their row and year: the error summary shows them alone.
    errors_name_fields = True
    #: The hidden input carrying the cells the page shows as invalid, so an autosave
    #: answer redraws those it must unmark as well as those it must mark.
    MARKED = "figures_marked"

    def figure_grid(self):
        return [
            (FIGURE_LABELS[name], [self[f"{name}_{year}"] for year in self.years])
            for name in FIGURE_FIELDS
        ]

    def figure_names(self) -> list[str]:
        return [f"{name}_{year}" for name in FIGURE_FIELDS for year in self.years]

    def invalid_figures(self) -> str:
        """The figure cells now invalid, for the hidden input."""
        return " ".join(name for name in self.figure_names() if name in self.errors)

    def cells_to_redraw(self):
        """On an autosave, the cells whose marking changes: invalid now, or shown invalid
        before this answer. The others are left alone, so typing elsewhere is not lost."""
        before = set(str(self.data.get(self.MARKED, "")).split()) if self.is_bound else set()
        return [self[name] for name in self.figure_names() if name in self.errors or name in before]

    def split(self) -> tuple[dict, dict]:
        data = dict(self.cleaned_data)
        figures = {
            year: {name: data.pop(f"{name}_{year}") for name in FIGURE_FIELDS}
            for year in self.years
        }
        return data, figures


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại tài liệu"), choices=EvidenceKind.choices)
    file = forms.FileField(label=_("Tệp (PDF, ảnh, XLSX, DOCX)"))


class CertificateForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại chứng nhận"), choices=CertificateKind.choices)
    number = forms.CharField(label=_("Số hiệu"), max_length=100)
    issuer = forms.CharField(label=_("Nơi cấp"), max_length=200, required=False)
    issued_on = forms.DateField(label=_("Ngày cấp"), required=False, widget=DateInput())
    valid_until = forms.DateField(label=_("Hiệu lực đến"), required=False, widget=DateInput())


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("Nội dung cần bổ sung"), widget=forms.Textarea(attrs={"rows": 3})
    )
    resubmit_by = forms.DateTimeField(
        label=_("Hạn nộp lại"),
        required=False,
        widget=DateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M"],
    )


class ScreeningDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=[(ScreeningOutcome.PASS, _("Đạt")), (ScreeningOutcome.FAIL, _("Không đạt"))]
    )
    reason = forms.CharField(label=_("Lý do"), required=False, max_length=2000)


class ConcludeForm(forms.Form):
    comment = forms.CharField(
        label=_("Ghi chú gửi doanh nghiệp"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SubmitForm(forms.Form):
    """Submitting is declaring: the representative ticks the enterprise's declaration."""

    declared = forms.BooleanField(
        label=DECLARATION,
        error_messages={
            "required": _("Vui lòng đánh dấu lời cam đoan của doanh nghiệp trước khi nộp.")
        },
    )


class DeleteDraftForm(forms.Form):
    """Deleting a draft is asked twice: the button opens the question, the box confirms."""

    confirm = forms.BooleanField(
        label=_("Tôi hiểu hồ sơ nháp này sẽ bị xóa hẳn, kể cả số liệu và tài liệu đã tải lên."),
        error_messages={"required": _("Vui lòng đánh dấu xác nhận xóa hồ sơ nháp.")},
    )
