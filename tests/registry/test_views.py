import io
import unicodedata

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from chuluc.core.models import AuditEntry
from chuluc.registry.enums import ImportKind
from chuluc.registry.models import Enterprise, IndustryGroup, Product, ProductImage
from chuluc.registry.services import enterprise_create, enterprise_update, imports
from tests.factories.files import PNG
from tests.factories.registry import EnterpriseFactory, ProductFactory, valid_tax_code


def test_officer_creates_enterprise_with_inline_errors_first(client, officer):
    client.force_login(officer)
    bad = client.post(
        "/so-dang-ky/doanh-nghiep/them/",
        {"name": "", "tax_code": "0100109107", "ownership": "private"},
    )
    assert bad.status_code == 200
    html = bad.content.decode()
    assert "chữ số kiểm tra" in html
    assert Enterprise.objects.count() == 0
    good = client.post(
        "/so-dang-ky/doanh-nghiep/them/",
        {
            "name": "  Công ty CP  Mới ",
            "tax_code": valid_tax_code(1),
            "ownership": "fdi",
            "website": "moi.vn",
        },
    )
    enterprise = Enterprise.objects.get()
    assert good["Location"] == f"/so-dang-ky/doanh-nghiep/{enterprise.pk}/"
    assert (enterprise.name, enterprise.is_fdi, enterprise.website) == (
        "Công ty CP Mới",
        True,
        "https://moi.vn",
    )


def test_duplicate_tax_code_is_refused_in_vietnamese(client, officer):
    existing = EnterpriseFactory()
    client.force_login(officer)
    response = client.post(
        "/so-dang-ky/doanh-nghiep/them/",
        {"name": "Trùng", "tax_code": existing.tax_code, "ownership": "private"},
    )
    assert "Đã có doanh nghiệp với mã số thuế này" in response.content.decode()
    assert Enterprise.objects.count() == 1


def test_saving_without_changes_says_so(client, officer):
    enterprise = EnterpriseFactory(ownership="private")
    client.force_login(officer)
    response = client.post(
        f"/so-dang-ky/doanh-nghiep/{enterprise.pk}/sua/",
        {"name": enterprise.name, "tax_code": enterprise.tax_code, "ownership": "private"},
    )
    assert "Không có thay đổi nào để lưu" in response.content.decode()


@pytest.mark.parametrize("query", ["khoa viet tiep", "KHÓA VIỆT", "Khóa Việt-Tiệp", "viet-tiep"])
def test_search_ignores_diacritics_and_case(client, officer, query):
    enterprise_create(actor=officer, name="Công ty CP Khóa Việt-Tiệp", tax_code=valid_tax_code(2))
    EnterpriseFactory(name="Công ty CP Khác")
    client.force_login(officer)
    html = client.get(
        "/so-dang-ky/doanh-nghiep/", {"q": unicodedata.normalize("NFD", query)}
    ).content.decode()
    assert "Khóa Việt-Tiệp" in html
    assert "Công ty CP Khác" not in html


def test_search_by_tax_code(client, officer):
    target = EnterpriseFactory(name="Theo Mã")
    EnterpriseFactory(name="Không Khớp")
    client.force_login(officer)
    html = client.get("/so-dang-ky/doanh-nghiep/", {"q": target.tax_code}).content.decode()
    assert "Theo Mã" in html
    assert "Không Khớp" not in html


def test_htmx_search_returns_only_the_results_fragment(client, officer):
    EnterpriseFactory(name="Một")
    client.force_login(officer)
    response = client.get(
        "/so-dang-ky/doanh-nghiep/",
        {"q": "mot"},
        headers={"HX-Request": "true", "HX-Target": "results"},
    )
    html = response.content.decode()
    assert "<html" not in html
    assert html.lstrip().startswith("<table")


def test_representative_edits_own_enterprise_and_it_is_audited(client, rep_a, enterprise_a):
    client.force_login(rep_a)
    response = client.post(
        f"/so-dang-ky/doanh-nghiep/{enterprise_a.pk}/sua/",
        {
            "name": enterprise_a.name,
            "ownership": "private",
            "address": "Số 9 phố Đại Diện",
            "tax_code": valid_tax_code(3),
        },
    )
    assert response.status_code == 302
    enterprise_a.refresh_from_db()
    assert enterprise_a.address == "Số 9 phố Đại Diện"
    assert enterprise_a.tax_code != valid_tax_code(3)
    entry = AuditEntry.objects.get(action="enterprise.update")
    assert entry.actor == rep_a
    assert entry.diff == {"address": ["", "Số 9 phố Đại Diện"]}


def test_officer_sees_history_on_the_enterprise_page(client, officer):
    enterprise = EnterpriseFactory(address="A")
    enterprise_update(actor=officer, enterprise=enterprise, address="B")
    client.force_login(officer)
    assert (
        f"/so-dang-ky/doanh-nghiep/{enterprise.pk}/lich-su/"
        in client.get(f"/so-dang-ky/doanh-nghiep/{enterprise.pk}/").content.decode()
    )
    history = client.get(f"/so-dang-ky/doanh-nghiep/{enterprise.pk}/lich-su/").content.decode()
    assert "Sửa thông tin doanh nghiệp" in history  # the action in words, not its code
    assert "<del>A</del>" in history


