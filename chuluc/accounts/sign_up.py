"""The public sign-up page, /tai-khoan/dang-ky/.

Its address and the people it creates belong to accounts, but a firm signs up with its tax
code and name, and firms belong to the register, which depends on accounts. So the register
hands in the page's view at start-up (``RegistryConfig.ready``), and accounts imports
nothing of it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse

View = Callable[[HttpRequest], HttpResponse]
#: Writes the firm a verified registration applied for into the register and returns it.
Founder = Callable[..., Any]

_PROVIDED: dict[str, Any] = {}


def provide(view: View, *, founder: Founder | None = None) -> None:
    """Called once by the app that owns what a firm signs up with: the page, and how a
    registration for a firm the register does not hold yet founds it when verified."""
    _PROVIDED["page"] = view
    if founder is not None:
        _PROVIDED["founder"] = founder


def found_enterprise(membership):
    """The enterprise a verified registration founds (``membership.applied_*``)."""
    founder = _PROVIDED.get("founder")
    if founder is None:  # no app provides sign-up: no membership can be without a firm
        raise LookupError("no app founds enterprises from registrations")
    return founder(membership)


def page(request: HttpRequest) -> HttpResponse:
    view = _PROVIDED.get("page")
    if view is None:  # no app provides sign-up in this installation
        raise Http404
    return view(request)
