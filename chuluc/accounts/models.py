from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from chuluc.accounts.enums import MembershipStatus, Role


class User(AbstractUser):
    full_name = models.CharField(_("họ và tên"), max_length=200, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=40, blank=True)
    is_demo = models.BooleanField(_("tài khoản mẫu"), default=False)

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self) -> str:
        return self.full_name or self.username


class RoleAssignment(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("vai trò"), max_length=30, choices=Role.choices)
    agency = models.ForeignKey(
        "core.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cơ quan"),
    )

    class Meta:
        verbose_name = _("vai trò")
        verbose_name_plural = _("vai trò")
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="uniq_user_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"


def membership_letter_path(instance: "EnterpriseMembership", filename: str) -> str:
    return f"memberships/{instance.user_id}/{filename}"


class EnterpriseMembership(models.Model):
    """A user who represents an enterprise; acts for it only once an officer verifies.

    A firm that registers itself with a tax code the register does not hold yet has no
    enterprise row until an officer verifies the registration: the ``applied_*`` fields
    keep what the applicant typed, and the register is written only then, so a rejected
    registration leaves nothing behind in it."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    enterprise = models.ForeignKey(
        "registry.Enterprise",
        on_delete=models.CASCADE,
        related_name="memberships",
        null=True,
        blank=True,
    )
    applied_tax_code = models.CharField(_("mã số thuế đăng ký"), max_length=20, blank=True)
    applied_name = models.CharField(_("tên doanh nghiệp đăng ký"), max_length=300, blank=True)
    applied_details = models.JSONField(
        _("thông tin doanh nghiệp đăng ký"), default=dict, blank=True
    )
    # The authorisation letter (giấy ủy quyền) a representative of a firm already in the
    # register must give: private, served only to officers and the applicant.
    letter = models.FileField(_("giấy ủy quyền"), upload_to=membership_letter_path, blank=True)
    letter_name = models.CharField(_("tên tệp giấy ủy quyền"), max_length=255, blank=True)
    letter_type = models.CharField(max_length=120, blank=True)
    position = models.CharField(_("chức vụ"), max_length=120, blank=True)
    status = models.CharField(
        _("trạng thái"),
        max_length=20,
        choices=MembershipStatus.choices,
        default=MembershipStatus.PENDING,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đại diện doanh nghiệp")
        verbose_name_plural = _("đại diện doanh nghiệp")
        constraints = [
            models.UniqueConstraint(fields=["user", "enterprise"], name="uniq_membership"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.firm_name}"

    @property
    def firm_name(self) -> str:
        """The firm's name in the register, or as applied for while it is not there yet."""
        return self.enterprise.name if self.enterprise_id else self.applied_name

    @property
    def firm_tax_code(self) -> str:
        return self.enterprise.tax_code if self.enterprise_id else self.applied_tax_code

    @property
    def founds_enterprise(self) -> bool:
        """Verifying it writes a new firm into the register."""
        return self.enterprise_id is None

    @property
    def is_unconfirmed(self) -> bool:
        return self.status == MembershipStatus.UNCONFIRMED

    @property
    def is_pending(self) -> bool:
        return self.status == MembershipStatus.PENDING

    @property
    def is_verified(self) -> bool:
        return self.status == MembershipStatus.VERIFIED

    @property
    def is_rejected(self) -> bool:
        return self.status == MembershipStatus.REJECTED


class ApiToken(models.Model):
    """A personal token for an officer's machine client of the API. Only a SHA-256 hash of
    the secret is stored; the secret is shown once, when the token is created."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("tên gợi nhớ"), max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField(_("hết hạn"), null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("mã truy cập API")
        verbose_name_plural = _("mã truy cập API")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
