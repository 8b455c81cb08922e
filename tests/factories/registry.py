import factory

from chuluc.core.text import search_key
from chuluc.registry.enums import Ownership, ProductTrack
from chuluc.registry.models import Enterprise, IndustryGroup, Product
from chuluc.registry.validators import tax_code_check_digit


def valid_tax_code(n: int) -> str:
    """The n-th valid test tax code (prefix 98, never issued to a real firm)."""
    k = n
    while True:
        first = f"98{k:07d}"
        check = tax_code_check_digit(first)
        if check is not None:
            return f"{first}{check}"
        k += 10_000_000 // 7 + 1


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    name = factory.Sequence(lambda n: f"Công ty CP Thử Nghiệm {n}")
    tax_code = factory.Sequence(valid_tax_code)
    ownership = Ownership.PRIVATE
    is_verified = True
    search_key = factory.LazyAttribute(lambda o: search_key(o.name, o.short_name if hasattr(o, "short_name") else "", o.tax_code or ""))


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    enterprise = factory.SubFactory(EnterpriseFactory)
    name = factory.Sequence(lambda n: f"Sản phẩm thử {n}")
    industry_group = factory.LazyFunction(lambda: IndustryGroup.objects.order_by("position").first())
    track = ProductTrack.OTHER
    name_key = factory.LazyAttribute(lambda o: search_key(o.name))
    search_key = factory.LazyAttribute(lambda o: search_key(o.name))
