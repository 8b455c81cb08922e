"""The fixed cast every access test draws from (healthchecks' owner/member/outsider), and
what runs where: on PostgreSQL (``DATABASE_URL``) only the tests that touch a database."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from chuluc.accounts.enums import Role
from chuluc.core.models import Agency
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.registry import EnterpriseFactory, ProductFactory

DATABASE_FIXTURES = {"db", "transactional_db", "live_server"}
# Tests that open databases of their own (they read DATABASE_URL themselves).
OWN_DATABASES = ("reliability/", "deployment/test_two_servers.py", "core/test_backup.py")
HERE = Path(__file__).parent


def _on_postgres() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres", "pgsql"))


def pytest_collection_modifyitems(config, items):
    """On PostgreSQL, a test without a database (pure computations, parsers, documents,
    settings) is skipped: it gives the same answer as in the SQLite suite, which runs it.
    ``CHULUC_EVERY_TEST=1`` runs them anyway."""
    if not _on_postgres() or os.environ.get("CHULUC_EVERY_TEST") == "1":
        return
    skip = pytest.mark.skip(reason="no database: the SQLite suite runs this test")
    for item in items:
        if not _touches_database(item):
            item.add_marker(skip)


def _touches_database(item) -> bool:
    """A database marker or fixture, a module that asks for fixtures by name (the access
    tests reach the database through ``request.getfixturevalue``), or a suite that opens
    databases of its own."""
    path = Path(str(item.fspath))
    return bool(
        item.get_closest_marker("django_db")
        or item.get_closest_marker("browser")
        or DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
        or path.relative_to(HERE).as_posix().startswith(OWN_DATABASES)
        or "getfixturevalue" in _source(path)
    )


_SOURCES: dict[Path, str] = {}


def _source(path: Path) -> str:
    if path not in _SOURCES:
        _SOURCES[path] = path.read_text(encoding="utf-8")
    return _SOURCES[path]


@pytest.fixture
def empty_cache():
    """Django's cache emptied before and after the test (the cache tests turn it on)."""
    cache.clear()
    yield cache
    cache.clear()


@pytest.fixture(autouse=True)
def _vietnamese_first():
    """Each test starts in the site's language, Vietnamese, and leaves it so: a request in
    English activates English for the thread (LocaleMiddleware), which would otherwise carry
    into the next test's service calls and their messages."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _tasks_run_immediately(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _no_public_page_cache(settings):
    # Pages are rendered for every request, as the query-count tests need; the cache has its
    # own tests (tests/portal/test_caching.py).
    settings.PUBLIC_CACHE_SECONDS = 0
    settings.FIGURES_CACHE_SECONDS = 0  # likewise (tests/core/test_figures_cache.py)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _plain_http(settings):
    # The test client speaks plain HTTP; production's HTTPS redirect is checked by `make check`.
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private", "base_url": None},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def officer(db):
    return UserFactory(username="officer", roles=[Role.OFFICER])


@pytest.fixture
def leader(db):
    return UserFactory(username="leader", roles=[Role.LEADER])


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin", roles=[Role.ADMIN], is_staff=True, is_superuser=True)


@pytest.fixture
def council_member(db):
    return UserFactory(username="council", roles=[Role.COUNCIL_MEMBER])


@pytest.fixture
def agency_officer(db):
    agency = Agency.objects.get(code="so-khcn")
    return UserFactory(username="agency", roles=[(Role.AGENCY_OFFICER, agency)])


@pytest.fixture
def outsider(db):
    return UserFactory(username="outsider")


@pytest.fixture
def enterprise_a(db):
    return EnterpriseFactory(name="Công ty CP Khóa Thử Nghiệm A")


@pytest.fixture
def enterprise_b(db):
    return EnterpriseFactory(name="Công ty CP Thử Nghiệm B")


@pytest.fixture
def rep_a(enterprise_a):
    user = UserFactory(username="rep_a", roles=[Role.ENTERPRISE_REP])
    MembershipFactory(user=user, enterprise=enterprise_a)
    return user


@pytest.fixture
def rep_b(enterprise_b):
    user = UserFactory(username="rep_b", roles=[Role.ENTERPRISE_REP])
    MembershipFactory(user=user, enterprise=enterprise_b)
    return user


@pytest.fixture
def product_a(enterprise_a):
    return ProductFactory(enterprise=enterprise_a, name="Ổ khóa thử A")


@pytest.fixture
def product_b(enterprise_b):
    return ProductFactory(enterprise=enterprise_b, name="Sản phẩm thử B")
