"""Fixtures of the campaigns tests."""

import pytest

from tests.factories.campaigns import make_campaign


@pytest.fixture
def campaign(db):
    """The published campaign of 2026, open for registration."""
    return make_campaign()
