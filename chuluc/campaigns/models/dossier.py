"""Dossiers, their yearly figures, certificates, evidence, screening, computed scores and
timeline."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chuluc.campaigns.enums import (
    CertificateKind,
    DossierStatus,
    EligibilityConclusion,
    EvidenceKind,
    ScreeningOutcome,
)
from chuluc.campaigns.models.campaign import Campaign, EligibilityRule
from chuluc.campaigns.models.criteria import Criterion
from chuluc.registry.enums import ProductTrack


class Dossier(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="dossiers")
    product = models.ForeignKey(
        "registry.Product", on_delete=models.PROTECT, related_name="dossiers"
    )
    enterprise = models.ForeignKey(
        "registry.Enterprise", on_delete=models.PROTECT, related_name="dossiers"
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=20,
        choices=DossierStatus.choices,
        default=DossierStatus.DRAFT,
        db_index=True,
    )
    track = models.CharField(_("diện xét chọn"), max_length=20, choices=ProductTrack.choices)
    is_renewal = models.BooleanField(_("xét lại (đã từng được công nhận)"), default=False)
    hq_in_locality = models.BooleanField(_("trụ sở chính tại địa phương"), default=False)
    factory_in_locality = models.BooleanField(
        _("nhà máy/xưởng sản xuất tại địa phương"), default=False
    )
    startup_statement = models.TextField(_("thuyết minh doanh nghiệp khởi nghiệp"), blank=True)
    figures_version = models.PositiveIntegerField(default=0)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    # Given at the first submission (``chuluc.core.receipts``) and kept through every
    # resubmission: the one number the enterprise quotes for its dossier.
    reference = models.CharField(
        _("số tiếp nhận"), max_length=40, unique=True, null=True, blank=True, editable=False
    )
    # When the representative last made the declaration (cam đoan) by submitting.
    declared_at = models.DateTimeField(_("cam đoan lúc"), null=True, blank=True)
    resubmit_by = models.DateTimeField(_("hạn nộp lại"), null=True, blank=True)
    is_demo = models.BooleanField(_("dữ liệu mẫu"), default=False)
    # Copies of the enterprise's and the product's search keys, the order of the lists and
    # sheets of a campaign's dossiers (sorted and searched without joining either table).
    # Kept equal to them by ``campaigns.sort_keys`` whenever a name changes.
    enterprise_key = models.CharField(max_length=500, default="", editable=False)
    product_key = models.CharField(max_length=300, default="", editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "product"], name="uniq_dossier_product")
        ]
        indexes = [
            models.Index(
                fields=["campaign", "enterprise_key", "product_key", "id"],
                name="dossier_campaign_order",
            ),
            # the funnel's counts (applicants, eligible) of a campaign, from the index alone
            models.Index(fields=["campaign", "status"], name="dossier_campaign_status"),
        ]

    def __str__(self) -> str:
        return f"{self.product} — {self.campaign.year}" if self.campaign_id else str(self.product)

    @property
    def is_submitted(self) -> bool:
        """Submitted and waiting for the officer's screening."""
        return self.status == DossierStatus.SUBMITTED

    @property
    def is_returned(self) -> bool:
        return self.status == DossierStatus.RETURNED

    @property
    def has_receipt(self) -> bool:
        """Submitted at least once and not reopened for completion: its receipt is true."""
        return bool(self.reference) and self.status not in {
            DossierStatus.DRAFT,
            DossierStatus.RETURNED,
        }

    @property
    def is_discardable(self) -> bool:
        """A draft never submitted: its enterprise may delete it."""
        return self.status == DossierStatus.DRAFT and not self.reference


#: The figures an enterprise types for each year of its dossier.
FIGURE_FIELDS = ("revenue_vnd", "production_value_vnd", "export_usd", "employees")


