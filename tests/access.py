"""The shared cast and checks of the per-app access tables (tests/<app>/test_views.py): one
entry per URL pattern of the app's namespace, the expected status of a GET per role."""

from __future__ import annotations

from django.urls import URLPattern

ANON, OUTSIDER, REP_A, REP_B, MEMBER, LEADER, OFFICER = (
    "anonymous",
    "outsider",
    "rep_a",
    "rep_b",
    "council_member",
    "leader",
    "officer",
)
ROLES = (ANON, OUTSIDER, REP_A, REP_B, MEMBER, LEADER, OFFICER)
LOGIN = 302  # to the login page
LOGIN_PATH = "/tai-khoan/dang-nhap/"


def cast(*, outsider, rep_a, rep_b, council_member, leader, officer) -> dict:
    """The logged-in roles of tests/conftest.py, by role name."""
    return {
        OUTSIDER: outsider,
        REP_A: rep_a,
        REP_B: rep_b,
        MEMBER: council_member,
        LEADER: leader,
        OFFICER: officer,
    }


def assert_table_covers(urlpatterns, table: dict, roles=ROLES) -> None:
    """Every pattern has an entry, every entry a pattern, every entry every role."""
    names = []
    for pattern in urlpatterns:
        assert isinstance(pattern, URLPattern), pattern
        names.append(pattern.name)
    assert sorted(names) == sorted(table)
    for name, (_kwargs, expected) in table.items():
        assert set(expected) == set(roles), name


def assert_get_outcomes(client, url: str, expected: dict, users: dict, roles=ROLES) -> None:
    """GET ``url`` as each role; the status must be the table's (a login redirect for
    anonymous visitors goes to the login page)."""
    for role in roles:
        client.logout()
        if role != ANON:
            client.force_login(users[role])
        response = client.get(url)
        assert response.status_code == expected[role], (url, role)
        if role == ANON and expected[role] == LOGIN:
            assert LOGIN_PATH in response["Location"]
