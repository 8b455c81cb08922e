"""The council's shared world: ``setup`` is ``tests.factories.council.build_council`` for
the cast's first enterprise (three dossiers, a council of four, the round open)."""

import pytest

from tests.factories.council import build_council


@pytest.fixture
def setup(officer, rep_a, enterprise_a):
    return build_council(officer=officer, rep=rep_a, enterprise=enterprise_a)
