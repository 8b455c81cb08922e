import factory

from chuluc.core.text import search_key
from chuluc.registry.enums import ImportKind, Ownership, ProductTrack
from chuluc.registry.models import (
    Enterprise,
    EnterpriseContact,
    ImportJob,
    IndustryGroup,
    Product,
    ProductImage,
    Top500Listing,
)
from chuluc.registry.validators import tax_code_check_digit
from tests.factories.files import PNG


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


class EnterpriseContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EnterpriseContact

    enterprise = factory.SubFactory(EnterpriseFactory)
    name = factory.Sequence(lambda n: f"Người liên hệ {n}")


class Top500ListingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Top500Listing

    enterprise = factory.SubFactory(EnterpriseFactory)
    year = 2023


class ProductImageFactory(factory.django.DjangoModelFactory):
    """A stored image (a real 1×1 PNG unless ``image__data`` says otherwise)."""

    class Meta:
        model = ProductImage

    product = factory.SubFactory(ProductFactory)
    image = factory.django.FileField(filename="anh.png", data=PNG)
    content_type = "image/png"


class ImportJobFactory(factory.django.DjangoModelFactory):
    """An import job as the import service leaves it: without a file unless ``file`` is
    given (a ``ContentFile`` with a name)."""

    class Meta:
        model = ImportJob

    kind = ImportKind.ENTERPRISES
    original_name = factory.Sequence(lambda n: f"so-dang-ky-{n}.csv")
    created_by = factory.SubFactory("tests.factories.accounts.UserFactory")
