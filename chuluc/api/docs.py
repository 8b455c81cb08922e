"""The browsable documentation at /api/v1/docs: Swagger UI served from the installed
django-ninja package (its ``static/ninja`` files), never from a CDN and never copied into
this repository."""

from __future__ import annotations

from pathlib import Path

import ninja
from django.http import FileResponse
from django.shortcuts import render
from ninja.openapi.docs import DocsBase

from chuluc.api.errors import route_not_found

ASSET_DIR = Path(ninja.__file__).resolve().parent / "static" / "ninja"
ASSETS = {
    "swagger-ui.css": "text/css; charset=utf-8",
    "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
    "swagger-ui-init.js": "text/javascript; charset=utf-8",
    "favicon.svg": "image/svg+xml",
    "favicon.png": "image/png",
}


class LocalSwagger(DocsBase):
    def render_page(self, request, api, **kwargs):
        swagger_settings = {
            "url": self.get_openapi_url(api, kwargs),
            "layout": "BaseLayout",
            # Deep links put a link inside each operation's toggle button, a control inside
            # a control that screen readers and keyboards cannot reach (axe: nested-interactive).
            "deepLinking": False,
            # Swagger UI would otherwise send the schema to validator.swagger.io for a badge.
            "validatorUrl": None,
        }
        return render(request, "api/docs.html", {"api": api, "swagger_settings": swagger_settings})


def asset(request, name: str):
    """One of the whitelisted Swagger UI files of the installed package."""
    content_type = ASSETS.get(name)
    if content_type is None:
        return route_not_found(request)
    response = FileResponse((ASSET_DIR / name).open("rb"), content_type=content_type)
    response["Cache-Control"] = "public, max-age=86400"
    response["X-Content-Type-Options"] = "nosniff"
    return response