class YearFigures(models.Model):
    """The dossier's figures for one calendar year (current values; history in FigureVersion)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="figures")
    year = models.PositiveSmallIntegerField(_("năm"))
    revenue_vnd = models.DecimalField(
        _("doanh thu sản phẩm (đồng)"), max_digits=20, decimal_places=0, null=True, blank=True
    )
    production_value_vnd = models.DecimalField(
        _("giá trị sản xuất công nghiệp (đồng)"),
        max_digits=20,
        decimal_places=0,
        null=True,
        blank=True,
    )
    export_usd = models.DecimalField(
        _("kim ngạch xuất khẩu (USD)"), max_digits=16, decimal_places=0, null=True, blank=True
    )
    employees = models.PositiveIntegerField(_("số lao động"), null=True, blank=True)

    class Meta:
        ordering = ["dossier", "year"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "year"], name="uniq_dossier_year")
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.year}"


class FigureVersion(models.Model):
    """Every version of a dossier's figures, kept for the history."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="figure_versions")
    number = models.PositiveIntegerField()
    figures = models.JSONField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField()

    class Meta:
        ordering = ["dossier", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "number"], name="uniq_figure_version")
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} v{self.number}"


class QualityCertificate(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="certificates")
    kind = models.CharField(_("loại"), max_length=20, choices=CertificateKind.choices)
    number = models.CharField(_("số hiệu"), max_length=100)
    issuer = models.CharField(_("nơi cấp"), max_length=200, blank=True)
    issued_on = models.DateField(_("ngày cấp"), null=True, blank=True)
    valid_until = models.DateField(_("hiệu lực đến"), null=True, blank=True)

    class Meta:
        ordering = ["kind", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


def evidence_upload_path(instance: "Evidence", filename: str) -> str:
    return f"dossiers/{instance.dossier_id}/{filename}"


class Evidence(models.Model):
    """A private document of a dossier. Served only through a permission check."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("loại tài liệu"), max_length=40, choices=EvidenceKind.choices)
    file = models.FileField(upload_to=evidence_upload_path)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "id"]

    def __str__(self) -> str:
        return self.original_name


class ScreeningCheck(models.Model):
    """One eligibility rule applied to one dossier: what the system found, and the
    officer's confirmation or override with a reason."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="screening")
    rule = models.ForeignKey(EligibilityRule, on_delete=models.PROTECT, related_name="+")
    automatic = models.CharField(
        _("kết quả tự động"), max_length=10, choices=ScreeningOutcome.choices
    )
    figures_used = models.JSONField(_("số liệu sử dụng"), default=dict)
    # The officer's conclusion: its lifecycle is ``campaigns.lifecycles.ELIGIBILITY``.
    officer_outcome = models.CharField(
        _("kết luận của cán bộ"),
        max_length=10,
        choices=EligibilityConclusion.choices,
        default=EligibilityConclusion.PENDING,
    )
    reason = models.TextField(_("lý do"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["rule__position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "rule"], name="uniq_screening_rule")
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.rule_id}"

    @property
    def decided(self) -> bool:
        return self.officer_outcome != EligibilityConclusion.PENDING

    @property
    def outcome(self) -> str:
        return self.officer_outcome if self.decided else self.automatic


class ComputedScore(models.Model):
    """Points of a computed criterion, derived from the dossier figures at screening."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="computed_scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(_("giá trị chỉ số"), max_digits=20, decimal_places=4, null=True)
    points = models.DecimalField(_("điểm"), max_digits=6, decimal_places=2)
    evidence_verified = models.BooleanField(_("đã xác minh minh chứng"), default=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["criterion__group__position", "criterion__position"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "criterion"], name="uniq_computed_score")
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.criterion_id}: {self.points}"


class DossierEvent(models.Model):
    """The dossier's timeline as the enterprise sees it: submitted, returned with comments,
    screened with reasons."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, choices=DossierStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=DossierStatus.choices)
    comment = models.TextField(_("nhận xét"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.dossier_id} → {self.to_status}"

    @property
    def is_submission(self) -> bool:
        """The enterprise's own step (a submission or resubmission), not an officer's."""
        return self.to_status == DossierStatus.SUBMITTED
