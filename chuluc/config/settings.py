"""The one settings module. Everything that differs between machines comes from the
environment, through the declared settings in ``env.py`` (see docs/configuration.md)."""

from __future__ import annotations

import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from chuluc.config.env import (
    ConfigurationError,
    declare,
    env_bool,
    env_int,
    env_list,
    env_str,
    parse_email_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PACKAGE_DIR = BASE_DIR / "chuluc"

declare("DEBUG", "false", "Bật chế độ gỡ lỗi của Django (true/false). Never true in production.")
declare(
    "SECRET_KEY", "", "Khóa bí mật. Empty: one is generated once and kept in DATA_DIR/secret_key."
)
declare(
    "ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]", "Comma-separated host names this site answers to."
)
declare(
    "CSRF_TRUSTED_ORIGINS",
    "",
    "Comma-separated origins (https://example.gov.vn) trusted for forms.",
)
declare(
    "DATA_DIR",
    str(BASE_DIR / "var"),
    "Folder for the SQLite file, private uploads and collected static files.",
)
declare(
    "DATABASE_URL",
    "",
    "Database URL; empty means SQLite at DATA_DIR/db.sqlite3. PostgreSQL: postgres://user@host:5432/name",
)
declare(
    "DATABASE_CONN_MAX_AGE",
    "60",
    "Seconds to keep a PostgreSQL connection open (0 closes after each request).",
)
declare(
    "SQLITE_MMAP_MB",
    "512",
    "SQLite: megabytes of the database file read through memory mapping (0 turns it off).",
)
declare(
    "SQLITE_CACHE_MB",
    "64",
    "SQLite: megabytes of page cache of each database connection.",
)
declare(
    "EMAIL_URL",
    "console:",
    "Mail transport: console:, locmem:, file:/path, smtp://user:pass@host:587?tls=1, smtps://...",
)
declare(
    "DEFAULT_FROM_EMAIL",
    "Chủ Lực <no-reply@chuluc.local>",
    "Sender address of mail from the platform.",
)
declare(
    "MEDIA_ROOT", "", "Private upload folder; empty means DATA_DIR/private. Never served by URL."
)
declare("STATIC_ROOT", "", "Where collectstatic writes; empty means DATA_DIR/static.")
declare("TIME_ZONE", "Asia/Ho_Chi_Minh", "Time zone of the program's dates and deadlines.")
declare(
    "HTTPS",
    "",
    "Served over HTTPS: secure cookies, HSTS and redirect. Empty means the opposite of DEBUG.",
)
declare("SECURE_HSTS_SECONDS", "31536000", "HSTS max-age when HTTPS is on.")
declare(
    "SECURE_PROXY_SSL_HEADER",
    "",
    "Header set by a TLS-terminating proxy, e.g. HTTP_X_FORWARDED_PROTO.",
)
declare("LOGIN_FAILURE_LIMIT", "5", "Failed logins for one user name before the account is locked.")
declare("LOGIN_COOLOFF_MINUTES", "15", "Minutes a locked account stays locked.")
declare(
    "TASKS_BACKEND",
    "database",
    "Background tasks: database (a worker runs them) or immediate (in the request, for tests).",
)
declare(
    "IMPORT_MAX_BYTES", str(20 * 1024 * 1024), "Largest spreadsheet accepted for import, in bytes."
)
declare("IMPORT_MAX_ROWS", "200000", "Most data rows accepted in one spreadsheet import.")
declare(
    "EVIDENCE_MAX_BYTES",
    str(20 * 1024 * 1024),
    "Largest dossier document accepted (PDF, image, XLSX, DOCX), in bytes.",
)
declare(
    "SITE_URL",
    "",
    "The site's public address: links inside mail and the QR codes of certificates point there. "
    "Empty: the address `chuluc serve` binds (http://127.0.0.1:PORT); a server started otherwise "
    "with DEBUG=false refuses to start without it.",
)
declare(
    "TEST_CLOCK_FILE",
    "",
    "Only for the browser test that walks a whole program year: a file holding how many "
    "seconds the application's clock runs ahead of the real one. Never set on a real server "
    "(`check --deploy` reports it).",
)
declare("LOG_LEVEL", "INFO", "Level of the console log (DEBUG, INFO, WARNING, ERROR).")
declare("PORT", "8000", "Port that `make run` / `chuluc serve` listens on (127.0.0.1).")
declare("WEB_CONCURRENCY", "3", "Number of gunicorn worker processes started by `chuluc serve`.")
declare(
    "EXPIRY_REMINDER_DAYS",
    "90,30",
    "Days before a recognition expires when the daily command reminds the enterprise and the "
    "officers (comma-separated).",
)
declare(
    "REPORT_REMINDER_DAYS",
    "7,1",
    "Days before a reporting period's due date when the daily command reminds the recognised "
    "enterprises that have not reported yet (comma-separated).",
)
declare(
    "REPORT_OVERDUE_DAYS",
    "1,7,14",
    "Days after a reporting period's due date when the daily command reminds the enterprises "
    "still missing, with the officers in copy (comma-separated).",
)
declare(
    "COMMENT_LIMIT_PER_HOUR",
    "3",
    "Public comments accepted from one address in an hour (flood protection).",
)
declare(
    "COMMENT_MIN_SECONDS",
    "3",
    "Seconds a visitor must spend on the comment form before sending (bots send at once).",
)
declare(
    "TRUSTED_PROXIES",
    "0",
    "Reverse proxies in front of the site that append to X-Forwarded-For (0: the visitor's "
    "address is the connection's). Rate limits and the login lockout count per visitor address.",
)
declare(
    "API_PUBLIC_RATE",
    "120/m",
    "Requests per address to the public API endpoints (django-ninja rate, e.g. 120/m).",
)
declare(
    "REDIS_URL",
    "",
    "Redis shared by every application server (redis://host:6379/0): cache, API rate limits "
    "and sessions. Empty: each process keeps its own cache in memory (one server only).",
)
declare(
    "CACHE_KEY_PREFIX",
    "chuluc",
    "Prefix of every key this installation writes to Redis, so several installations can share "
    "one Redis.",
)
declare(
    "S3_BUCKET",
    "",
    "Bucket of an S3-compatible store (MinIO, Ceph, AWS) holding the private uploads and "
    "generated files, shared by every application server. Empty: files stay in MEDIA_ROOT.",
)
declare(
    "S3_ENDPOINT_URL",
    "",
    "Address of the S3-compatible service, e.g. https://s3.so-ct.gov.vn (path-style "
    "requests). Empty: Amazon S3.",
)
declare("S3_REGION", "", "Region of the bucket (MinIO accepts any, e.g. us-east-1).")
declare(
    "S3_ACCESS_KEY_ID",
    "",
    "Access key of the bucket's user. Empty: boto3's own chain (AWS_* variables, instance role).",
)
declare("S3_SECRET_ACCESS_KEY", "", "Secret key that goes with S3_ACCESS_KEY_ID.")
declare(
    "S3_PREFIX",
    "",
    "Folder inside the bucket for this installation's files (several installations can share "
    "one bucket).",
)
declare(
    "PUBLIC_CACHE_SECONDS",
    "60",
    "Seconds an anonymous visitor's public page (directory, product, enterprise, results, "
    "certificate verification) may be served from the cache; 0 turns the cache off. A decision "
    "or a revocation drops the cached pages at once, on every server.",
)
declare(
    "FIGURES_CACHE_SECONDS",
    "600",
    "Seconds the dashboard's and the annual report's figures may be kept in the cache; any "
    "write drops them at once (the newest audit row is in their key); 0 turns the cache off.",
)
declare(
    "BENCH_TRIVIAL_VIEW",
    "false",
    "Serve /bench/trivial, a view that only returns a constant text (the framework's floor in "
    "bench/throughput.py). Benchmarks only: never on in production.",
)

DEBUG = env_bool("DEBUG")
DATA_DIR = Path(env_str("DATA_DIR"))


def _secret_key() -> str:
    key = env_str("SECRET_KEY")
    if key:
        return key
    path = DATA_DIR / "secret_key"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "chuluc.core",
    "chuluc.accounts",
    "chuluc.registry",
    "chuluc.campaigns",
    "chuluc.council",
    "chuluc.decisions",
    "chuluc.support",
    "chuluc.monitoring",
    "chuluc.production",
    "chuluc.portal",
    "chuluc.api",
    "chuluc.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "chuluc.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "chuluc.config.urls"
WSGI_APPLICATION = "chuluc.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "chuluc.core.context_processors.navigation",
            ],
        },
    },
]

