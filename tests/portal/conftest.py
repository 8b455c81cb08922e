import pytest

from chuluc.decisions.services import snapshot_publish
from tests.factories.portal import portal_world


@pytest.fixture
def world(officer, rep_a, enterprise_a, enterprise_b, product_b):
    """The main world (tests/factories/portal.py), with a first open-data version of each
    decision, and enterprise B whose product was never recognised."""
    w = portal_world(officer=officer, rep=rep_a, enterprise=enterprise_a)
    w["snapshot"] = snapshot_publish(decision=w["decision"], reason="Quyết định công nhận (thử)")
    w["next_snapshot"] = snapshot_publish(decision=w["next_decision"], reason="Năm sau (thử)")
    w["enterprise_b"], w["product_b"] = enterprise_b, product_b
    return w
