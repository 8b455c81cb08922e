"""Every service write leaves exactly one audit row, in the same transaction."""

import importlib
import inspect
import pkgutil

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

import chuluc
import tests
from chuluc.accounts import services as account_services
from chuluc.accounts.enums import MembershipStatus, Role
from chuluc.campaigns import services as campaign_services
from chuluc.campaigns import services as dossier_services
from chuluc.campaigns.criteria_io import parse_yaml
from chuluc.campaigns.selectors import default_program
from chuluc.core.audit import audit_record
from chuluc.core.models import AuditEntry
from chuluc.council import services as council_services
from chuluc.registry import services as registry_services
from chuluc.registry.enums import ImportKind
from chuluc.registry.services import imports
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.campaigns import (
    VALID_CRITERIA,
    complete_dossier,
    make_campaign,
    pdf_upload,
)
from tests.factories.council import build_council
from tests.factories.files import PNG
from tests.factories.registry import EnterpriseFactory, ProductFactory, valid_tax_code
from tests.registry.spreadsheets import VI_HEADER, enterprise_rows, xlsx_upload


def _service_modules() -> list[str]:
    """Every module of every app's ``services`` (a module or a package of modules): found,
    not listed by hand, so a new service module is held to the contract at once."""
    found = []
    for app in pkgutil.iter_modules(chuluc.__path__):
        try:
            package = importlib.import_module(f"chuluc.{app.name}.services")
        except ModuleNotFoundError:
            continue
        if hasattr(package, "__path__"):
            found += [
                f"{package.__name__}.{m.name}" for m in pkgutil.iter_modules(package.__path__)
            ]
        else:
            found.append(package.__name__)
    return found


def _app_case_modules():
    """Each app's ``tests/<app>/audit_cases.py``: its ``CASES`` and ``NOT_SINGLE_WRITES``."""
    for app in pkgutil.iter_modules(tests.__path__):
        try:
            yield importlib.import_module(f"tests.{app.name}.audit_cases")
        except ModuleNotFoundError as error:
            if error.name != f"tests.{app.name}.audit_cases":
                raise


SERVICE_MODULES = _service_modules()
APP_CASES = list(_app_case_modules())
# Public functions of those modules that do not write, or write many objects (tested below).
NOT_SINGLE_WRITES = {
    "user_insert",  # a step of user_create and self-registration, whose audit row covers it
    "membership_insert",  # a step of membership_request and self-registration (same)
    "import_job_validate",  # background step: the job's own event row, no domain write
    "import_job_write",  # bulk: one row per object written (test_imports)
    "import_rows_commit",  # bulk: one row per object written (test below)
    "scorer_codes",  # read
    "is_renewal",  # read
    "ensure_editable",  # a check the dossier's writes share
    "screening_run",  # runs inside dossier_submit, whose audit row covers it
    "criteria_set_freeze",  # runs inside the scoring service, whose audit row covers it
    "criteria_set_import",  # parses a file, then criteria_set_create writes (case below)
    "dossiers_record_results",  # runs inside the council's round_close / correction services
    "round_close",  # the round's row and one per dossier move (test below)
    "results_recompute",  # runs inside the council's services, whose audit row covers it
    "refuse_when_frozen",  # a check the council's services share
    "parse_score",  # reads a typed score
    "sheet_missing",  # read
    "results_frozen",  # read
    "sender_key",  # a hash
    "add_months",  # date arithmetic
    "decision_ready",  # read
}
for _cases in APP_CASES:  # each app's reasons are in its tests/<app>/audit_cases.py
    NOT_SINGLE_WRITES |= set(_cases.NOT_SINGLE_WRITES)


def _case_user_create(officer):
    return lambda: account_services.user_create(actor=officer, username="moi", roles=[Role.LEADER])


def _case_user_set_password(officer):
    user = UserFactory()
    return lambda: account_services.user_set_password(
        actor=user, user=user, password="mot-mat-khau-dai-2026"
    )


