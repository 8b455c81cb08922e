import factory

from chuluc.core.text import search_key
from chuluc.registry.enums import Ownership, ProductTrack
from chuluc.registry.models import Enterprise, IndustryGroup, Product
from chuluc.registry.validators import tax_code_check_digit


def valid_tax_code(n: int) -> str:
    """The n-th valid test tax code: unique per n, prefix 98 (never issued to a real firm)."""
    for ninth in "0123456789":
        first = f"98{n:06d}{ninth}"
        check = tax_code_check_digit(first)
        if check is not None:
            return f"{first}{check}"
    raise AssertionError(n)


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    name = factory.Sequence(lambda n: f"Công ty CP Thử Nghiệm {n}")
    tax_code = factory.Sequence(lambda n: valid_tax_code(500_000 + n))
    ownership = Ownership.PRIVATE
    is_verified = True
    search_key = factory.LazyAttribute(
        lambda o: search_key(
            o.name, o.short_name if hasattr(o, "short_name") else "", o.tax_code or ""
        )
    )


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    enterprise = factory.SubFactory(EnterpriseFactory)
    name = factory.Sequence(lambda n: f"Sản phẩm thử {n}")
    industry_group = factory.LazyFunction(
        lambda: IndustryGroup.objects.order_by("position").first()
    )
    track = ProductTrack.OTHER
    name_key = factory.LazyAttribute(lambda o: search_key(o.name))
    search_key = factory.LazyAttribute(lambda o: search_key(o.name))
