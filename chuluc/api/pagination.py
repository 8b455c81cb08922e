"""Limit/offset pagination for every list: at most ``MAX_LIMIT`` items a page, the total
count, and the window echoed back."""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination
from pydantic import ConfigDict

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
MAX_OFFSET = 1_000_000


class Pagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(
            DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Số bản ghi mỗi trang (1–100)."
        )
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Số bản ghi bỏ qua từ đầu.")

    class Output(Schema):
        model_config = ConfigDict(json_schema_extra={"additionalProperties": False})

        items: list[Any]
        count: int = Field(description="Tổng số bản ghi khớp bộ lọc.")
        limit: int
        offset: int

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)

    def paginate_queryset(self, queryset, pagination: Input, request, **params: Any) -> Any:
        offset, limit = pagination.offset, min(pagination.limit, MAX_LIMIT)
        return {
            "items": queryset[offset : offset + limit],
            "count": self._items_count(queryset),
            "limit": limit,
            "offset": offset,
        }
