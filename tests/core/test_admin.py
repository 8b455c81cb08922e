from chuluc.core.models import AuditEntry
from chuluc.registry.models import District, Enterprise


def test_back_office_change_to_reference_data_is_audited(client, admin_user):
    district = District.objects.get(code="cau-giay")
    client.force_login(admin_user)
    response = client.post(
        f"/quan-tri/registry/district/{district.pk}/change/",
        {"code": "cau-giay", "name": "Cầu Giấy mới", "kind": "Quận", "name_en": district.name_en},
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="district.admin_update")
    assert entry.diff == {"name": ["Cầu Giấy", "Cầu Giấy mới"]}
    assert entry.actor == admin_user


def test_register_records_are_read_only_in_the_back_office(client, admin_user, enterprise_a):
    client.force_login(admin_user)
    assert client.get("/quan-tri/registry/enterprise/add/").status_code == 403
    client.post(f"/quan-tri/registry/enterprise/{enterprise_a.pk}/change/", {"name": "Đổi"})
    assert Enterprise.objects.get(pk=enterprise_a.pk).name == enterprise_a.name


def test_officer_is_not_let_into_the_back_office(client, officer):
    client.force_login(officer)
    response = client.get("/quan-tri/")
    assert response.status_code == 302
    assert response["Location"].startswith("/quan-tri/login/")
