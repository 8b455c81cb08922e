"""The monitoring dashboard's figures (chuluc/monitoring/selectors/dashboard.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from chuluc.campaigns.models import Target
from chuluc.monitoring.selectors.dashboard import target_range


@pytest.mark.parametrize(
    ("language", "expected"), [("vi", "1.000–2.500 sản phẩm"), ("en", "1,000–2,500 products")]
)
def test_target_range_in_the_readers_number_format(language, expected):
    target = Target(low=Decimal(1000), high=Decimal(2500), unit="sản phẩm")

    with translation.override(language):
        assert target_range(target) == expected
