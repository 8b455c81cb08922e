"""The one world of the global authorisation matrix, built once per module through the
services: the fixed cast of tests/conftest.py plus an administrator, two agency officers and
a staff-only back office; enterprise A's recognised campaign (tests/factories/decisions.py),
its open data, a comment waiting for moderation, a firm report, and enterprise A's support
objects (tests/support/test_views.py's world). Every object a URL aims at belongs to
enterprise A, so enterprise B's representative must be refused each one."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from chuluc.accounts.enums import Role
from chuluc.accounts.models import ApiToken, EnterpriseMembership
from chuluc.accounts.services import tokens
from chuluc.core.errors import ApplicationError
from chuluc.core.models import Agency, AuditEntry
from chuluc.decisions.services import snapshot_publish
from chuluc.monitoring import services as monitoring
from chuluc.monitoring.enums import Quarter
from chuluc.registry.models import District, IndustryGroup
from chuluc.support import services as support_services
from chuluc.support.enums import ConnectionKind, ListingKind, ListingSubject
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.decisions import PublicCommentFactory, decided
from tests.factories.production import with_months as production_world
from tests.factories.registry import EnterpriseFactory, ImportJobFactory, ProductFactory
from tests.factories.support import give, make_policy, pdf, routed, tnmt

YEAR = 2025  # the monitoring table's indicator and annual-report URLs ask for this year

ANON, OUTSIDER, REP_A, REP_B, MEMBER, LEADER = (
    "anonymous",
    "outsider",
    "rep_a",
    "rep_b",
    "council_member",
    "leader",
)
AGENCY, OTHER_AGENCY, OFFICER, ADMIN = "agency_officer", "other_agency", "officer", "admin_user"
# Every role of the matrix: the cast of tests/access.py, the two agency officers (Sở KH&CN,
# to which A's difficulty is routed, and Sở TN&MT) and the administrator (staff, superuser).
ROLES = (ANON, OUTSIDER, REP_A, REP_B, MEMBER, LEADER, AGENCY, OTHER_AGENCY, OFFICER, ADMIN)


def _cast(enterprise_a, enterprise_b) -> dict:
    khcn = Agency.objects.get(code="so-khcn")
    users = {
        OFFICER: UserFactory(username="officer", roles=[Role.OFFICER]),
        LEADER: UserFactory(username="leader", roles=[Role.LEADER]),
        ADMIN: UserFactory(username="admin", roles=[Role.ADMIN], is_staff=True, is_superuser=True),
        MEMBER: UserFactory(username="council", roles=[Role.COUNCIL_MEMBER]),
        AGENCY: UserFactory(username="agency", roles=[(Role.AGENCY_OFFICER, khcn)]),
        OTHER_AGENCY: UserFactory(username="tnmt", roles=[(Role.AGENCY_OFFICER, tnmt())]),
        OUTSIDER: UserFactory(username="outsider"),
        REP_A: UserFactory(username="rep_a", roles=[Role.ENTERPRISE_REP]),
        REP_B: UserFactory(username="rep_b", roles=[Role.ENTERPRISE_REP]),
    }
    MembershipFactory(user=users[REP_A], enterprise=enterprise_a)
    MembershipFactory(user=users[REP_B], enterprise=enterprise_b)
    return users


def _support(w: dict, users: dict, enterprise_a, enterprise_b) -> None:
    """Enterprise A's support objects, as tests/support/test_views.py builds them."""
    officer, rep_a, rep_b = users[OFFICER], users[REP_A], users[REP_B]
    today = timezone.localdate()
    policy = make_policy(officer)
    support_services.budget_line_set(
        actor=officer, policy=policy, year=today.year, amount_vnd=10**9
    )
    w["policy"] = policy
    w["record"] = give(officer, enterprise_a, policy, on=today, amount=5_000_000, evidence=pdf())
    give(officer, enterprise_b, policy, on=today, amount=7_000_000, description="Hỗ trợ B")
    w["request"] = support_services.support_request_submit(
        actor=rep_a, enterprise=enterprise_a, policy=policy, description="Đề nghị của A"
    )
    w["event"] = support_services.trade_event_create(
        actor=officer,
        name="Triển lãm thử",
        starts_on=today,
        ends_on=today,
        venue="Hà Nội",
        policy=policy,
    )
    support_services.event_participant_add(actor=officer, event=w["event"], enterprise=enterprise_a)
    w["dialogue"] = support_services.dialogue_create(
        actor=officer,
        title="Đối thoại thử",
        held_on=today,
        chair="Lãnh đạo Sở",
        participants=[enterprise_a],
    )
    w["difficulty"] = routed(officer, rep_a, enterprise_a)  # to Sở KH&CN
    support_services.difficulty_raise(
        actor=rep_b,
        enterprise=enterprise_b,
        category="tax",
        title="Vướng mắc riêng của doanh nghiệp B",
        description="Chỉ B và cán bộ Sở được thấy.",
    )
    w["listing"] = support_services.listing_create(
        actor=rep_a,
        enterprise=enterprise_a,
        kind=ListingKind.NEED,
        subject=ListingSubject.COMPONENT,
        title="Cần linh kiện của A",
    )
    w["partner"] = support_services.partner_create(
        actor=officer, name="Đối tác Thâm Quyến", country="Trung Quốc", contact_email="x@y.cn"
    )
    support_services.connection_record(
        actor=officer,
        enterprise=enterprise_a,
        partner=w["partner"],
        kind=ConnectionKind.MEETING,
        happened_on=today,
    )


