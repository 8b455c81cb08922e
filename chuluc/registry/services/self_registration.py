"""A firm registers itself and its representative (the public sign-up page). Nothing acts
until an officer verifies the membership (``accounts.services.membership_decide``)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from chuluc.accounts.models import EnterpriseMembership
from chuluc.accounts.services import membership_insert, user_insert
from chuluc.core.audit import audit_record
from chuluc.core.text import nfc
from chuluc.registry.cleaning import enterprise_search_key
from chuluc.registry.models import Enterprise
from chuluc.registry.validators import normalize_tax_code, validate_tax_code


@transaction.atomic
def enterprise_self_register(
    *,
    username: str,
    email: str,
    full_name: str,
    phone: str,
    password: str,
    position: str,
    tax_code: str,
    enterprise_name: str,
    ownership: str = "",
    address: str = "",
) -> EnterpriseMembership:
    """The account, the enterprise when the register does not have its tax code yet, and a
    pending membership between them; one audit row for the whole."""
    tax_code = normalize_tax_code(tax_code)
    try:
        validate_tax_code(tax_code)
    except ValidationError as exc:
        raise ValidationError({"tax_code": exc.messages}) from None
    user = user_insert(
        username=username,
        email=email,
        full_name=full_name,
        phone=phone,
        password=password,
        is_demo=False,
    )
    enterprise = Enterprise.objects.filter(tax_code=tax_code).first()
    created = enterprise is None
    if created:
        enterprise = Enterprise(
            tax_code=tax_code, name=nfc(enterprise_name), ownership=ownership, address=nfc(address)
        )
        enterprise.search_key = enterprise_search_key(enterprise)
        enterprise.full_clean(exclude=["search_key"])
        enterprise.save()
    membership = membership_insert(user=user, enterprise=enterprise, position=position)
    audit_record(
        actor=user,
        action="enterprise.self_register",
        obj=membership,
        changes={
            "user": [None, user.username],
            "enterprise": [None, enterprise.pk],
            "enterprise_created": [None, created],
        },
    )
    return membership
