"""The policy catalogue as a signed-in firm reads it: each policy says "Đủ điều kiện" or why
not, from the policy's declared condition and the firm's recognitions (their validity from
``decisions.selectors.validity``), in a fixed number of queries; the services' refusal
(``eligibility_problem``) reads the same condition."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from chuluc.support import selectors, services
from chuluc.support.enums import Eligibility
from tests.factories.support import make_policy, recognition, valid_now


def _standing(user, policy):
    [(_policy, standings)] = selectors.policy_catalogue(user, only=policy)
    return [(s.enterprise.name, s.eligible, s.problem) for s in standings]


@pytest.fixture
def policies(officer):
    return {
        kind: make_policy(officer, name=f"Chính sách {kind}", eligibility=kind)
        for kind in Eligibility.values
    }


def test_a_firm_without_a_recognition_qualifies_only_for_the_open_policy(
    rep_a, enterprise_a, policies
):
    assert _standing(rep_a, policies[Eligibility.ANY_REGISTERED]) == [(enterprise_a.name, True, "")]
    [(_, eligible, problem)] = _standing(rep_a, policies[Eligibility.VALID_RECOGNITION])
    assert (eligible, problem) == (
        False,
        "Cần sản phẩm công nghiệp chủ lực được công nhận; doanh nghiệp chưa có.",
    )


def test_a_recognition_in_force_qualifies_except_for_the_top_group(
    officer, rep_a, enterprise_a, policies
):
    valid_now(officer, enterprise_a)
    assert _standing(rep_a, policies[Eligibility.VALID_RECOGNITION])[0][1] is True
    [(_, eligible, problem)] = _standing(rep_a, policies[Eligibility.TOP_RECOGNITION])
    assert eligible is False
    assert "không thuộc nhóm Top" in problem
    valid_now(officer, enterprise_a, top=True)
    assert _standing(rep_a, policies[Eligibility.TOP_RECOGNITION])[0][1] is True


@pytest.mark.parametrize(("revoked", "state"), [(False, "Hết hiệu lực"), (True, "Đã thu hồi")])
def test_an_expired_or_revoked_recognition_is_named_in_the_reason(
    officer, rep_a, enterprise_a, policies, revoked, state
):
    today = timezone.localdate()
    recognition(
        officer,
        enterprise_a,
        valid_from=today - dt.timedelta(days=900),
        valid_until=today - dt.timedelta(days=1) if not revoked else today + dt.timedelta(days=9),
        revoked_on=today - dt.timedelta(days=3) if revoked else None,
    )
    [(_, eligible, problem)] = _standing(rep_a, policies[Eligibility.VALID_RECOGNITION])
    assert eligible is False
    assert f"“{state}”" in problem


def test_the_catalogue_and_the_services_read_the_same_condition(
    officer, rep_a, enterprise_a, policies
):
    valid_now(officer, enterprise_a)
    for policy in policies.values():
        [(_, eligible, _problem)] = _standing(rep_a, policy)
        assert eligible == (selectors.eligibility_problem(policy, enterprise_a.pk) == ""), policy


def test_an_inactive_policy_says_so(officer, rep_a, policies):
    policy = policies[Eligibility.ANY_REGISTERED]
    services.policy_update(actor=officer, policy=policy, is_active=False)
    policy.refresh_from_db()
    assert _standing(rep_a, policy)[0][2] == "Chính sách này không còn áp dụng."


def test_the_catalogue_page_tells_the_firm_and_not_the_officer(
    client, officer, rep_a, enterprise_a, policies
):
    client.force_login(rep_a)
    page = client.get(reverse("support:policies")).content.decode()
    assert page.count("Đủ điều kiện") == 1  # the open policy only
    assert page.count("Chưa đủ điều kiện") == 2
    detail = client.get(
        reverse("support:policy_detail", args=[policies[Eligibility.TOP_RECOGNITION].pk])
    ).content.decode()
    assert 'id="standings"' in detail
    client.force_login(officer)
    page = client.get(reverse("support:policies")).content.decode()
    assert "Đủ điều kiện" not in page


def test_another_firm_s_recognition_never_counts(officer, rep_b, enterprise_a, policies):
    valid_now(officer, enterprise_a, top=True)
    assert _standing(rep_b, policies[Eligibility.VALID_RECOGNITION])[0][1] is False


def _queries(user) -> int:
    with CaptureQueriesContext(connection) as captured:
        selectors.policy_catalogue(user)
    return len(captured)


def test_the_catalogue_keeps_a_fixed_number_of_queries(officer, rep_a, enterprise_a, policies):
    valid_now(officer, enterprise_a)
    _queries(rep_a)  # the person's roles and enterprises, cached on the user
    few = _queries(rep_a)
    for n in range(6):
        make_policy(officer, name=f"Thêm {n}", eligibility=Eligibility.TOP_RECOGNITION)
        valid_now(officer, enterprise_a, top=n % 2 == 0)
    assert _queries(rep_a) == few