def _case_membership_request(officer):
    user, enterprise = UserFactory(), EnterpriseFactory()
    return lambda: account_services.membership_request(actor=user, user=user, enterprise=enterprise)


def _case_membership_decide(officer):
    membership = MembershipFactory(status=MembershipStatus.PENDING)
    return lambda: account_services.membership_decide(
        actor=officer, membership=membership, status=MembershipStatus.VERIFIED
    )


def _case_enterprise_self_register(officer):
    return lambda: registry_services.enterprise_self_register(
        username="dn-moi",
        email="dn@example.vn",
        full_name="Người Đại Diện",
        phone="0900000000",
        password="mot-mat-khau-dai-2026",
        position="Giám đốc",
        tax_code=valid_tax_code(900),
        enterprise_name="Công ty CP Tự Đăng Ký",
    )


def _case_enterprise_create(officer):
    return lambda: registry_services.enterprise_create(
        actor=officer, name="Công ty CP Mới", tax_code=valid_tax_code(901)
    )


def _case_enterprise_update(officer):
    enterprise = EnterpriseFactory()
    return lambda: registry_services.enterprise_update(
        actor=officer, enterprise=enterprise, address="Số 2 phố Mới"
    )


def _case_product_create(officer):
    enterprise = EnterpriseFactory()
    return lambda: registry_services.product_create(
        actor=officer, enterprise=enterprise, name="Sản phẩm mới"
    )


def _case_product_update(officer):
    product = ProductFactory()
    return lambda: registry_services.product_update(
        actor=officer, product=product, description="Mô tả mới"
    )


def _case_product_image_add(officer):
    product = ProductFactory()
    return lambda: registry_services.product_image_add(
        actor=officer, product=product, upload=SimpleUploadedFile("a.png", PNG)
    )


def _case_enterprise_contact_add(officer):
    enterprise = EnterpriseFactory()
    return lambda: registry_services.enterprise_contact_add(
        actor=officer, enterprise=enterprise, name="Người Liên Hệ", email="lh@example.vn"
    )


def _case_enterprise_contact_remove(officer):
    contact = registry_services.enterprise_contact_add(
        actor=officer, enterprise=EnterpriseFactory(), name="Người Liên Hệ"
    )
    return lambda: registry_services.enterprise_contact_remove(actor=officer, contact=contact)


def _case_top500_listing_add(officer):
    enterprise = EnterpriseFactory()
    return lambda: registry_services.top500_listing_add(
        actor=officer, enterprise=enterprise, year=2024, ranking="VNR500", rank=120
    )


def _case_top500_listing_remove(officer):
    listing = registry_services.top500_listing_add(
        actor=officer, enterprise=EnterpriseFactory(), year=2024, ranking="VNR500"
    )
    return lambda: registry_services.top500_listing_remove(actor=officer, listing=listing)


def _case_import_job_create(officer):
    return lambda: imports.import_job_create(
        actor=officer,
        kind=ImportKind.ENTERPRISES,
        upload=xlsx_upload(VI_HEADER, enterprise_rows(2)),
    )


def _validated_job(officer):
    job = imports.import_job_create(
        actor=officer,
        kind=ImportKind.ENTERPRISES,
        upload=xlsx_upload(VI_HEADER, enterprise_rows(2)),
    )
    return imports.import_job_validate(job_id=job.pk)


def _case_import_job_commit(officer):
    job = _validated_job(officer)
    return lambda: imports.import_job_commit(actor=officer, job=job)


def _case_import_job_cancel(officer):
    job = _validated_job(officer)
    return lambda: imports.import_job_cancel(actor=officer, job=job)


def _campaign():
    return make_campaign()


def _dossier(officer, *, submitted=False):
    dossier = complete_dossier(actor=officer, campaign=_campaign(), product=ProductFactory())
    if submitted:
        dossier_services.dossier_submit(actor=officer, dossier=dossier)
    return dossier


