"""Who gets what from every API operation. The table (tests/api/access_table.py) must list
every operation of the OpenAPI document: a new endpoint fails here until someone decides who
may call it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chuluc.accounts.models import RoleAssignment
from chuluc.accounts.services import tokens
from chuluc.council import services as council_services
from tests.api.access_table import PUBLIC, ROLES, TABLE
from tests.api.conftest import API, bearer, token_secret
from tests.factories.campaigns import make_campaign
from tests.factories.decisions import closed_council


def operations(client) -> set[tuple[str, str]]:
    schema = client.get(f"{API}/openapi.json").json()
    return {(method.upper(), path) for path, item in schema["paths"].items() for method in item}


def test_access_table_lists_every_operation_of_the_schema(client, db):
    assert operations(client) == set(TABLE)


def test_access_table_requires_a_token_exactly_where_the_schema_says(client, db):
    schema = client.get(f"{API}/openapi.json").json()
    secured = {
        ("GET", path) for path, item in schema["paths"].items() if item["get"].get("security")
    }

    assert secured == {op for op, expected in TABLE.items() if expected is not PUBLIC}


@pytest.fixture
def headers(officer, leader, rep_a, rep_b):
    revoked, revoked_secret = tokens.api_token_create(actor=officer, name="Thu hồi rồi")
    tokens.api_token_revoke(actor=officer, token=revoked)
    return {
        "anonymous": {},
        "bad_token": bearer("chl_" + "x" * 40),
        "revoked_token": bearer(revoked_secret),
        "officer": bearer(token_secret(officer)),
        "leader": bearer(token_secret(leader)),
        "rep_own": bearer(token_secret(rep_a)),
        "rep_other": bearer(token_secret(rep_b)),
    }


def _url(path: str, world, recognition) -> str:
    dossier = recognition.dossier
    return API + path.removeprefix("/api/v1").format(
        product_id=recognition.product_id,
        recognition_id=recognition.pk,
        enterprise_id=recognition.enterprise_id,
        number=recognition.certificates.first().number,
        campaign_id=world["campaign"].pk,
        dossier_id=dossier.pk,
    )


@pytest.mark.parametrize("operation", sorted(TABLE), ids=lambda op: f"{op[0]} {op[1]}")
def test_operation_answers_each_role_as_the_table_says(client, world, headers, operation):
    recognition = world["decision"].recognitions.order_by("rank").first()
    url = _url(operation[1], world, recognition)

    answered = {role: client.get(url, **headers[role]).status_code for role in ROLES}

    assert answered == TABLE[operation]


def test_dossier_of_own_enterprise_carries_its_figures(client, world, rep_a):
    dossier = world["dossiers"][0]

    response = client.get(f"{API}/dossiers/{dossier.pk}", **bearer(token_secret(rep_a)))

    data = response.json()
    assert data["enterprise"]["id"] == dossier.enterprise_id
    assert data["status"] == "recognised"
    assert [f["revenue_vnd"] for f in data["figures"]] == [150_000_000_000] * 3


def test_campaign_dossiers_lists_and_filters_for_an_officer(client, world, officer):
    url = f"{API}/campaigns/{world['campaign'].pk}/dossiers"
    auth = bearer(token_secret(officer))

    everything = client.get(url, **auth).json()
    drafts = client.get(url, {"status": "draft"}, **auth).json()

    assert everything["count"] == 4
    assert {d["status"] for d in everything["items"]} == {"recognised"}
    assert drafts["count"] == 0


def test_ranking_lists_results_in_rank_order(client, world, officer):
    response = client.get(
        f"{API}/campaigns/{world['campaign'].pk}/ranking", **bearer(token_secret(officer))
    )

    items = response.json()["items"]
    assert [i["rank"] for i in items] == [1, 2, 3, 4]
    assert [i["product"]["name"] for i in items] == ["SP 0", "SP 1", "SP 2", "SP 3"]
    assert [i["top"] for i in items] == [True, True, False, False]


def test_token_lists_keep_a_fixed_number_of_queries(client, world, officer):
    auth = bearer(token_secret(officer))
    client.get(f"{API}/campaigns", **auth)  # the token's first use writes last_used_at
    campaign = world["campaign"].pk
    paths = ("campaigns", f"campaigns/{campaign}/dossiers", f"campaigns/{campaign}/ranking")
    counts = {}
    for limit in (1, 4):
        for path in paths:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(f"{API}/{path}", {"limit": limit}, **auth).status_code == 200
            counts.setdefault(limit, {})[path] = len(queries)

    assert counts[1] == counts[4]


def test_ranking_is_refused_to_everyone_while_a_round_is_open(client, officer, rep_a, enterprise_a):
    setup = closed_council(officer=officer, rep=rep_a, enterprise=enterprise_a)
    url = f"{API}/campaigns/{setup['campaign'].pk}/ranking"
    auth = bearer(token_secret(officer))
    assert client.get(url, **auth).status_code == 200

    council_services.round_open(actor=officer, council=setup["council"], name="Vòng 2")
    response = client.get(url, **auth)

    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_ranking_of_a_campaign_without_council_is_404(client, officer):
    campaign = make_campaign()

    response = client.get(f"{API}/campaigns/{campaign.pk}/ranking", **bearer(token_secret(officer)))

    assert response.status_code == 404


def test_draft_campaign_is_hidden_from_a_representative(client, officer, rep_a):
    draft = make_campaign(status="draft")

    as_rep = client.get(f"{API}/campaigns/{draft.pk}", **bearer(token_secret(rep_a)))
    as_officer = client.get(f"{API}/campaigns/{draft.pk}", **bearer(token_secret(officer)))
    listed = client.get(f"{API}/campaigns", **bearer(token_secret(rep_a, "Mã 2")))

    assert as_rep.status_code == 404
    assert as_officer.status_code == 200
    assert draft.pk not in [c["id"] for c in listed.json()["items"]]


def test_token_of_a_user_who_lost_every_api_role_is_refused(client, world, rep_a):
    secret = token_secret(rep_a)
    RoleAssignment.objects.filter(user=rep_a).delete()

    response = client.get(f"{API}/campaigns", **bearer(secret))

    assert response.status_code == 403
    assert response.json() == {"detail": "Tài khoản này không được dùng API.", "code": "forbidden"}


def test_session_login_grants_nothing_without_a_token(client, world, officer):
    client.force_login(officer)

    response = client.get(f"{API}/campaigns")

    assert response.status_code == 401
