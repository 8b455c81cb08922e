"""Forms parse; services decide. This runs a service and puts its refusal on the form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError

from chuluc.core.errors import ApplicationError

T = TypeVar("T")


def run_service(form, service: Callable[..., T], **kwargs: Any) -> T | None:
    try:
        return service(**kwargs)
    except ApplicationError as exc:
        form.add_error(None, exc.message)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, exc.messages)
    return None