def _case_criteria_set_create(officer):
    spec = parse_yaml(VALID_CRITERIA.encode())
    return lambda: campaign_services.criteria_set_create(
        actor=officer, program=default_program(), spec=spec
    )


def _case_campaign_create(officer):
    return _campaign


def _case_campaign_copy(officer):
    source = _campaign()
    return lambda: campaign_services.campaign_copy(actor=officer, source=source, year=2027)


def _case_campaign_update(officer):
    campaign = _campaign()
    return lambda: campaign_services.campaign_update(actor=officer, campaign=campaign, top_n=12)


def _case_target_save(officer):
    campaign = _campaign()
    return lambda: campaign_services.target_save(
        actor=officer, campaign=campaign, indicator="x", label="X", low=1, high=2, unit="sp"
    )


def _case_eligibility_rule_save(officer):
    campaign = _campaign()
    return lambda: campaign_services.eligibility_rule_save(
        actor=officer,
        campaign=campaign,
        code="E9",
        name="Mới",
        kind="document",
        document_kind="other",
    )


def _case_legal_basis_add(officer):
    campaign = _campaign()
    return lambda: campaign_services.legal_basis_add(
        actor=officer, campaign=campaign, kind="plan", number="1/KH-UBND", issued_on=None
    )


def _case_dossier_create(officer):
    campaign, product = _campaign(), ProductFactory()
    return lambda: dossier_services.dossier_create(
        actor=officer, campaign=campaign, product=product
    )


def _case_dossier_save(officer):
    dossier = _dossier(officer)
    return lambda: dossier_services.dossier_save(
        actor=officer, dossier=dossier, figures={2025: {"employees": 7}}
    )


def _case_certificate_add(officer):
    dossier = _dossier(officer)
    return lambda: dossier_services.certificate_add(
        actor=officer, dossier=dossier, kind="iso9001", number="A1"
    )


def _case_certificate_remove(officer):
    dossier = _dossier(officer)
    certificate = dossier_services.certificate_add(
        actor=officer, dossier=dossier, kind="iso9001", number="A1"
    )
    return lambda: dossier_services.certificate_remove(actor=officer, certificate=certificate)


def _case_evidence_upload(officer):
    dossier = _dossier(officer)
    return lambda: dossier_services.evidence_upload(
        actor=officer, dossier=dossier, kind="other", upload=pdf_upload()
    )


def _case_evidence_remove(officer):
    dossier = _dossier(officer)
    return lambda: dossier_services.evidence_remove(
        actor=officer, evidence=dossier.evidence.first()
    )


def _case_dossier_submit(officer):
    dossier = _dossier(officer)
    return lambda: dossier_services.dossier_submit(actor=officer, dossier=dossier)


def _case_dossier_delete(officer):
    product = ProductFactory()
    rep = UserFactory(roles=[Role.ENTERPRISE_REP])
    MembershipFactory(user=rep, enterprise=product.enterprise)
    dossier = complete_dossier(actor=rep, campaign=_campaign(), product=product)
    return lambda: dossier_services.dossier_delete(actor=rep, dossier=dossier)


def _case_dossier_return(officer):
    dossier = _dossier(officer, submitted=True)
    return lambda: dossier_services.dossier_return(
        actor=officer, dossier=dossier, comment="Bổ sung"
    )


def _case_screening_decide(officer):
    check = _dossier(officer, submitted=True).screening.first()
    return lambda: dossier_services.screening_decide(
        actor=officer, check=check, outcome=check.automatic
    )


def _case_computed_score_verify(officer):
    score = _dossier(officer, submitted=True).computed_scores.first()
    return lambda: dossier_services.computed_score_verify(actor=officer, score=score)


def _case_dossier_screen(officer):
    dossier = _dossier(officer, submitted=True)
    for check in dossier.screening.all():
        dossier_services.screening_decide(actor=officer, check=check, outcome=check.automatic)
    return lambda: dossier_services.dossier_screen(actor=officer, dossier=dossier)