# Database ---------------------------------------------------------------------------
_database_url = env_str("DATABASE_URL")
if _database_url:
    try:
        _db = dj_database_url.parse(_database_url, conn_max_age=env_int("DATABASE_CONN_MAX_AGE"))
    except ValueError as exc:
        raise ConfigurationError(f"DATABASE_URL is not a database URL: {exc}") from None
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    _db = {"ENGINE": "django.db.backends.sqlite3", "NAME": DATA_DIR / "db.sqlite3"}
if _db["ENGINE"] == "django.db.backends.sqlite3":
    _db["OPTIONS"] = {
        # WAL lets readers work during a write; IMMEDIATE takes the write lock at BEGIN so
        # two writers wait for each other (busy timeout) instead of failing mid-transaction.
        # The file is read through memory mapping and a page cache per connection: the
        # directory's search walks tens of thousands of rows scattered over a large file
        # (docs/performance.md).
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
            f"PRAGMA mmap_size={env_int('SQLITE_MMAP_MB') * 2**20}; "
            f"PRAGMA cache_size={-env_int('SQLITE_CACHE_MB') * 1024};"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Accounts ---------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "chuluc.accounts.password_validation.VietnameseMinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "core:home"

EXPIRY_REMINDER_DAYS = sorted(
    {int(days) for days in env_list("EXPIRY_REMINDER_DAYS") if days.strip()}, reverse=True
)
REPORT_REMINDER_DAYS = sorted(
    {int(days) for days in env_list("REPORT_REMINDER_DAYS") if days.strip()}, reverse=True
)
REPORT_OVERDUE_DAYS = sorted(
    {int(days) for days in env_list("REPORT_OVERDUE_DAYS") if days.strip()}
)
COMMENT_LIMIT_PER_HOUR = env_int("COMMENT_LIMIT_PER_HOUR")
COMMENT_MIN_SECONDS = env_int("COMMENT_MIN_SECONDS")
API_PUBLIC_RATE = env_str("API_PUBLIC_RATE")
PUBLIC_CACHE_SECONDS = env_int("PUBLIC_CACHE_SECONDS")
FIGURES_CACHE_SECONDS = env_int("FIGURES_CACHE_SECONDS")
BENCH_TRIVIAL_VIEW = env_bool("BENCH_TRIVIAL_VIEW")
TRUSTED_PROXIES = env_int("TRUSTED_PROXIES")
NINJA_NUM_PROXIES = TRUSTED_PROXIES  # never trust a client-sent X-Forwarded-For by default

AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT")
AXES_COOLOFF_TIME = env_int("LOGIN_COOLOFF_MINUTES") / 60  # hours
# Lock a user name after repeated failures, and an address that fails across many names.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# Attempts and lockouts are rows in the shared database, so they hold across every application
# server; the address is the visitor's, behind TRUSTED_PROXIES (never the proxy's own, which
# would lock everyone out at once).
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_CLIENT_IP_CALLABLE = "chuluc.core.http.client_address"

# Language and time --------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE")
USE_I18N = True
USE_TZ = True

# Files ------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT") or DATA_DIR / "static")
STATICFILES_DIRS = [
    # Front-end packages installed from the npm registry at set-up (`make assets`).
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    ("vendor/chartjs", BASE_DIR / "node_modules" / "chart.js" / "dist"),
]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or DATA_DIR / "private")
MEDIA_URL = None  # uploads are private: served only through permission-checked views
S3_BUCKET = env_str("S3_BUCKET")
if S3_BUCKET:
    # Shared by every application server. Objects are private; views stream them after their
    # permission check (core.http.private_file), so no URL to the store ever reaches a browser.
    _s3_endpoint = env_str("S3_ENDPOINT_URL") or None
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": _s3_endpoint,
            "region_name": env_str("S3_REGION") or None,
            "access_key": env_str("S3_ACCESS_KEY_ID") or None,
            "secret_key": env_str("S3_SECRET_ACCESS_KEY") or None,
            "location": env_str("S3_PREFIX").strip("/"),
            "default_acl": "private",
            "querystring_auth": True,  # were a URL ever built, it would be signed, never public
            "file_overwrite": False,  # a new file never replaces another of the same name
            # Self-hosted stores (MinIO, Ceph) answer path-style requests on any host name.
            "addressing_style": "path" if _s3_endpoint else None,
        },
    }
