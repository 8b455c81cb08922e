"""The API's test world: a recognised campaign (4 products of enterprise A, 2 Top), tokens
made through the token service, and a rate limit high enough to stay out of the way."""

import pytest
from django.core.cache import cache

from chuluc.accounts.services import tokens
from tests.factories.decisions import decided

API = "/api/v1"


@pytest.fixture(autouse=True)
def roomy_rate_limit(settings):
    """Throttle counts live in the cache: start every test with none, and a rate only the
    throttling test lowers."""
    settings.API_PUBLIC_RATE = "100000/m"
    cache.clear()
    yield
    cache.clear()


def bearer(secret: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def token_secret(user, name: str = "Máy khách thử") -> str:
    return tokens.api_token_create(actor=user, name=name)[1]


@pytest.fixture
def world(officer, rep_a, enterprise_a):
    return decided(officer=officer, rep=rep_a, enterprise=enterprise_a)


@pytest.fixture
def recognitions(world):
    return list(world["decision"].recognitions.order_by("rank"))
