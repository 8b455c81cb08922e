"""The evaluation council: members, who scores which criterion, conflicts of interest,
independent scores in rounds, locked after closing, corrections approved by the chair, and
the results computed from them (never typed)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chuluc.council.enums import (
    ConflictSource,
    CorrectionStatus,
    MemberRole,
    RoundStatus,
    ScoreSheetStatus,
)


class Council(models.Model):
    campaign = models.OneToOneField(
        "campaigns.Campaign", on_delete=models.PROTECT, related_name="council"
    )
    name = models.CharField(_("tên Hội đồng"), max_length=300)
    decision_number = models.CharField(_("số quyết định thành lập"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    disagreement_threshold = models.DecimalField(
        _("ngưỡng chênh lệch điểm cần thảo luận"),
        max_digits=4,
        decimal_places=2,
        default=0.3,
        help_text=_("Tỷ lệ (điểm cao nhất − thấp nhất) / điểm tối đa của tiêu chí."),
    )
    normalise = models.BooleanField(_("tính thêm điểm chuẩn hóa theo thành viên"), default=False)

    class Meta:
        verbose_name = _("Hội đồng")
        verbose_name_plural = _("Hội đồng")

    def __str__(self) -> str:
        return self.name


class Member(models.Model):
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="council_seats"
    )
    title = models.CharField(_("chức danh"), max_length=200)
    agency = models.ForeignKey(
        "core.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    role = models.CharField(
        _("vai trò"), max_length=20, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    no_conflict_signed_at = models.DateTimeField(
        _("ký cam kết không xung đột lợi ích lúc"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("thành viên Hội đồng")
        verbose_name_plural = _("thành viên Hội đồng")
        ordering = ["council", "role", "id"]
        constraints = [models.UniqueConstraint(fields=["council", "user"], name="uniq_member")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class CriterionAssignment(models.Model):
    """Who scores which judged criterion in this campaign (QĐ 2023/QĐ-UBND annex)."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="assignments")
    criterion = models.ForeignKey("campaigns.Criterion", on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="assignments")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["criterion", "member"], name="uniq_assignment")
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id} → {self.member_id}"


class Conflict(models.Model):
    """A member who must neither see nor score a dossier. A conflict declared against an
    enterprise is one row per dossier of that enterprise in the campaign, each naming it."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="conflicts")
    dossier = models.ForeignKey(
        "campaigns.Dossier", on_delete=models.CASCADE, related_name="conflicts"
    )
    enterprise = models.ForeignKey(
        "registry.Enterprise",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("khai báo với doanh nghiệp"),
    )
    source = models.CharField(_("nguồn"), max_length=20, choices=ConflictSource.choices)
    reason = models.TextField(_("lý do"))
    at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["member", "dossier"], name="uniq_conflict")]

    def __str__(self) -> str:
        return f"{self.member_id} × {self.dossier_id}"


class Round(models.Model):
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField(_("vòng"))
    name = models.CharField(_("tên vòng"), max_length=200)
    opens_on = models.DateField(_("bắt đầu"), null=True, blank=True)
    closes_on = models.DateField(_("kết thúc"), null=True, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=RoundStatus.choices, default=RoundStatus.OPEN
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reopen_reason = models.TextField(
        _("lý do mở lại việc đánh giá"),
        blank=True,
        help_text=_("Khi Chủ tịch mở lại việc đánh giá sau khi vòng trước đã khóa."),
    )
    combined_at = models.DateTimeField(
        null=True, blank=True, help_text="Khi điểm tổng hợp theo tiêu chí của vòng được tính lại."
    )

    class Meta:
        ordering = ["council", "number"]
        constraints = [models.UniqueConstraint(fields=["council", "number"], name="uniq_round")]

    def __str__(self) -> str:
        return self.name


class ScoreSheet(models.Model):
    """A member's score sheet for a round: draft while they score, submitted when they
    declare it complete; changing a score afterwards, or a dossier entering or leaving the
    list they score, takes it back to draft (``council.lifecycles.SCORE_SHEET``) with the
    reason shown to the member. The scores themselves are ``Score`` rows."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="sheets")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="sheets")
    status = models.CharField(
        _("trạng thái"),
        max_length=20,
        choices=ScoreSheetStatus.choices,
        default=ScoreSheetStatus.DRAFT,
    )
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    reopened_because = models.TextField(
        _("lý do phiếu được mở lại"),
        blank=True,
        help_text=_("Điều thành viên được báo trên trang chấm khi phiếu đã nộp bị mở lại."),
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "member"], name="uniq_score_sheet")]

    def __str__(self) -> str:
        return f"{self.round_id} {self.member_id}"

    @property
    def is_submitted(self) -> bool:
        """Declared complete by its member (not taken back to draft since)."""
        return self.status == ScoreSheetStatus.SUBMITTED


