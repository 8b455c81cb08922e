"""Writes of a dossier by its enterprise and the officer: create it, save its figures as
the enterprise types (every version kept), submit or resubmit it, return it for completion.
Its status moves through ``campaigns.lifecycles.DOSSIER``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from chuluc.campaigns import checklist
from chuluc.campaigns.enums import DossierStatus
from chuluc.campaigns.lifecycles import DOSSIER
from chuluc.campaigns.models import (
    FIGURE_FIELDS,
    Campaign,
    Dossier,
    DossierEvent,
    Evidence,
    FigureVersion,
    YearFigures,
)
from chuluc.campaigns.rules import can_edit_dossier
from chuluc.campaigns.selectors import edit_refusal, is_renewal, registration_refusal
from chuluc.campaigns.services.screening import screening_run
from chuluc.core import receipts
from chuluc.core.audit import audit_record, diff, snapshot
from chuluc.core.errors import ApplicationError
from chuluc.core.receipts import reference_number
from chuluc.core.text import nfc

DOSSIER_FIELDS = ("track", "hq_in_locality", "factory_in_locality", "startup_statement")


def ensure_editable(dossier: Dossier, now: dt.datetime) -> None:
    """Raise unless the enterprise may still change its dossier (``edit_refusal``)."""
    reason = edit_refusal(dossier, now)
    if reason:
        raise ApplicationError(reason)


@transaction.atomic
def dossier_create(
    *, actor, campaign: Campaign, product, now: dt.datetime | None = None
) -> Dossier:
    now = now or timezone.now()
    reason = registration_refusal(campaign, now)
    if reason:
        raise ApplicationError(reason)
    if Dossier.objects.filter(campaign=campaign, product=product).exists():
        raise ApplicationError(_("Sản phẩm này đã có hồ sơ trong đợt xét chọn."))
    enterprise = product.enterprise
    dossier = Dossier.objects.create(
        campaign=campaign,
        product=product,
        enterprise=enterprise,
        status=DOSSIER.initial,
        track=product.track,
        is_renewal=is_renewal(product, campaign),
        hq_in_locality=enterprise.hq_in_hanoi,
        factory_in_locality=enterprise.factory_in_hanoi,
        is_demo=product.is_demo,
        enterprise_key=enterprise.search_key,
        product_key=product.search_key,
        created_by=actor,
    )
    YearFigures.objects.bulk_create(
        YearFigures(dossier=dossier, year=year)
        for year in range(campaign.year - campaign.figure_years, campaign.year)
    )
    # The timeline starts here; every later row is written by the lifecycle.
    DossierEvent.objects.create(dossier=dossier, to_status=DOSSIER.initial, actor=actor, at=now)
    audit_record(
        actor=actor,
        action="dossier.create",
        obj=dossier,
        changes={
            "campaign": [None, campaign.pk],
            "product": [None, product.pk],
            "is_renewal": [None, dossier.is_renewal],
        },
    )
    return dossier


def _figures_snapshot(dossier: Dossier) -> dict[str, dict[str, Any]]:
    return {str(f.year): snapshot(f, FIGURE_FIELDS) for f in dossier.figures.order_by("year")}


#: Each figure's row as a person names it in a message, and how to type it.
FIGURE_ROWS = {
    "revenue_vnd": (_lazy("Doanh thu sản phẩm"), _lazy("nhập số đồng, ví dụ 12500000000")),
    "production_value_vnd": (
        _lazy("Giá trị sản xuất công nghiệp"),
        _lazy("nhập số đồng, ví dụ 12500000000"),
    ),
    "export_usd": (_lazy("Kim ngạch xuất khẩu"), _lazy("nhập số USD, ví dụ 1500000")),
    "employees": (_lazy("Số lao động"), _lazy("nhập số người, ví dụ 250")),
}


def _clean_figure(name: str, year: int, value: Any) -> Any:
    """The figure as a number; refused with a message that names its row and year, so a
    person finds it in the grid (and an API client in the error's key)."""
    if value in (None, ""):
        return None
    row, hint = FIGURE_ROWS[name]
    where = {"row": row, "year": year, "value": str(value)[:40], "hint": hint}
    key = f"{name}_{year}"
    try:
        number = (
            Decimal(str(value).replace(".", "").replace(" ", ""))
            if isinstance(value, str)
            else Decimal(value)
        )
        if not number.is_finite():
            raise ValueError(value)
    except Exception:
        raise ValidationError(
            {key: _("%(row)s năm %(year)s: “%(value)s” không phải là số — %(hint)s.") % where}
        ) from None
    if number < 0:
        raise ValidationError(
            {key: _("%(row)s năm %(year)s: số liệu không được âm — %(hint)s.") % where}
        )
    if name == "employees":
        if number != number.to_integral_value():
            raise ValidationError(
                {key: _("%(row)s năm %(year)s phải là số nguyên — %(hint)s.") % where}
            )
        return int(number)
    return number.quantize(Decimal(1))


@transaction.atomic
def dossier_save(
    *,
    actor,
    dossier: Dossier,
    figures: dict[int, dict[str, Any]] | None = None,
    now: dt.datetime | None = None,
    **fields: Any,
) -> Dossier:
    """Save a draft (or a returned dossier) as the enterprise types; every change of the
    figures is kept as a new version."""
    now = now or timezone.now()
    dossier = Dossier.objects.select_for_update().select_related("campaign").get(pk=dossier.pk)
    ensure_editable(dossier, now)
    unknown = set(fields) - set(DOSSIER_FIELDS)
    if unknown:
        raise ApplicationError(_("Trường không được phép: %s") % ", ".join(sorted(unknown)))
    before_fields = snapshot(dossier, DOSSIER_FIELDS)
    before_figures = _figures_snapshot(dossier)
    for name, value in fields.items():
        setattr(dossier, name, nfc(value) if name == "startup_statement" else value)
    errors: dict[str, list[str]] = {}
    rows = {f.year: f for f in dossier.figures.all()}
    for year, values in (figures or {}).items():
        row = rows.get(int(year))
        if row is None:
            raise ApplicationError(_("Năm %s không thuộc hồ sơ.") % year)
        for name, value in values.items():
            if name not in FIGURE_FIELDS:
                raise ApplicationError(_("Trường không được phép: %s") % name)
            try:
                setattr(row, name, _clean_figure(name, int(year), value))
            except ValidationError as exc:
                errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    dossier.full_clean(exclude=["campaign", "product", "enterprise", "created_by"])
    for row in rows.values():
        row.save()
    after_figures = _figures_snapshot(dossier)
    changes = diff(before_fields, snapshot(dossier, DOSSIER_FIELDS))
    if after_figures != before_figures:
        dossier.figures_version += 1
        FigureVersion.objects.create(
            dossier=dossier,
            number=dossier.figures_version,
            figures=after_figures,
            actor=actor,
            at=now,
        )
        changes["figures"] = [before_figures, after_figures]
    if not changes:
        return dossier
    dossier.save()
    audit_record(actor=actor, action="dossier.save", obj=dossier, changes=changes)
    return dossier


#: The declaration the representative makes by submitting (cam đoan).
DECLARATION = _lazy(
    "Doanh nghiệp cam đoan các thông tin, số liệu và tài liệu trong hồ sơ là trung thực, "
    "chính xác và chịu trách nhiệm trước pháp luật"
)


@transaction.atomic
def dossier_submit(
    *, actor, dossier: Dossier, declared: bool = True, now: dt.datetime | None = None
) -> Dossier:
    """Submit, or resubmit a returned dossier, with the enterprise's declaration
    (``DECLARATION``; the page asks for it, an officer lodging a dossier for an enterprise
    has it on paper). The server enforces the deadline, whatever the client sends; missing
    items are listed; eligibility is checked at once. The first submission gives the
    dossier its reference number, kept by every resubmission (the receipt says which
    submission it is and when)."""
    if not declared:
        raise ValidationError(
            {"declared": _("Vui lòng đánh dấu lời cam đoan của doanh nghiệp trước khi nộp.")}
        )
    now = now or timezone.now()
    dossier = (
        Dossier.objects.select_for_update()
        .select_related("campaign", "enterprise")
        .get(pk=dossier.pk)
    )
    event = "resubmit" if dossier.status == DossierStatus.RETURNED else "submit"
    reason = DOSSIER.refusal(dossier, event, actor=actor, now=now)
    if reason:
        raise ApplicationError(reason)
    lacking = checklist.missing(dossier)
    if lacking:
        raise ApplicationError(
            _("Hồ sơ còn thiếu: ") + "; ".join(lacking) + ".", extra={"missing": lacking}
        )
    DOSSIER.fire(
        dossier,
        event,
        actor=actor,
        at=now,
        now=now,
        fields={
            "submitted_at": now,
            "declared_at": now,
            "reference": dossier.reference
            or reference_number(receipts.DOSSIER, dossier.campaign.year, dossier.pk),
            "resubmit_by": None,
            "is_renewal": is_renewal(dossier.product, dossier.campaign),
        },
        changes={"figures_version": [None, dossier.figures_version]},
    )
    screening_run(dossier=dossier)
    return dossier


@transaction.atomic
def dossier_return(
    *, actor, dossier: Dossier, comment: str, resubmit_by: dt.datetime | None = None
) -> Dossier:
    """Back to the enterprise for completion, with what to add and by when."""
    dossier = (
        Dossier.objects.select_for_update()
        .select_related("campaign", "enterprise")
        .get(pk=dossier.pk)
    )
    if not comment.strip():
        raise ValidationError({"comment": _("Vui lòng ghi rõ nội dung cần bổ sung.")})
    resubmit_by = resubmit_by or timezone.now() + dt.timedelta(days=dossier.campaign.resubmit_days)
    DOSSIER.fire(
        dossier,
        "return",
        actor=actor,
        note=comment.strip(),
        fields={"resubmit_by": resubmit_by},
    )
    return dossier


@transaction.atomic
def dossier_delete(*, actor, dossier: Dossier) -> Dossier:
    """The enterprise deletes a draft it never submitted (a mistaken registration): nothing
    of it was ever lodged, so no status is recorded, only the audit row with what it held.
    Once submitted a dossier has a reference number and a receipt: leaving the program is
    then a withdrawal (the lifecycle's ``withdraw``), recorded on its timeline."""
    dossier = Dossier.objects.select_for_update().select_related("campaign").get(pk=dossier.pk)
    if not dossier.is_discardable:
        raise ApplicationError(
            _("Chỉ xóa được hồ sơ nháp chưa nộp lần nào; hồ sơ đã nộp không thể xóa.")
        )
    if not can_edit_dossier(actor, dossier):
        raise ApplicationError(_("Bạn không được xóa hồ sơ này."))
    files = [e.file.name for e in dossier.evidence.all() if e.file]
    audit_record(
        actor=actor,
        action="dossier.delete",
        obj=dossier,
        changes={
            "campaign": [dossier.campaign_id, None],
            "product": [dossier.product_id, None],
            "figures": [_figures_snapshot(dossier), None],
            "evidence": [sorted(e.original_name for e in dossier.evidence.all()), None],
        },
    )
    storage = Evidence._meta.get_field("file").storage
    dossier.delete()
    transaction.on_commit(lambda: [storage.delete(name) for name in files])
    return dossier
