"""The catalogue of support policies, their yearly budget lines, requests, trade events and
the ledger of support given."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chuluc.support.enums import Eligibility, PolicyCategory, RequestStatus, SupportForm

MONEY = {"max_digits": 18, "decimal_places": 0}


def support_evidence_upload_path(instance, filename: str) -> str:
    return f"support/{instance.given_on.year}/{uuid.uuid4().hex}-{filename}"


class Policy(models.Model):
    """A support policy of the catalogue: category, legal basis, who is eligible (a declared
    rule), the usual form of support and the service deadline for requests."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên chính sách"), max_length=200)
    category = models.CharField(_("nhóm hỗ trợ"), max_length=30, choices=PolicyCategory.choices)
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=300)
    eligibility = models.CharField(
        _("đối tượng được hỗ trợ"),
        max_length=30,
        choices=Eligibility.choices,
        default=Eligibility.VALID_RECOGNITION,
    )
    kind = models.CharField(
        _("hình thức hỗ trợ"), max_length=20, choices=SupportForm.choices, default=SupportForm.OTHER
    )
    description = models.TextField(_("nội dung hỗ trợ"), blank=True)
    agency = models.ForeignKey(
        "core.Agency",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cơ quan chủ trì"),
    )
    sla_days = models.PositiveSmallIntegerField(
        _("thời hạn xử lý đề nghị (ngày)"),
        default=15,
        help_text=_("Số ngày kể từ khi doanh nghiệp gửi đề nghị."),
    )
    is_active = models.BooleanField(_("đang áp dụng"), default=True)
    is_demo = models.BooleanField(_("dữ liệu mẫu"), default=False)

    class Meta:
        ordering = ["category", "name", "id"]
        verbose_name = _("chính sách hỗ trợ")
        verbose_name_plural = _("chính sách hỗ trợ")

    def __str__(self) -> str:
        return self.name


class BudgetLine(models.Model):
    """The budget of a policy for a year; its use is the sum of the ledger (computed)."""

    policy = models.ForeignKey(Policy, on_delete=models.PROTECT, related_name="budget_lines")
    year = models.PositiveSmallIntegerField(_("năm"))
    amount_vnd = models.DecimalField(_("dự toán (đồng)"), **MONEY)

    class Meta:
        ordering = ["-year", "policy"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "year"], name="uniq_budget_line"),
            models.CheckConstraint(condition=Q(amount_vnd__gte=0), name="budget_not_negative"),
        ]
        verbose_name = _("dự toán kinh phí")
        verbose_name_plural = _("dự toán kinh phí")

    def __str__(self) -> str:
        return f"{self.policy_id} {self.year}"


class SupportRequest(models.Model):
    """An enterprise's online request for support under a policy. The due date is fixed at
    submission from the policy's service deadline; *overdue* is derived, never stored."""

    enterprise = models.ForeignKey(
        "registry.Enterprise", on_delete=models.PROTECT, related_name="support_requests"
    )
    policy = models.ForeignKey(Policy, on_delete=models.PROTECT, related_name="requests")
    description = models.TextField(_("nội dung đề nghị"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("gửi lúc"))
    # Derived at creation (``chuluc.core.receipts``): the number the sender quotes.
    reference = models.CharField(
        _("số tiếp nhận"), max_length=40, unique=True, null=True, blank=True, editable=False
    )
    due_on = models.DateField(_("hạn xử lý"))
    status = models.CharField(
        _("trạng thái"),
        max_length=20,
        choices=RequestStatus.choices,
        default=RequestStatus.SUBMITTED,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    refusal_reason = models.TextField(_("lý do không chấp thuận"), blank=True)
    is_demo = models.BooleanField(_("dữ liệu mẫu"), default=False)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["status", "due_on"])]
        verbose_name = _("đề nghị hỗ trợ")
        verbose_name_plural = _("đề nghị hỗ trợ")

    def __str__(self) -> str:
        return f"#{self.pk} {self.policy_id} → {self.enterprise_id}"


class TradeEvent(models.Model):
    """A trade-promotion event (e.g. the yearly key-products exhibition)."""

    name = models.CharField(_("tên sự kiện"), max_length=200)
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    venue = models.CharField(_("địa điểm"), max_length=200)
    policy = models.ForeignKey(
        Policy,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("chính sách hỗ trợ gian hàng"),
    )
    booth_amount_vnd = models.DecimalField(_("mức hỗ trợ mỗi gian hàng (đồng)"), default=0, **MONEY)
    description = models.TextField(_("mô tả"), blank=True)
    is_demo = models.BooleanField(_("dữ liệu mẫu"), default=False)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("sự kiện xúc tiến thương mại")
        verbose_name_plural = _("sự kiện xúc tiến thương mại")

    def __str__(self) -> str:
        return self.name


class EventParticipant(models.Model):
    event = models.ForeignKey(TradeEvent, on_delete=models.PROTECT, related_name="participants")
    enterprise = models.ForeignKey(
        "registry.Enterprise", on_delete=models.PROTECT, related_name="event_participations"
    )
    booths = models.PositiveSmallIntegerField(_("số gian hàng"), default=1)
    supported_booths = models.PositiveSmallIntegerField(_("số gian hàng được hỗ trợ"), default=0)

    class Meta:
        ordering = ["event", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "enterprise"], name="uniq_participant")
        ]

    def __str__(self) -> str:
        return f"{self.event_id}: {self.enterprise_id}"


class SupportRecord(models.Model):
    """One line of the ledger: a support given to an enterprise under a policy."""

    enterprise = models.ForeignKey(
        "registry.Enterprise",
        on_delete=models.PROTECT,
        related_name="support_records",
        verbose_name=_("doanh nghiệp"),
    )
    policy = models.ForeignKey(
        Policy, on_delete=models.PROTECT, related_name="records", verbose_name=_("chính sách")
    )
    given_on = models.DateField(_("ngày hỗ trợ"))
    kind = models.CharField(_("hình thức"), max_length=20, choices=SupportForm.choices)
    quantity = models.DecimalField(_("số lượng"), max_digits=12, decimal_places=2)
    amount_vnd = models.DecimalField(_("kinh phí (đồng)"), default=0, **MONEY)
    agency = models.ForeignKey(
        "core.Agency",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cơ quan thực hiện"),
    )
    description = models.CharField(_("nội dung"), max_length=300, blank=True)
    evidence = models.FileField(
        _("tài liệu minh chứng"), upload_to=support_evidence_upload_path, blank=True
    )
    evidence_name = models.CharField(max_length=200, blank=True)
    evidence_type = models.CharField(max_length=100, blank=True)
    request = models.OneToOneField(
        SupportRequest, on_delete=models.PROTECT, null=True, blank=True, related_name="record"
    )
    participation = models.OneToOneField(
        EventParticipant,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="record",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()
    is_demo = models.BooleanField(_("dữ liệu mẫu"), default=False)

    class Meta:
        ordering = ["-given_on", "-id"]
        indexes = [
            models.Index(fields=["given_on"]),
            models.Index(fields=["enterprise", "given_on"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="record_quantity_positive"),
            models.CheckConstraint(
                condition=Q(amount_vnd__gte=0), name="record_amount_not_negative"
            ),
        ]
        verbose_name = _("hỗ trợ đã thực hiện")
        verbose_name_plural = _("sổ theo dõi hỗ trợ")

    def __str__(self) -> str:
        return f"{self.given_on:%d/%m/%Y} {self.policy_id} → {self.enterprise_id}"