def _council(officer, dossier_count=1):
    rep = UserFactory(roles=[Role.ENTERPRISE_REP])
    enterprise = EnterpriseFactory()
    MembershipFactory(user=rep, enterprise=enterprise)
    return build_council(
        officer=officer, rep=rep, enterprise=enterprise, dossier_count=dossier_count
    )


def _scored(officer, *, close=False):
    ctx = _council(officer)
    round_ = ctx["council"].rounds.get()
    for member in (ctx["members"]["uv1"], ctx["members"]["uv2"]):
        for criterion in ctx["judged"]:
            council_services.score_record(
                actor=member.user,
                round_=round_,
                dossier=ctx["dossiers"][0],
                criterion=criterion,
                value=5,
            )
    if close:
        council_services.round_close(actor=ctx["members"]["thu_ky"].user, round_=round_)
    return ctx


def _case_council_create(officer):
    campaign = _campaign()
    return lambda: council_services.council_create(actor=officer, campaign=campaign)


def _case_member_add(officer):
    council = _council(officer)["council"]
    return lambda: council_services.member_add(
        actor=officer, council=council, user=UserFactory(), title="Chuyên gia"
    )


def _case_assignment_set(officer):
    ctx = _council(officer)
    return lambda: council_services.assignment_set(
        actor=officer,
        council=ctx["council"],
        criterion=ctx["judged"][0],
        members=[ctx["members"]["uv1"]],
    )


def _case_no_conflict_sign(officer):
    council = _council(officer)["council"]
    member = council_services.member_add(
        actor=officer, council=council, user=UserFactory(), title="Chuyên gia"
    )
    return lambda: council_services.no_conflict_sign(actor=member.user, member=member)


def _case_conflict_declare(officer):
    ctx = _council(officer)
    member = ctx["members"]["uv1"]
    return lambda: council_services.conflict_declare(
        actor=member.user, member=member, dossier=ctx["dossiers"][0], reason="Cổ đông"
    )


def _case_round_open(officer):
    ctx = _scored(officer, close=True)
    return lambda: council_services.round_open(actor=officer, council=ctx["council"], name="Vòng 2")


def _case_assessment_reopen(officer):
    ctx = _scored(officer, close=True)
    chair = ctx["members"]["chu_tich"].user
    return lambda: council_services.assessment_reopen(
        actor=chair, council=ctx["council"], reason="Hồ sơ đủ điều kiện sau khi khóa"
    )


def _case_score_record(officer):
    ctx = _council(officer)
    member = ctx["members"]["uv1"]
    return lambda: council_services.score_record(
        actor=member.user,
        round_=ctx["council"].rounds.get(),
        dossier=ctx["dossiers"][0],
        criterion=ctx["judged"][0],
        value=3,
    )


def _case_sheet_submit(officer):
    ctx = _scored(officer)
    return lambda: council_services.sheet_submit(
        actor=ctx["members"]["uv1"].user, round_=ctx["council"].rounds.get()
    )


def test_round_close_leaves_a_row_for_the_round_and_one_per_dossier_move(officer):
    ctx = _scored(officer)
    before = AuditEntry.objects.count()
    council_services.round_close(
        actor=ctx["members"]["thu_ky"].user, round_=ctx["council"].rounds.get()
    )
    actions = list(AuditEntry.objects.order_by("id")[before:].values_list("action", "object_id"))
    assert actions[0][0] == "round.close"
    moves = actions[1:]
    assert moves, "the scored dossier moves"
    assert all(action.startswith("dossier.") for action, _ in moves)
    # each dossier moved is marked scored, then passed or failed: one row per move
    scored = {pk for action, pk in moves if action == "dossier.score"}
    assert len(moves) == 2 * len(scored)


def _case_correction_request(officer):
    ctx = _scored(officer, close=True)
    score = ctx["council"].rounds.get().scores.first()
    return lambda: council_services.correction_request(
        actor=score.member.user, score=score, new_value=6, reason="Nhầm"
    )