else:
    _default_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT, "base_url": None},
    }
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES")
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS")
EVIDENCE_MAX_BYTES = env_int("EVIDENCE_MAX_BYTES")
# Set by the operator, or by `chuluc serve` for the processes it starts (the address it binds).
#: A movable clock for the whole-year browser test (``chuluc.core.clock``); empty elsewhere.
TEST_CLOCK_FILE = env_str("TEST_CLOCK_FILE").strip()
SITE_URL_CONFIGURED = bool(env_str("SITE_URL").strip())
SITE_URL = (env_str("SITE_URL").strip() or f"http://127.0.0.1:{env_int('PORT')}").rstrip("/")

# Cache and sessions -------------------------------------------------------------------
# The cache holds the API rate limits (django-ninja throttles). With REDIS_URL every server
# counts in the same place and sessions are read from Redis, written through to the database.
_redis_url = env_str("REDIS_URL")
if _redis_url:
    if not _redis_url.startswith(("redis://", "rediss://", "unix://")):
        raise ConfigurationError(
            f"REDIS_URL must start with redis://, rediss:// or unix://, not {_redis_url!r}"
        )
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _redis_url,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX"),
            # A Redis that stops answering fails the request in seconds, not minutes.
            "OPTIONS": {"socket_connect_timeout": 5, "socket_timeout": 5},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
