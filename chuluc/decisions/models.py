"""From the council's result to recognition: the publication for public comment, the
comments, the People's Committee decision, one recognition per product with its
certificates, expiry reminders and the open-data snapshots of each decision."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chuluc.decisions.enums import (
    CertificateStatus,
    CommentEffect,
    CommentStatus,
    DecisionStatus,
    PublicationStatus,
    RecognitionStatus,
    Title,
)


def comment_upload_path(instance, filename: str) -> str:
    return f"comments/{instance.publication_id}/{uuid.uuid4().hex}"


def certificate_upload_path(instance, filename: str) -> str:
    return f"certificates/{instance.recognition.year}/{uuid.uuid4().hex}.pdf"


def snapshot_upload_path(instance, filename: str) -> str:
    return f"open-data/{instance.decision_id}/v{instance.version}/{filename}"


class Publication(models.Model):
    """The council's result put up for public comment (passing products, Top N marked)."""

    campaign = models.OneToOneField(
        "campaigns.Campaign", on_delete=models.PROTECT, related_name="publication"
    )
    published_at = models.DateTimeField(_("công bố lúc"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    comments_close_at = models.DateTimeField(_("hết hạn góp ý"))
    notice = models.TextField(_("thông báo kèm theo"), blank=True)
    historical = models.BooleanField(
        _("nhập lại kết quả đã công bố"),
        default=False,
        help_text=_("Công bố của đợt năm trước, trước khi có hệ thống (ghi ngày thật)."),
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=20,
        choices=PublicationStatus.choices,
        default=PublicationStatus.PUBLISHED,
    )

    class Meta:
        verbose_name = _("công bố lấy ý kiến")
        verbose_name_plural = _("công bố lấy ý kiến")

    def __str__(self) -> str:
        return f"{self.campaign}"


class PublishedEntry(models.Model):
    """One product of the published list, frozen at publication."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="entries")
    dossier = models.OneToOneField(
        "campaigns.Dossier", on_delete=models.PROTECT, related_name="published_entry"
    )
    product = models.ForeignKey("registry.Product", on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey(
        "registry.Enterprise", on_delete=models.PROTECT, related_name="+"
    )
    rank = models.PositiveIntegerField(_("thứ hạng"))
    total = models.DecimalField(_("tổng điểm"), max_digits=8, decimal_places=4)
    top = models.BooleanField(_("thuộc nhóm Top"), default=False)
    withdrawn = models.BooleanField(
        _("đưa ra khỏi danh sách"), default=False, help_text=_("Sau góp ý làm thay đổi kết quả.")
    )
    withdrawn_reason = models.TextField(_("lý do đưa ra"), blank=True)

    class Meta:
        ordering = ["publication", "rank", "id"]
        # the public page of a year reads its list a page at a time, in this order
        indexes = [models.Index(fields=["publication", "rank", "id"], name="publishedentry_list")]
        verbose_name = _("sản phẩm trong danh sách công bố")
        verbose_name_plural = _("sản phẩm trong danh sách công bố")

    def __str__(self) -> str:
        return f"#{self.rank} {self.product_id}"


class PublicComment(models.Model):
    """A comment sent through the site about a listed product; pre-moderated."""

    publication = models.ForeignKey(Publication, on_delete=models.PROTECT, related_name="comments")
    entry = models.ForeignKey(PublishedEntry, on_delete=models.PROTECT, related_name="comments")
    author_name = models.CharField(_("họ và tên"), max_length=120)
    author_contact = models.CharField(
        _("thư điện tử hoặc số điện thoại"), max_length=120, help_text=_("Không công khai.")
    )
    text = models.TextField(_("nội dung góp ý"))
    attachment = models.FileField(_("tệp đính kèm"), upload_to=comment_upload_path, blank=True)
    attachment_name = models.CharField(max_length=200, blank=True)
    received_at = models.DateTimeField()
    # Derived at creation (``chuluc.core.receipts``): the number the sender quotes.
    reference = models.CharField(
        _("số tiếp nhận"), max_length=40, unique=True, null=True, blank=True, editable=False
    )
    sender_key = models.CharField(
        max_length=64, help_text="Dấu băm địa chỉ gửi (chống gửi dồn), không lưu địa chỉ."
    )
    status = models.CharField(
        _("kiểm duyệt"),
        max_length=20,
        choices=CommentStatus.choices,
        default=CommentStatus.RECEIVED,
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    answer = models.TextField(_("trả lời của Sở"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    effect = models.CharField(
        _("ảnh hưởng đến kết quả"), max_length=20, choices=CommentEffect.choices, blank=True
    )

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["sender_key", "received_at"])]
        verbose_name = _("góp ý")
        verbose_name_plural = _("góp ý")

    def __str__(self) -> str:
        return f"{self.author_name}: {self.text[:40]}"


class Decision(models.Model):
    """The People's Committee decision recognising the products (entered once signed)."""

    campaign = models.OneToOneField(
        "campaigns.Campaign", on_delete=models.PROTECT, related_name="decision"
    )
    number = models.CharField(_("số quyết định"), max_length=60, unique=True)
    signed_on = models.DateField(_("ngày ký"))
    signer_name = models.CharField(_("người ký"), max_length=120)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=200)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField()
    historical = models.BooleanField(
        _("nhập lại quyết định đã ban hành"),
        default=False,
        help_text=_("Quyết định của đợt năm trước, ban hành trước khi có hệ thống."),
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=20,
        choices=DecisionStatus.choices,
        default=DecisionStatus.ENTERED,
    )

    class Meta:
        verbose_name = _("quyết định công nhận")
        verbose_name_plural = _("quyết định công nhận")

    def __str__(self) -> str:
        return self.number


class Recognition(models.Model):
    """One product recognised by a decision: SPCNCL, and where earned a Top place."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="recognitions")
    product = models.ForeignKey(
        "registry.Product", on_delete=models.PROTECT, related_name="recognitions"
    )
    enterprise = models.ForeignKey(
        "registry.Enterprise", on_delete=models.PROTECT, related_name="recognitions"
    )
    dossier = models.OneToOneField(
        "campaigns.Dossier", on_delete=models.PROTECT, related_name="recognition"
    )
    year = models.PositiveSmallIntegerField(_("năm công nhận"))
    top = models.BooleanField(_("thuộc nhóm Top"), default=False)
    rank = models.PositiveIntegerField(_("thứ hạng"))
    valid_from = models.DateField(_("hiệu lực từ"))
    valid_until = models.DateField(_("hiệu lực đến"))
    status = models.CharField(
        _("trạng thái"),
        max_length=20,
        choices=RecognitionStatus.choices,
        default=RecognitionStatus.ACTIVE,
    )
    renewal_of = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="renewed_by",
        verbose_name=_("công nhận lại từ"),
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.TextField(_("lý do thu hồi"), blank=True)
    revoked_decision = models.CharField(_("quyết định thu hồi"), max_length=120, blank=True)

    class Meta:
        ordering = ["decision", "rank", "id"]
        verbose_name = _("công nhận")
        verbose_name_plural = _("công nhận")
        indexes = [
            models.Index(fields=["status", "valid_until"]),
            # the indicators of a year and since a year, read from the index alone
            models.Index(fields=["year", "enterprise", "product"], name="recognition_year"),
            # a product's latest year (the directory's order): without it PostgreSQL may walk
            # the whole index above for every product
            models.Index(fields=["product", "year"], name="recognition_product_year"),
            # the enterprises holding a recognition valid in a year (support coverage)
            models.Index(
                fields=["enterprise", "valid_until", "valid_from", "status", "revoked_at"],
                name="recognition_validity",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.product_id}"


class Certificate(models.Model):
    """A certificate of a recognition (one SPCNCL, one more for a Top place); the number is
    what the public verification page and the QR code look up."""

    recognition = models.ForeignKey(
        Recognition, on_delete=models.PROTECT, related_name="certificates"
    )
    title = models.CharField(_("danh hiệu"), max_length=20, choices=Title.choices)
    number = models.CharField(_("số chứng nhận"), max_length=40, unique=True)
    issued_on = models.DateField(_("ngày cấp"))
    status = models.CharField(
        _("trạng thái"),
        max_length=20,
        choices=CertificateStatus.choices,
        default=CertificateStatus.ISSUED,
    )
    pdf = models.FileField(upload_to=certificate_upload_path, blank=True)
    pdf_generated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["recognition", "title"]
        constraints = [
            models.UniqueConstraint(fields=["recognition", "title"], name="uniq_certificate_title")
        ]
        verbose_name = _("giấy chứng nhận")
        verbose_name_plural = _("giấy chứng nhận")

    def __str__(self) -> str:
        return self.number


class ExpiryReminder(models.Model):
    """A reminder sent before a recognition expires: one per recognition and lead time, so
    that rerunning the daily command sends nothing twice."""

    recognition = models.ForeignKey(Recognition, on_delete=models.CASCADE, related_name="reminders")
    days_before = models.PositiveSmallIntegerField()
    sent_on = models.DateField()
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["recognition", "days_before"], name="uniq_expiry_reminder"
            )
        ]

    def __str__(self) -> str:
        return f"{self.recognition_id} −{self.days_before}"


class OpenDataSnapshot(models.Model):
    """A versioned snapshot of a decision's recognised list (CSV, JSON, XLSX) and its
    metadata record; earlier versions stay available at their own URL."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="snapshots")
    version = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField()
    reason = models.CharField(_("lý do phát hành"), max_length=300)
    csv_file = models.FileField(upload_to=snapshot_upload_path)
    json_file = models.FileField(upload_to=snapshot_upload_path)
    xlsx_file = models.FileField(upload_to=snapshot_upload_path)
    metadata = models.JSONField(default=dict)
    rows = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["decision", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "version"], name="uniq_snapshot_version")
        ]

    def __str__(self) -> str:
        return f"{self.decision} v{self.version}"


class PublicListVersion(models.Model):
    """One row: the generation of the public list, raised by every decision and revocation
    (``decisions.public_cache``); the cached public pages carry it in their keys."""

    number = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("phiên bản danh sách công khai")

    def __str__(self) -> str:
        return str(self.number)