def test_product_create_and_duplicate_name(client, officer, enterprise_a):
    client.force_login(officer)
    url = f"/so-dang-ky/doanh-nghiep/{enterprise_a.pk}/san-pham/them/"
    client.post(url, {"name": "Ổ khóa số", "track": "other"})
    response = client.post(url, {"name": "o khoa so", "track": "other"})
    assert "đã có một sản phẩm cùng tên" in response.content.decode()
    assert Product.objects.filter(enterprise=enterprise_a).count() == 1


def test_product_image_upload_checks_content_and_serves_privately(client, rep_a, product_a, rep_b):
    client.force_login(rep_a)
    url = f"/so-dang-ky/san-pham/{product_a.pk}/anh/"
    client.post(
        url, {"image": SimpleUploadedFile("virus.png", b"MZ\x90\x00 executable")}, follow=True
    )
    assert ProductImage.objects.count() == 0
    client.post(
        url, {"image": SimpleUploadedFile("../../etc/passwd.png", PNG), "caption": "Mặt trước"}
    )
    image = ProductImage.objects.get()
    assert ".." not in image.image.name
    assert image.image.name.startswith(f"products/{product_a.pk}/")
    response = client.get(f"/so-dang-ky/anh/{image.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == PNG
    client.force_login(rep_b)
    assert client.get(f"/so-dang-ky/anh/{image.pk}/").status_code == 404


def test_export_xlsx_opens_and_neutralises_formulas(client, officer):
    EnterpriseFactory(name='=HYPERLINK("http://x")', short_name="+cmd", address="@SUM(A1)")
    client.force_login(officer)
    response = client.get("/so-dang-ky/xuat/enterprises.xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Mã số thuế", "Tên doanh nghiệp", "Tên viết tắt")
    assert rows[1][1] == '\'=HYPERLINK("http://x")'
    assert rows[1][2] == "'+cmd"
    assert sheet.cell(row=2, column=2).data_type == "s"


def test_export_csv_reimports_unchanged(client, officer, django_capture_on_commit_callbacks):
    EnterpriseFactory(name="Vòng Tròn", district=None)
    client.force_login(officer)
    content = client.get("/so-dang-ky/xuat/enterprises.csv").content
    assert content.startswith("\ufeff".encode())
    with django_capture_on_commit_callbacks(execute=True):
        job = imports.import_job_create(
            actor=officer, kind=ImportKind.ENTERPRISES, upload=SimpleUploadedFile("x.csv", content)
        )
    job.refresh_from_db()
    assert (job.report["unchanged"], job.report["error_count"]) == (1, 0)


def test_template_download_has_the_vietnamese_headers(client, officer):
    client.force_login(officer)
    response = client.get("/so-dang-ky/nhap/mau/products.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert next(sheet.iter_rows(values_only=True))[:2] == (
        "Mã số thuế doanh nghiệp",
        "Tên sản phẩm",
    )
    assert client.get("/so-dang-ky/nhap/mau/khac.xlsx").status_code == 404


def test_demo_and_public_records_are_labelled(client, officer):
    EnterpriseFactory(name="Mẫu", is_demo=True)
    EnterpriseFactory(name="Công khai", is_public_record=True, tax_code=None)
    client.force_login(officer)
    html = client.get("/so-dang-ky/doanh-nghiep/").content.decode()
    assert "Dữ liệu mẫu" in html
    assert "Bản ghi công khai" in html


def test_healthz_reports_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_product_list_filters_by_group(client, officer):
    it = IndustryGroup.objects.get(code="cntt")
    ProductFactory(name="Phần mềm A", industry_group=it)
    ProductFactory(name="Máy B")
    client.force_login(officer)
    html = client.get("/so-dang-ky/san-pham/", {"group": it.pk}).content.decode()
    assert "Phần mềm A" in html
    assert "Máy B" not in html


def test_representative_manages_contacts_but_not_top500(client, rep_a, enterprise_a):
    client.force_login(rep_a)
    base = f"/so-dang-ky/doanh-nghiep/{enterprise_a.pk}"
    client.post(f"{base}/lien-he/", {"name": "Trần Liên Hệ", "email": "khong-hop-le"})
    assert enterprise_a.contacts.count() == 0
    client.post(f"{base}/lien-he/", {"name": "Trần Liên Hệ", "email": "lh@example.vn"})
    contact = enterprise_a.contacts.get()
    assert client.post(f"{base}/top500/", {"year": 2024, "ranking": "VNR500"}).status_code == 403
    client.post(f"{base}/lien-he/{contact.pk}/xoa/")
    assert enterprise_a.contacts.count() == 0
    assert (
        AuditEntry.objects.filter(
            object_id=str(enterprise_a.pk), action__startswith="enterprise.contact_"
        ).count()
        == 2
    )


def test_officer_records_top500_once_per_year(client, officer, enterprise_a):
    client.force_login(officer)
    url = f"/so-dang-ky/doanh-nghiep/{enterprise_a.pk}/top500/"
    client.post(url, {"year": 2024, "ranking": "VNR500", "rank": 120})
    response = client.post(url, {"year": 2024, "ranking": "VNR500"}, follow=True)
    assert "đã có xếp hạng này cho năm đó" in response.content.decode()
    assert enterprise_a.top500.count() == 1
    assert (
        "VNR500 2024 (#120)"
        in client.get(f"/so-dang-ky/doanh-nghiep/{enterprise_a.pk}/").content.decode()
    )
