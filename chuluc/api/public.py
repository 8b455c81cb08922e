"""Public read endpoints: no authentication, rate-limited per address. They answer only
public facts of recognised products and enterprises (see ``api.selectors``)."""

from django.http import Http404
from ninja import Query, Router
from ninja.pagination import paginate

from chuluc.api import selectors
from chuluc.api.errors import errors
from chuluc.api.pagination import Pagination
from chuluc.api.params import (
    CertificateNumber,
    EnterpriseFilters,
    Id,
    OpenDataFilters,
    ProductFilters,
    RecognitionFilters,
)
from chuluc.api.schemas import (
    CertificateOut,
    EnterpriseOut,
    OpenDataOut,
    ProductOut,
    RecognitionOut,
)
from chuluc.api.throttling import PublicRateThrottle
from chuluc.decisions.selectors import certificate_by_number

router = Router(tags=["Công khai"], throttle=PublicRateThrottle())

LIST_ERRORS = errors(422, 429)
DETAIL_ERRORS = errors(404, 422, 429)


def _found(obj):
    if obj is None:
        raise Http404
    return obj


@router.get(
    "/products",
    response={200: list[ProductOut], **LIST_ERRORS},
    operation_id="products_list",
    summary="Sản phẩm đã được công nhận",
)
@paginate(Pagination)
def products_list(request, filters: Query[ProductFilters]):
    return selectors.public_products(**filters.dict())


@router.get(
    "/products/{product_id}",
    response={200: ProductOut, **DETAIL_ERRORS},
    operation_id="product_detail",
    summary="Một sản phẩm đã được công nhận",
)
def product_detail(request, product_id: Id):
    return _found(selectors.public_product(product_id))


@router.get(
    "/recognitions",
    response={200: list[RecognitionOut], **LIST_ERRORS},
    operation_id="recognitions_list",
    summary="Các công nhận (mới nhất trước)",
)
@paginate(Pagination)
def recognitions_list(request, filters: Query[RecognitionFilters]):
    return selectors.public_recognitions(**filters.dict())


@router.get(
    "/recognitions/{recognition_id}",
    response={200: RecognitionOut, **DETAIL_ERRORS},
    operation_id="recognition_detail",
    summary="Một công nhận",
)
def recognition_detail(request, recognition_id: Id):
    return _found(selectors.public_recognition(recognition_id))


@router.get(
    "/enterprises",
    response={200: list[EnterpriseOut], **LIST_ERRORS},
    operation_id="enterprises_list",
    summary="Doanh nghiệp có sản phẩm được công nhận",
)
@paginate(Pagination)
def enterprises_list(request, filters: Query[EnterpriseFilters]):
    return selectors.public_enterprises(**filters.dict())


@router.get(
    "/enterprises/{enterprise_id}",
    response={200: EnterpriseOut, **DETAIL_ERRORS},
    operation_id="enterprise_detail",
    summary="Một doanh nghiệp có sản phẩm được công nhận",
)
def enterprise_detail(request, enterprise_id: Id):
    return _found(selectors.public_enterprise(enterprise_id))


@router.get(
    "/certificates/{number}",
    response={200: CertificateOut, **DETAIL_ERRORS},
    operation_id="certificate_verify",
    summary="Tra cứu giấy chứng nhận theo số",
    description=(
        "Hiệu lực của giấy chứng nhận hôm nay: valid, expiring (còn hiệu lực, sắp hết hạn), "
        "expired, revoked, superseded."
    ),
)
def certificate_verify(request, number: CertificateNumber):
    return _found(certificate_by_number(number))


@router.get(
    "/open-data",
    response={200: list[OpenDataOut], **LIST_ERRORS},
    operation_id="open_data_list",
    summary="Các phiên bản dữ liệu mở của quyết định công nhận",
)
@paginate(Pagination)
def open_data_list(request, filters: Query[OpenDataFilters]):
    return selectors.open_data_snapshots(**filters.dict())
