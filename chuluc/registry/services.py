"""Writes to the register. Each service runs in one transaction and leaves one audit row
per object it writes."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chuluc.core.audit import audit_record, diff, snapshot
from chuluc.core.errors import ApplicationError
from chuluc.core.text import nfc, search_key
from chuluc.registry.models import (
    Enterprise,
    EnterpriseContact,
    Product,
    ProductImage,
    Top500Listing,
)
from chuluc.registry.signals import send_keys_changed
from chuluc.registry.validators import normalize_tax_code

ENTERPRISE_FIELDS = (
    "name",
    "short_name",
    "tax_code",
    "ownership",
    "vsic",
    "district",
    "address",
    "hq_in_hanoi",
    "factory_in_hanoi",
    "website",
    "email",
    "phone",
    "is_verified",
    "is_demo",
    "is_public_record",
    "source_url",
)
PRODUCT_FIELDS = (
    "enterprise",
    "name",
    "industry_group",
    "vsic",
    "hs_code",
    "track",
    "high_tech_ref",
    "description",
    "is_demo",
    "is_public_record",
    "source_url",
)
_TEXT_FIELDS = {"name", "short_name", "address", "high_tech_ref", "website", "email", "phone"}


def _clean_value(name: str, value: Any) -> Any:
    if name == "tax_code":
        return normalize_tax_code(value) or None
    if name in {"vsic", "hs_code"}:
        return (value or "").strip().upper()
    if name in _TEXT_FIELDS:
        return nfc(value or "")
    if name == "description":
        return (value or "").strip()
    return value


def enterprise_search_key(enterprise: Enterprise) -> str:
    return search_key(enterprise.name, enterprise.short_name, enterprise.tax_code or "")


def _apply(obj, fields: tuple[str, ...], data: dict[str, Any]) -> None:
    unknown = set(data) - set(fields)
    if unknown:
        raise ApplicationError(_("Trường không được phép: %s") % ", ".join(sorted(unknown)))
    for name, value in data.items():
        setattr(obj, name, _clean_value(name, value))


def _full_clean(obj) -> None:
    try:
        obj.full_clean(exclude=["search_key", "name_key"])
    except ValidationError as exc:
        if hasattr(exc, "error_dict") and "tax_code" in exc.error_dict:
            for err in exc.error_dict["tax_code"]:
                if err.code == "unique":
                    err.message = _("Đã có doanh nghiệp với mã số thuế này trong sổ đăng ký.")
                    err.params = None
        raise


@transaction.atomic
def enterprise_create(*, actor, **data: Any) -> Enterprise:
    enterprise = Enterprise()
    _apply(enterprise, ENTERPRISE_FIELDS, data)
    if not enterprise.tax_code and not enterprise.is_public_record:
        raise ValidationError({"tax_code": _("Vui lòng nhập mã số thuế.")})
    enterprise.search_key = enterprise_search_key(enterprise)
    _full_clean(enterprise)
    enterprise.save()
    audit_record(
        actor=actor,
        action="enterprise.create",
        obj=enterprise,
        changes=diff({}, snapshot(enterprise, ENTERPRISE_FIELDS)),
    )
    return enterprise


@transaction.atomic
def enterprise_update(*, actor, enterprise: Enterprise, **data: Any) -> Enterprise:
    enterprise = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    before = snapshot(enterprise, ENTERPRISE_FIELDS)
    _apply(enterprise, ENTERPRISE_FIELDS, data)
    if not enterprise.tax_code and not enterprise.is_public_record:
        raise ValidationError({"tax_code": _("Vui lòng nhập mã số thuế.")})
    old_key, enterprise.search_key = enterprise.search_key, enterprise_search_key(enterprise)
    _full_clean(enterprise)
    changes = diff(before, snapshot(enterprise, ENTERPRISE_FIELDS))
    if not changes:
        raise ApplicationError(_("Không có thay đổi nào để lưu."))
    enterprise.save()
    if enterprise.search_key != old_key:
        send_keys_changed(enterprise_ids=[enterprise.pk])
    audit_record(actor=actor, action="enterprise.update", obj=enterprise, changes=changes)
    return enterprise


def product_keys(product: Product) -> None:
    product.name_key = search_key(product.name)
    product.search_key = product.name_key


@transaction.atomic
def product_create(*, actor, **data: Any) -> Product:
    product = Product()
    _apply(product, PRODUCT_FIELDS, data)
    product_keys(product)
    _check_product_unique(product)
    _full_clean(product)
    product.save()
    audit_record(
        actor=actor,
        action="product.create",
        obj=product,
        changes=diff({}, snapshot(product, PRODUCT_FIELDS)),
    )
    return product


def _check_product_unique(product: Product) -> None:
    clash = Product.objects.filter(enterprise_id=product.enterprise_id, name_key=product.name_key)
    if product.pk:
        clash = clash.exclude(pk=product.pk)
    if product.enterprise_id and clash.exists():
        raise ValidationError({"name": _("Doanh nghiệp này đã có một sản phẩm cùng tên.")})


@transaction.atomic
def product_update(*, actor, product: Product, **data: Any) -> Product:
    product = Product.objects.select_for_update().get(pk=product.pk)
    before = snapshot(product, PRODUCT_FIELDS)
    old_key = product.search_key
    _apply(product, PRODUCT_FIELDS, data)
    product_keys(product)
    _check_product_unique(product)
    _full_clean(product)
    changes = diff(before, snapshot(product, PRODUCT_FIELDS))
    if not changes:
        raise ApplicationError(_("Không có thay đổi nào để lưu."))
    product.save()
    if product.search_key != old_key:
        send_keys_changed(product_ids=[product.pk])
    audit_record(actor=actor, action="product.update", obj=product, changes=changes)
    return product


@transaction.atomic
def product_image_add(*, actor, product: Product, upload, caption: str = "") -> ProductImage:
    from chuluc.core.uploads import check_image

    content_type = check_image(upload)
    image = ProductImage(product=product, caption=nfc(caption), content_type=content_type)
    image.image.save(upload.safe_name, upload, save=False)
    image.save()
    audit_record(
        actor=actor,
        action="product.image_add",
        obj=product,
        changes={"image": [None, image.image.name]},
    )
    return image


CONTACT_FIELDS = ("name", "position", "phone", "email")


@transaction.atomic
def enterprise_contact_add(
    *,
    actor,
    enterprise: Enterprise,
    name: str,
    position: str = "",
    phone: str = "",
    email: str = "",
) -> EnterpriseContact:
    contact = EnterpriseContact(
        enterprise=enterprise,
        name=nfc(name),
        position=nfc(position),
        phone=phone.strip(),
        email=email.strip(),
    )
    if not contact.name:
        raise ValidationError({"name": _("Vui lòng nhập họ và tên người liên hệ.")})
    contact.full_clean()
    contact.save()
    audit_record(
        actor=actor,
        action="enterprise.contact_add",
        obj=enterprise,
        changes={"contact": [None, snapshot(contact, CONTACT_FIELDS)]},
    )
    return contact


@transaction.atomic
def enterprise_contact_remove(*, actor, contact: EnterpriseContact) -> Enterprise:
    enterprise = contact.enterprise
    before = snapshot(contact, CONTACT_FIELDS)
    contact.delete()
    audit_record(
        actor=actor,
        action="enterprise.contact_remove",
        obj=enterprise,
        changes={"contact": [before, None]},
    )
    return enterprise


@transaction.atomic
def top500_listing_add(
    *, actor, enterprise: Enterprise, year: int, ranking: str, rank: int | None = None
) -> Top500Listing:
    listing = Top500Listing(enterprise=enterprise, year=year, ranking=nfc(ranking), rank=rank)
    if Top500Listing.objects.filter(
        enterprise=enterprise, year=year, ranking=listing.ranking
    ).exists():
        raise ValidationError({"year": _("Doanh nghiệp đã có xếp hạng này cho năm đó.")})
    listing.full_clean()
    listing.save()
    audit_record(
        actor=actor,
        action="enterprise.top500_add",
        obj=enterprise,
        changes={"top500": [None, {"year": year, "ranking": listing.ranking, "rank": rank}]},
    )
    return listing


@transaction.atomic
def top500_listing_remove(*, actor, listing: Top500Listing) -> Enterprise:
    enterprise = listing.enterprise
    before = {"year": listing.year, "ranking": listing.ranking, "rank": listing.rank}
    listing.delete()
    audit_record(
        actor=actor,
        action="enterprise.top500_remove",
        obj=enterprise,
        changes={"top500": [before, None]},
    )
    return enterprise
