"""The versioned API (django-ninja): /api/v1/, its schema at /api/v1/openapi.json and the
browsable documentation at /api/v1/docs."""

from __future__ import annotations

from ninja import NinjaAPI

from chuluc.api import errors, internal, public
from chuluc.api.docs import LocalSwagger

DESCRIPTION = """\
Dữ liệu công khai của chương trình sản phẩm công nghiệp chủ lực Hà Nội: sản phẩm và doanh
nghiệp được công nhận, các công nhận, tra cứu giấy chứng nhận, dữ liệu mở. Các điểm cuối
công khai không cần đăng nhập và bị giới hạn số yêu cầu theo địa chỉ.

Các điểm cuối “Cần mã truy cập” dành cho cán bộ và đại diện doanh nghiệp: tạo mã ở trang
Tài khoản → Mã truy cập API, gửi kèm tiêu đề `Authorization: Bearer <mã>`. Quyền xem như
trên các trang của hệ thống.

Danh sách phân trang bằng `limit` (tối đa 100) và `offset`. Mọi lỗi 4xx có cùng dạng
`{"detail": "...", "code": "..."}`.
"""

api = NinjaAPI(
    title="Chủ Lực API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    openapi_url="/openapi.json",
    docs_url="/docs",
    docs=LocalSwagger(),
)
errors.register(api)
api.add_router("/", public.router)
api.add_router("/", internal.router)