if (_redis_url or S3_BUCKET) and not env_str("SECRET_KEY"):
    raise ConfigurationError(
        "SECRET_KEY must be set when REDIS_URL or S3_BUCKET is: every application server needs "
        "the same key, and one generated into DATA_DIR would differ from server to server."
    )

# Mail -------------------------------------------------------------------------------
globals().update(parse_email_url(env_str("EMAIL_URL")))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background tasks -------------------------------------------------------------------
_tasks_backend = env_str("TASKS_BACKEND")
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if _tasks_backend not in _TASK_BACKENDS:
    raise ConfigurationError(f"TASKS_BACKEND must be database or immediate, not {_tasks_backend!r}")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[_tasks_backend], "QUEUES": ["default"]}}

# Security ---------------------------------------------------------------------------
_https_raw = env_str("HTTPS")
HTTPS = env_bool("HTTPS") if _https_raw else not DEBUG
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS") if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
_proxy_header = env_str("SECURE_PROXY_SSL_HEADER")
if _proxy_header:
    SECURE_PROXY_SSL_HEADER = (_proxy_header, "https")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL")},
    "loggers": {"axes": {"level": "WARNING"}},
}

PORT = env_int("PORT")
WEB_CONCURRENCY = env_int("WEB_CONCURRENCY")
DEMO_PASSWORD = "chuluc-demo-2026"  # noqa: S105 - the published password of the fictional demo accounts
