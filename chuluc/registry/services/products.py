"""Writes to the register's products and their images. Each service runs in one transaction
and leaves one audit row on the product."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chuluc.core.audit import audit_record, diff, snapshot
from chuluc.core.errors import ApplicationError
from chuluc.core.text import nfc
from chuluc.core.uploads import check_image
from chuluc.registry.cleaning import apply_fields, full_clean, product_keys
from chuluc.registry.models import Product, ProductImage
from chuluc.registry.signals import send_keys_changed

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


def _check_product_unique(product: Product) -> None:
    clash = Product.objects.filter(enterprise_id=product.enterprise_id, name_key=product.name_key)
    if product.pk:
        clash = clash.exclude(pk=product.pk)
    if product.enterprise_id and clash.exists():
        raise ValidationError({"name": _("Doanh nghiệp này đã có một sản phẩm cùng tên.")})


@transaction.atomic
def product_create(*, actor, **data: Any) -> Product:
    product = Product()
    apply_fields(product, PRODUCT_FIELDS, data)
    product_keys(product)
    _check_product_unique(product)
    full_clean(product)
    product.save()
    audit_record(
        actor=actor,
        action="product.create",
        obj=product,
        changes=diff({}, snapshot(product, PRODUCT_FIELDS)),
    )
    return product


@transaction.atomic
def product_update(*, actor, product: Product, **data: Any) -> Product:
    product = Product.objects.select_for_update().get(pk=product.pk)
    before = snapshot(product, PRODUCT_FIELDS)
    old_key = product.search_key
    apply_fields(product, PRODUCT_FIELDS, data)
    product_keys(product)
    _check_product_unique(product)
    full_clean(product)
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