def _back_office(w: dict, users: dict) -> None:
    """A row of every model the back office lists, for its change, delete and history
    pages. Third-party rows (groups, lockout records) are written directly."""
    w["group"] = Group.objects.create(name="Nhóm thử")
    w["agency"] = Agency.objects.get(code="so-cong-thuong")
    w["rep_a_user"] = users[REP_A]
    w["access_attempt"] = AccessAttempt.objects.create(
        username="khach", ip_address="10.0.0.1", user_agent="thử", failures_since_start=1
    )
    w["access_log"] = AccessLog.objects.create(
        username="rep_a", ip_address="10.0.0.2", user_agent="thử"
    )
    w["access_failure_log"] = AccessFailureLog.objects.create(
        username="khach", ip_address="10.0.0.1", user_agent="thử"
    )
    w["import_job"] = ImportJobFactory(original_name="thu.csv", created_by=users[OFFICER])
    now = timezone.now()
    w["task_result"] = DBTaskResult.objects.create(
        enqueued_at=now,
        run_after=get_date_max(),  # "no run_after", which the tests' immediate backend needs
        args_kwargs={"args": [], "kwargs": {}},
        task_path="chuluc.decisions.tasks.build_decision_products",
        backend_name="default",
        exception_class_path="",
        traceback="",
    )


def _tokens(users: dict) -> dict[str, str]:
    """A live API token per logged-in role. Users the token service refuses (no API role)
    get a token row written directly: a token issued before the person lost their role."""
    secrets = {}
    for role, user in users.items():
        try:
            secrets[role] = tokens.api_token_create(actor=user, name="Máy khách thử")[1]
        except ApplicationError:  # the service refuses a token to this role
            secret = f"{tokens.SECRET_PREFIX}{role:x<40}"[:44]
            ApiToken.objects.create(
                user=user,
                name="Mã cấp trước khi đổi vai trò",
                prefix=secret[4:12],
                key_hash=tokens.hash_secret(secret),
                created_at=timezone.now(),
            )
            secrets[role] = secret
    revoked, revoked_secret = tokens.api_token_create(actor=users[OFFICER], name="Thu hồi rồi")
    tokens.api_token_revoke(actor=users[OFFICER], token=revoked)
    secrets["revoked_token"] = revoked_secret
    secrets["bad_token"] = tokens.SECRET_PREFIX + "x" * 40
    return secrets


def build_world() -> dict:
    enterprise_a = EnterpriseFactory(name="Công ty CP Khóa Thử Nghiệm A")
    enterprise_b = EnterpriseFactory(name="Công ty CP Thử Nghiệm B")
    ProductFactory(enterprise=enterprise_b, name="Sản phẩm thử B")
    users = _cast(enterprise_a, enterprise_b)
    officer, rep_a = users[OFFICER], users[REP_A]
    w = decided(officer=officer, rep=rep_a, enterprise=enterprise_a, year=YEAR)
    w["enterprise"] = enterprise_a
    w["recognition"] = w["decision"].recognitions.order_by("rank").first()
    w["certificate"] = w["recognition"].certificates.first()
    w["product"] = w["recognition"].product
    w["snapshot"] = snapshot_publish(decision=w["decision"], reason="Quyết định công nhận (thử)")
    w["comment"] = PublicCommentFactory(publication=w["publication"])
    w["comment"].attachment.save("a", SimpleUploadedFile("a.pdf", b"%PDF-1.4 test"))
    w["period"] = monitoring.period_create(
        actor=officer, year=YEAR, quarter=Quarter.Q1, due_on=dt.date(YEAR, 4, 20)
    )
    w["report"] = monitoring.firm_report_submit(
        actor=rep_a,
        enterprise=enterprise_a,
        period=w["period"],
        revenue_vnd=Decimal(50) * 10**9,
        production_value_vnd=Decimal(45) * 10**9,
        export_usd=Decimal(100_000),
        employees=0,
    )
    _support(w, users, enterprise_a, enterprise_b)
    _back_office(w, users)
    w["membership"] = EnterpriseMembership.objects.get(user=rep_a)
    w["audit"] = AuditEntry.objects.order_by("pk").first()
    w["district"] = District.objects.order_by("pk").first()
    w["industry_group"] = IndustryGroup.objects.order_by("pk").first()
    w["enterprise_b"] = enterprise_b
    w["base_year"] = production_world(officer, 14, key_product=w["product"])
    w["users"] = users
    w["secrets"] = _tokens(users)
    w["token"] = ApiToken.objects.filter(user=rep_a).first()
    return w


@contextlib.contextmanager
def world_for_module(django_db_blocker, folder, **settings_) -> Iterator[dict]:
    """``build_world()`` once for a test module (a module-scoped fixture), its files in
    ``folder``, background tasks run at once, fast password hashing; rolled back at the
    end. ``settings_`` adds what the module needs besides (rate limits, caches off)."""
    storages = {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": folder, "base_url": None},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with (
        override_settings(
            MEDIA_ROOT=folder,
            STORAGES=storages,
            TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            SECURE_SSL_REDIRECT=False,
            **settings_,
        ),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        cache.clear()
        yield build_world()
        transaction.set_rollback(True)
    cache.clear()
