"""Per-address rate limit of the public endpoints (django-ninja's anonymous throttle)."""

from __future__ import annotations

from django.conf import settings
from ninja.throttling import AnonRateThrottle


class PublicRateThrottle(AnonRateThrottle):
    """``API_PUBLIC_RATE`` requests per address (e.g. ``120/m``), read at every request so a
    changed setting (or a test's override) applies at once. An empty rate turns it off.

    Counts live in Django's cache; the address is ninja's ``get_ident`` (``REMOTE_ADDR``, or
    ``X-Forwarded-For`` as configured by ``NINJA_NUM_PROXIES``)."""

    scope = "api_public"

    def __init__(self) -> None:  # the rate is read per request, not at start-up
        self.rate = None
        self.num_requests = self.duration = None

    def allow_request(self, request) -> bool:
        rate = settings.API_PUBLIC_RATE
        if not rate:
            return True
        self.rate = rate
        self.num_requests, self.duration = self.parse_rate(rate)
        return super().allow_request(request)