class Score(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="scores")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="scores")
    dossier = models.ForeignKey(
        "campaigns.Dossier", on_delete=models.PROTECT, related_name="scores"
    )
    criterion = models.ForeignKey("campaigns.Criterion", on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(_("điểm"), max_digits=6, decimal_places=2)
    comment = models.TextField(_("nhận xét"), blank=True)
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "member", "dossier", "criterion"], name="uniq_score"
            )
        ]
        indexes = [models.Index(fields=["round", "dossier"])]

    def __str__(self) -> str:
        return f"{self.member_id}/{self.dossier_id}/{self.criterion_id}: {self.value}"


class CombinedScore(models.Model):
    """The scores of one (dossier, judged criterion) in a closed round, combined by each rule
    (in 0.0001 units, as ``aggregation.combine_units``), without the scores of members who
    declared a conflict with the dossier. Derived data: rebuilt by ``council.combined`` when
    the round closes, a correction is approved or a conflict is declared; the ranking reads
    these 20 rows per dossier instead of every member's scores."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="combined")
    dossier = models.ForeignKey("campaigns.Dossier", on_delete=models.CASCADE, related_name="+")
    criterion = models.ForeignKey("campaigns.Criterion", on_delete=models.PROTECT, related_name="+")
    scorers = models.PositiveSmallIntegerField()
    mean = models.IntegerField()
    median = models.IntegerField()
    trimmed_mean = models.IntegerField()
    low = models.DecimalField(max_digits=6, decimal_places=2)
    high = models.DecimalField(max_digits=6, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "dossier", "criterion"], name="uniq_combined_score"
            )
        ]

    def __str__(self) -> str:
        return f"{self.round_id}/{self.dossier_id}/{self.criterion_id}"


class Correction(models.Model):
    """A change to a locked score: requested with a reason, applied only on the chair's approval."""

    score = models.ForeignKey(Score, on_delete=models.PROTECT, related_name="corrections")
    old_value = models.DecimalField(max_digits=6, decimal_places=2)
    new_value = models.DecimalField(_("điểm mới"), max_digits=6, decimal_places=2)
    reason = models.TextField(_("lý do"))
    status = models.CharField(
        max_length=20, choices=CorrectionStatus.choices, default=CorrectionStatus.REQUESTED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(_("lý do duyệt hoặc từ chối"), blank=True)

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.score_id}: {self.old_value} → {self.new_value}"

    @property
    def is_requested(self) -> bool:
        """Waiting for the chair's decision."""
        return self.status == CorrectionStatus.REQUESTED


class TieVote(models.Model):
    """The council's recorded vote that orders dossiers left tied after the tie-break rule."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="tie_votes")
    order = models.JSONField(
        _("thứ tự theo biểu quyết"), help_text=_("Danh sách mã hồ sơ, người thắng trước.")
    )
    minutes = models.TextField(_("ghi chép biểu quyết"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.council_id}: {self.order}"


class Result(models.Model):
    """A dossier's result, recomputed from scores whenever they change; never typed."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="results")
    dossier = models.OneToOneField(
        "campaigns.Dossier", on_delete=models.CASCADE, related_name="result"
    )
    components = models.JSONField(default=dict)
    total = models.DecimalField(max_digits=8, decimal_places=4)
    normalised_total = models.DecimalField(max_digits=8, decimal_places=4, null=True)
    rank = models.PositiveIntegerField()
    passed = models.BooleanField()
    top = models.BooleanField()
    tie_group = models.PositiveIntegerField(null=True)
    tie_resolved_by = models.CharField(max_length=40, blank=True)
    needs_vote = models.BooleanField(default=False)
    disagreements = models.JSONField(default=list)
    missing = models.JSONField(default=list)
    computed_at = models.DateTimeField()
    digest = models.CharField(
        max_length=40,
        blank=True,
        help_text="Dấu vân tay các trường trên, để chỉ ghi lại kết quả đã đổi.",
    )

    class Meta:
        ordering = ["council", "rank", "dossier_id"]
        # The ranking page reads one page of a council's results in rank order.
        indexes = [models.Index(fields=["council", "rank", "dossier"], name="result_rank_idx")]

    def __str__(self) -> str:
        return f"{self.dossier_id}: #{self.rank} {self.total}"