def _case_correction_decide(officer):
    ctx = _scored(officer, close=True)
    score = ctx["council"].rounds.get().scores.first()
    correction = council_services.correction_request(
        actor=score.member.user, score=score, new_value=6, reason="Nhầm"
    )
    return lambda: council_services.correction_decide(
        actor=ctx["members"]["chu_tich"].user, correction=correction, approve=True
    )


def _case_tie_vote_record(officer):
    ctx = _council(officer, dossier_count=2)
    round_ = ctx["council"].rounds.get()
    for member in (ctx["members"]["uv1"], ctx["members"]["uv2"]):
        for dossier in ctx["dossiers"]:
            for criterion in ctx["judged"]:
                council_services.score_record(
                    actor=member.user, round_=round_, dossier=dossier, criterion=criterion, value=5
                )
    council_services.round_close(actor=ctx["members"]["thu_ky"].user, round_=round_)
    order = [d.pk for d in ctx["dossiers"]]
    return lambda: council_services.tie_vote_record(
        actor=officer, council=ctx["council"], order=order, minutes="Biểu quyết 5/4"
    )


CASES = {name[len("_case_") :]: fn for name, fn in globals().items() if name.startswith("_case_")}
for _cases in APP_CASES:
    CASES.update(_cases.CASES)


def _public_services():
    names = set()
    for module_name in SERVICE_MODULES:
        module = importlib.import_module(module_name)
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if fn.__module__ == module_name and not name.startswith("_"):
                names.add(name)
    return names


def test_every_service_has_an_audit_case():
    assert _public_services() - NOT_SINGLE_WRITES == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_service_write_leaves_exactly_one_audit_row(name, officer):
    call = CASES[name](officer)
    before = AuditEntry.objects.count()
    result = call()
    assert AuditEntry.objects.count() == before + 1
    entry = AuditEntry.objects.latest("id")
    assert entry.action
    assert entry.object_id
    assert result is not None


def test_import_rows_commit_leaves_one_row_per_object(officer):
    before = AuditEntry.objects.count()
    _plan, counts = imports.import_rows_commit(
        actor=officer,
        kind=ImportKind.ENTERPRISES,
        rows=[VI_HEADER, *enterprise_rows(4)],
        source="a.xlsx",
    )
    assert counts["created"] == 4
    assert AuditEntry.objects.count() == before + 4
    entries = AuditEntry.objects.filter(action="enterprise.import_create")
    assert [e.diff["import_file"] for e in entries] == [[None, "a.xlsx"]] * 4


def test_audit_record_refuses_to_run_outside_a_transaction(officer, monkeypatch):
    # Pretend to be in autocommit (a real transactional test would flush the reference data
    # that migrations load); the guard must refuse rather than write an orphan audit row.
    connection = transaction.get_connection()
    monkeypatch.setattr(connection, "in_atomic_block", False)
    with pytest.raises(RuntimeError):
        audit_record(actor=officer, action="x", obj=officer)
    monkeypatch.undo()
    assert AuditEntry.objects.filter(action="x").count() == 0


def test_failed_service_writes_no_audit_row(officer):
    enterprise = EnterpriseFactory(tax_code=valid_tax_code(950))
    before = AuditEntry.objects.count()
    with pytest.raises(Exception):  # noqa: B017 - the validation error type is not the point
        registry_services.enterprise_create(
            actor=officer, name="Trùng", tax_code=enterprise.tax_code
        )
    assert AuditEntry.objects.count() == before


def test_audit_diff_records_old_and_new_values(officer):
    enterprise = EnterpriseFactory(address="Cũ")
    registry_services.enterprise_update(actor=officer, enterprise=enterprise, address="Mới")
    entry = AuditEntry.objects.get(action="enterprise.update")
    assert entry.diff == {"address": ["Cũ", "Mới"]}
    assert entry.actor == officer
    assert entry.actor_label == officer.username
