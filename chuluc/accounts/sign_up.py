"""The public sign-up page, /tai-khoan/dang-ky/.

Its address and the people it creates belong to accounts, but a firm signs up with its tax
code and name, and firms belong to the register, which depends on accounts. So the register
hands in the page's view at start-up (``RegistryConfig.ready``), and accounts imports
nothing of it."""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse

View = Callable[[HttpRequest], HttpResponse]

_PROVIDED: dict[str, View] = {}


def provide(view: View) -> None:
    """Called once by the app that owns what a firm signs up with."""
    _PROVIDED["page"] = view


def page(request: HttpRequest) -> HttpResponse:
    view = _PROVIDED.get("page")
    if view is None:  # no app provides sign-up in this installation
        raise Http404
    return view(request)
