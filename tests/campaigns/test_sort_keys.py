"""The dossier's copies of the register's search keys (``campaigns.sort_keys``): set at
creation, refreshed by every path that renames an enterprise or a product, in the same
transaction; the lists sort by them."""

import pytest

from chuluc.campaigns import selectors
from chuluc.campaigns.models import Dossier
from chuluc.campaigns.services import dossier_create
from chuluc.core.errors import ApplicationError
from chuluc.registry import services
from chuluc.registry.enums import ImportKind
from chuluc.registry.services import imports
from tests.factories.campaigns import make_campaign
from tests.factories.registry import EnterpriseFactory, ProductFactory
from tests.registry.spreadsheets import VI_HEADER, enterprise_rows, xlsx_upload


def _keys_match_register() -> bool:
    return not Dossier.objects.raw(
        "SELECT d.id FROM campaigns_dossier d"
        " JOIN registry_enterprise e ON e.id = d.enterprise_id"
        " JOIN registry_product p ON p.id = d.product_id"
        " WHERE d.enterprise_key <> e.search_key OR d.product_key <> p.search_key"
    )


@pytest.fixture
def world(db, officer):
    campaign = make_campaign()
    names = ["Công ty Cổ phần Bình Minh", "Công ty TNHH An Phát", "Công ty Cổ phần Cát Tường"]
    made = []
    for name in names:
        product = ProductFactory(enterprise=EnterpriseFactory(name=name), name=f"Sản phẩm {name}")
        made.append(dossier_create(actor=officer, campaign=campaign, product=product))
    return campaign, made


def _order(officer, campaign) -> list[str]:
    return [d.enterprise.name for d in selectors.dossier_list(user=officer, campaign=campaign)]


def test_created_dossier_holds_the_register_keys_and_lists_sort_by_name(officer, world):
    campaign, made = world
    assert _keys_match_register()
    assert made[0].enterprise_key == made[0].enterprise.search_key
    assert _order(officer, campaign) == [  # by the search key: "cong ty co phan …" first
        "Công ty Cổ phần Bình Minh",
        "Công ty Cổ phần Cát Tường",
        "Công ty TNHH An Phát",
    ]


def test_renaming_an_enterprise_moves_its_dossiers(officer, world):
    campaign, made = world
    services.enterprise_update(
        actor=officer, enterprise=made[2].enterprise, name="Công ty Ánh Dương"
    )
    assert _keys_match_register()
    assert _order(officer, campaign)[0] == "Công ty Ánh Dương"
    found = selectors.dossier_list(user=officer, campaign=campaign, q="anh duong")
    assert [d.pk for d in found] == [made[2].pk]


def test_renaming_a_product_refreshes_its_dossiers(officer, world):
    _campaign, made = world
    services.product_update(actor=officer, product=made[0].product, name="Gạch men Zeta")
    made[0].refresh_from_db()
    assert made[0].product_key == "gach men zeta"
    assert _keys_match_register()


def test_a_refused_rename_leaves_the_keys(officer, world):
    _campaign, made = world
    before = made[0].enterprise_key
    with pytest.raises(ApplicationError):  # nothing changed
        services.enterprise_update(
            actor=officer, enterprise=made[0].enterprise, name=made[0].enterprise.name
        )
    made[0].refresh_from_db()
    assert made[0].enterprise_key == before


def test_an_import_that_renames_enterprises_refreshes_their_dossiers(
    officer, world, django_capture_on_commit_callbacks
):
    _campaign, made = world
    rows = enterprise_rows(1)
    rows[0][0] = made[1].enterprise.tax_code
    with django_capture_on_commit_callbacks(execute=True):
        job = imports.import_job_create(
            actor=officer, kind=ImportKind.ENTERPRISES, upload=xlsx_upload(VI_HEADER, rows)
        )
    job.refresh_from_db()
    assert job.report["update"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        imports.import_job_commit(actor=officer, job=job)
    made[1].refresh_from_db()
    assert made[1].enterprise.name == rows[0][1]
    assert _keys_match_register()


def test_member_sheet_reads_its_order_from_the_campaign_index(officer, world):
    """The sheet's ids are sorted on the dossier table alone: no join with the register."""
    campaign, _made = world
    sql = str(
        Dossier.objects.filter(campaign=campaign)
        .order_by("enterprise_key", "product_key", "id")
        .values("pk")
        .query
    )
    assert "registry_" not in sql
