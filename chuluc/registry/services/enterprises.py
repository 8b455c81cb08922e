"""Writes to the register's enterprises: the record itself, its contacts and its Top 500
listings. Each service runs in one transaction and leaves one audit row on the enterprise."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chuluc.core.audit import audit_record, diff, snapshot
from chuluc.core.errors import ApplicationError
from chuluc.core.text import nfc
from chuluc.registry.cleaning import apply_fields, enterprise_search_key, full_clean
from chuluc.registry.models import Enterprise, EnterpriseContact, Top500Listing
from chuluc.registry.signals import send_keys_changed

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
CONTACT_FIELDS = ("name", "position", "phone", "email")


@transaction.atomic
def enterprise_create(*, actor, **data: Any) -> Enterprise:
    enterprise = Enterprise()
    apply_fields(enterprise, ENTERPRISE_FIELDS, data)
    if not enterprise.tax_code and not enterprise.is_public_record:
        raise ValidationError({"tax_code": _("Vui lòng nhập mã số thuế.")})
    enterprise.search_key = enterprise_search_key(enterprise)
    full_clean(enterprise)
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
    apply_fields(enterprise, ENTERPRISE_FIELDS, data)
    if not enterprise.tax_code and not enterprise.is_public_record:
        raise ValidationError({"tax_code": _("Vui lòng nhập mã số thuế.")})
    old_key, enterprise.search_key = enterprise.search_key, enterprise_search_key(enterprise)
    full_clean(enterprise)
    changes = diff(before, snapshot(enterprise, ENTERPRISE_FIELDS))
    if not changes:
        raise ApplicationError(_("Không có thay đổi nào để lưu."))
    enterprise.save()
    if enterprise.search_key != old_key:
        send_keys_changed(enterprise_ids=[enterprise.pk])
    audit_record(actor=actor, action="enterprise.update", obj=enterprise, changes=changes)
    return enterprise


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
