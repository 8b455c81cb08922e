"""Writes of the linkage market: partner firms registered by officers, offers and needs
posted by enterprises (or for a partner), and the connections made (a meeting, an MoU, a
contract with its value), which feed the linkage figures."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuluc.core.audit import audit_record
from chuluc.core.errors import ApplicationError
from chuluc.core.text import nfc, search_key
from chuluc.registry.rules import represents
from chuluc.registry.validators import validate_hs_code, validate_vsic
from chuluc.support import rules
from chuluc.support.amounts import parse_amount
from chuluc.support.enums import ConnectionKind, ListingKind, ListingSubject
from chuluc.support.models import Connection, ConnectionRequest, Listing, Partner

MESSAGE_MAX = 2_000


@transaction.atomic
def partner_create(
    *,
    actor,
    name: str,
    province: str = "",
    country: str = "Việt Nam",
    industry_group=None,
    description: str = "",
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    is_demo: bool = False,
) -> Partner:
    """A partner firm of another province or abroad; its contact stays private."""
    partner = Partner(
        name=nfc(name),
        province=nfc(province),
        country=nfc(country) or "Việt Nam",
        industry_group=industry_group,
        description=(description or "").strip(),
        contact_name=nfc(contact_name),
        contact_email=(contact_email or "").strip(),
        contact_phone=nfc(contact_phone),
        registered_by=actor,
        is_demo=is_demo,
    )
    if not partner.name:
        raise ValidationError({"name": _("Vui lòng ghi tên doanh nghiệp đối tác.")})
    partner.full_clean(exclude=["registered_by"])
    partner.save()
    audit_record(
        actor=actor,
        action="support.partner_create",
        obj=partner,
        changes={
            "name": [None, partner.name],
            "province": [None, partner.province],
            "country": [None, partner.country],
        },
    )
    return partner


def _codes(vsic: str, hs_code: str) -> dict[str, str]:
    errors = {}
    for field, value, check in (
        ("vsic", vsic, validate_vsic),
        ("hs_code", hs_code, validate_hs_code),
    ):
        if value:
            try:
                check(value)
            except ValidationError as exc:
                errors[field] = " ".join(exc.messages)
    return errors


@transaction.atomic
def listing_create(
    *,
    actor,
    kind: str,
    subject: str,
    title: str,
    description: str = "",
    enterprise=None,
    partner: Partner | None = None,
    industry_group=None,
    vsic: str = "",
    hs_code: str = "",
    is_demo: bool = False,
) -> Listing:
    """An offer or a need of an enterprise (its representative or an officer posts it), or
    of a partner firm (officers only)."""
    if (enterprise is None) == (partner is None):
        raise ApplicationError(_("Nhu cầu phải thuộc về một doanh nghiệp hoặc một đối tác."))
    officer = rules.can_manage_support(actor)
    if partner is not None and not officer:
        raise ApplicationError(_("Chỉ cán bộ Sở đăng nhu cầu cho doanh nghiệp đối tác."))
    if enterprise is not None and not officer and not represents(actor, enterprise.pk):
        raise ApplicationError(_("Bạn không phải đại diện đã xác minh của doanh nghiệp này."))
    title, description = nfc(title), (description or "").strip()
    vsic, hs_code = (vsic or "").strip(), (hs_code or "").strip()
    errors = _codes(vsic, hs_code)
    if kind not in ListingKind.values:
        errors["kind"] = _("Vui lòng chọn chào bán hay cần tìm.")
    if subject not in ListingSubject.values:
        errors["subject"] = _("Vui lòng chọn sản phẩm, linh kiện hay dịch vụ.")
    if not title:
        errors["title"] = _("Vui lòng ghi tiêu đề.")
    if errors:
        raise ValidationError(errors)
    listing = Listing.objects.create(
        kind=kind,
        subject=subject,
        title=title[:200],
        description=description,
        enterprise=enterprise,
        partner=partner,
        industry_group=industry_group,
        vsic=vsic,
        hs_code=hs_code,
        search_key=search_key(title, description)[:600],
        created_by=actor,
        created_at=timezone.now(),
        is_demo=is_demo,
    )
    audit_record(
        actor=actor,
        action="support.listing_create",
        obj=listing,
        changes={
            "kind": [None, kind],
            "title": [None, listing.title],
            "enterprise": [None, listing.enterprise_id],
            "partner": [None, listing.partner_id],
        },
    )
    return listing


@transaction.atomic
def listing_close(*, actor, listing: Listing) -> Listing:
    """The offer or need is met (or withdrawn): it leaves the suggestions."""
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    if not (
        rules.can_manage_support(actor)
        or (listing.enterprise_id and represents(actor, listing.enterprise_id))
    ):
        raise ApplicationError(_("Bạn không có quyền đóng nhu cầu này."))
    if not listing.is_open:
        raise ApplicationError(_("Nhu cầu này đã đóng."))
    listing.is_open = False
    listing.save(update_fields=["is_open"])
    audit_record(
        actor=actor, action="support.listing_close", obj=listing, changes={"is_open": [True, False]}
    )
    return listing


@transaction.atomic
def connection_record(
    *,
    actor,
    enterprise,
    kind: str,
    happened_on: dt.date,
    counterpart_enterprise=None,
    partner: Partner | None = None,
    offer: Listing | None = None,
    need: Listing | None = None,
    value_vnd=None,
    note: str = "",
    is_demo: bool = False,
) -> Connection:
    """A linkage made between an enterprise and a counterpart (another enterprise of the
    city, or a partner firm): a meeting, an MoU, or a contract with its value."""
    errors = {}
    if (counterpart_enterprise is None) == (partner is None):
        errors["partner"] = _(
            "Vui lòng chọn một đối tác: doanh nghiệp trong thành phố hoặc đối tác bên ngoài."
        )
    elif counterpart_enterprise is not None and counterpart_enterprise.pk == enterprise.pk:
        errors["counterpart_enterprise"] = _("Doanh nghiệp không thể kết nối với chính mình.")
    if kind not in ConnectionKind.values:
        errors["kind"] = _("Vui lòng chọn kết quả kết nối.")
    if not isinstance(happened_on, dt.date):
        errors["happened_on"] = _("Vui lòng ghi ngày.")
    elif happened_on > timezone.localdate():
        errors["happened_on"] = _("Ngày kết nối không thể ở tương lai.")
    value = None
    try:
        value = parse_amount(value_vnd, "value_vnd", label=_("Giá trị hợp đồng"))
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if "value_vnd" not in errors:
        if kind == ConnectionKind.CONTRACT and not value:
            errors["value_vnd"] = _("Hợp đồng phải ghi giá trị lớn hơn 0.")
        elif kind != ConnectionKind.CONTRACT and value:
            errors["value_vnd"] = _("Chỉ hợp đồng mới ghi giá trị.")
    for field, listing in (("offer", offer), ("need", need)):
        expected = ListingKind.OFFER if field == "offer" else ListingKind.NEED
        if listing is not None and listing.kind != expected:
            errors[field] = _("Nhu cầu đã chọn không đúng loại.")
    if errors:
        raise ValidationError(errors)
    connection = Connection.objects.create(
        enterprise=enterprise,
        counterpart_enterprise=counterpart_enterprise,
        partner=partner,
        offer=offer,
        need=need,
        kind=kind,
        happened_on=happened_on,
        value_vnd=value if kind == ConnectionKind.CONTRACT else None,
        note=(note or "").strip(),
        recorded_by=actor,
        recorded_at=timezone.now(),
        is_demo=is_demo,
    )
    audit_record(
        actor=actor,
        action="support.connection_record",
        obj=connection,
        changes={
            "enterprise": [None, enterprise.pk],
            "counterpart_enterprise": [None, connection.counterpart_enterprise_id],
            "partner": [None, connection.partner_id],
            "kind": [None, kind],
            "value_vnd": [None, connection.value_vnd],
        },
    )
    return connection


@transaction.atomic
def connection_request_send(
    *, actor, listing: Listing, enterprise, message: str = ""
) -> ConnectionRequest:
    """A firm's representative asks, through the program, to be put in touch with the firm
    behind another firm's open offer or need ("Đề nghị kết nối"); the other firm and the
    officers see the request, never the asking firm the other's private details."""
    if not represents(actor, enterprise.pk):
        raise ApplicationError(_("Bạn không phải đại diện đã xác minh của doanh nghiệp này."))
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    if listing.enterprise_id is None or not listing.is_open:
        raise ApplicationError(_("Nhu cầu này không còn nhận đề nghị kết nối."))
    if listing.enterprise_id == enterprise.pk:
        raise ApplicationError(_("Đây là nhu cầu của chính doanh nghiệp bạn."))
    message = (message or "").strip()
    if len(message) > MESSAGE_MAX:
        raise ValidationError({"message": _("Lời nhắn tối đa %s ký tự.") % MESSAGE_MAX})
    if ConnectionRequest.objects.filter(listing=listing, enterprise=enterprise).exists():
        raise ApplicationError(_("Doanh nghiệp đã gửi đề nghị kết nối cho nhu cầu này."))
    request = ConnectionRequest.objects.create(
        listing=listing,
        enterprise=enterprise,
        message=message,
        requested_by=actor,
        requested_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action="support.connection_request",
        obj=request,
        changes={"listing": [None, listing.pk], "enterprise": [None, enterprise.pk]},
    )
    return request
