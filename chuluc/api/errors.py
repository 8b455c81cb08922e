"""The API's one error shape (Datasette, HackSoft ``exception_handlers``): every 4xx body is
``{"detail": "<Vietnamese message>", "code": "<machine code>"}`` and nothing else, whatever
raised it (validation, authentication, permission, a missing object, throttling, a business
rule). Every operation declares ``ErrorOut`` for each 4xx it can answer."""

from __future__ import annotations

import math
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from pydantic import ConfigDict, Field

from chuluc.core.errors import ApplicationError

ErrorCode = Literal[
    "bad_request", "not_authenticated", "forbidden", "not_found", "validation_error", "throttled"
]

CODES: dict[int, ErrorCode] = {
    400: "bad_request",
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    422: "validation_error",
    429: "throttled",
}


class ErrorOut(Schema):
    """Every error the API answers with."""

    model_config = ConfigDict(json_schema_extra={"additionalProperties": False})

    detail: str = Field(description="Thông báo lỗi bằng tiếng Việt, để người đọc.")
    code: ErrorCode = Field(description="Mã lỗi cố định, để chương trình xử lý.")


def errors(*statuses: int) -> dict[int, type[ErrorOut]]:
    """The ``response=`` entries of an operation's error statuses."""
    return dict.fromkeys(statuses, ErrorOut)


def body(status: int, detail: str) -> dict[str, str]:
    return {"detail": str(detail), "code": CODES[status]}


def _message(exc: Exception, default: str) -> str:
    """The message a ``PermissionDenied`` was raised with, else the default."""
    if not isinstance(exc, PermissionDenied):
        return default
    text = str(exc.args[0]) if exc.args and isinstance(exc.args[0], str) else ""
    return text or default


def _fields(exc: ValidationError) -> list[str]:
    names = []
    for error in exc.errors:
        loc = [str(part) for part in error.get("loc", ()) if part not in {"query", "path"}]
        name = loc[-1] if loc else ""
        if name and name not in names:
            names.append(name)
    return names


def register(api) -> None:
    """Install the handlers on ``api`` (ninja picks the most specific class first)."""

    def respond(request, status: int, detail: str) -> HttpResponse:
        return api.create_response(request, body(status, detail), status=status)

    def validation(request, exc: ValidationError):
        names = _fields(exc)
        detail = (
            _("Tham số không hợp lệ: %s.") % ", ".join(names)
            if names
            else _("Tham số không hợp lệ.")
        )
        return respond(request, 422, detail)

    def not_authenticated(request, exc: Exception):
        response = respond(
            request,
            401,
            _("Cần mã truy cập API hợp lệ, gửi trong tiêu đề Authorization: Bearer <mã>."),
        )
        response["WWW-Authenticate"] = 'Bearer realm="api"'
        return response

    def forbidden(request, exc: Exception):
        return respond(request, 403, _message(exc, _("Bạn không có quyền truy cập dữ liệu này.")))

    def not_found(request, exc: Exception):
        return respond(request, 404, _("Không tìm thấy dữ liệu yêu cầu."))

    def throttled(request, exc: Exception):
        wait = getattr(exc, "wait", None)
        if wait:
            detail = _("Quá nhiều yêu cầu. Vui lòng thử lại sau %(n)s giây.") % {
                "n": math.ceil(wait)
            }
        else:
            detail = _("Quá nhiều yêu cầu. Vui lòng thử lại sau.")
        return respond(request, 429, detail)

    def http_error(request, exc: HttpError):
        """Any other ninja ``HttpError`` (a request body ninja cannot parse, say)."""
        by_status = {401: not_authenticated, 403: forbidden, 404: not_found, 429: throttled}
        if exc.status_code in by_status:
            return by_status[exc.status_code](request, exc)
        return respond(request, 400, _("Yêu cầu không hợp lệ."))

    def application_error(request, exc: ApplicationError):
        return respond(request, 400, exc.message)

    api.add_exception_handler(ValidationError, validation)
    api.add_exception_handler(AuthenticationError, not_authenticated)
    api.add_exception_handler(PermissionDenied, forbidden)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(Throttled, throttled)
    api.add_exception_handler(HttpError, http_error)
    api.add_exception_handler(ApplicationError, application_error)


def route_not_found(request, *args, **kwargs) -> JsonResponse:
    """Any address under /api/ that no operation answers: the same shape, not an HTML page."""
    return JsonResponse(body(404, _("Không có địa chỉ này trong API.")), status=404)
