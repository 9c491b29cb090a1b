"""Settings driven by the environment.

SQLite under var/ by default (one-command start); PostgreSQL when DATABASE_URL is set.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("DIEUHANH_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DIEUHANH_DEBUG", True)
# The demo key is only for a local start; production must set DIEUHANH_SECRET_KEY.
SECRET_KEY = os.environ.get("DIEUHANH_SECRET_KEY", "dev-only-insecure-key-change-me-0123456789abcdef")
ALLOWED_HOSTS = [
    h for h in os.environ.get("DIEUHANH_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",") if h
]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("DIEUHANH_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "dieuhanh.core.admin_site.DieuhanhAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "simple_history",
    "django_tasks_db",
    "dieuhanh.core",
    "dieuhanh.units",
    "dieuhanh.accounts",
    "dieuhanh.plans",
    "dieuhanh.reporting",
    "dieuhanh.indicators",
    "dieuhanh.synthesis",
    "dieuhanh.dashboard",
    "dieuhanh.zones",
    "dieuhanh.api",
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "dieuhanh.core.context_processors.site",
                "dieuhanh.reporting.context_processors.notifications",
                "dieuhanh.zones.context_processors.zones_nav",
            ],
        },
    },
]

SQLITE_PATH = VAR_DIR / "dieuhanh.sqlite3"


def database_config() -> dict[str, Any]:
    url = os.environ.get("DATABASE_URL")
    if url:
        return dict(dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True))
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": SQLITE_PATH,
        # IMMEDIATE takes the write lock at BEGIN, so concurrent writers queue on
        # busy_timeout instead of failing with "database is locked" mid-transaction.
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
        },
    }


DATABASES = {"default": database_config()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Off: it would also group ids and years in URLs and attributes ("?nhom=1.234", "2.030").
# Numbers shown to people go through the `so` filter (1.234,5) explicitly.
USE_THOUSAND_SEPARATOR = False
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# Everything is served from our own origin: the platform must work on an offline intranet.
from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# E-mail: printed to the console unless an SMTP host is configured.
EMAIL_BACKEND = os.environ.get("DIEUHANH_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("DIEUHANH_EMAIL_HOST", "localhost")
DEFAULT_FROM_EMAIL = os.environ.get("DIEUHANH_FROM_EMAIL", "dieuhanh <khong-tra-loi@dieuhanh.local>")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# The province this deployment serves, as it stood over time: Hải Dương until 30/06/2025,
# then Hải Phòng, which absorbed it. Unit codes as loaded by `load_units`.
PROVINCE_UNIT_CODES = [
    c for c in os.environ.get("DIEUHANH_PROVINCE_UNITS", "vn2024:p:30,vn2025:p:31").split(",") if c
]

# A task is "due soon" this many days before its due date: one reporting month.
DUE_SOON_DAYS = int(os.environ.get("DIEUHANH_DUE_SOON_DAYS", "30"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DIEUHANH_LOG_LEVEL", "WARNING")},
}

# Audit: append-only records, the audit log page, backups and crash recovery (dieuhanh.audit).
INSTALLED_APPS += ["dieuhanh.audit"]
# A refused edit or deletion of a frozen record becomes a Vietnamese message, not a 500.
MIDDLEWARE += ["dieuhanh.core.middleware.FrozenRecordMiddleware"]
# History is append-only: the admin's "revert to this version" would rewrite a record in place.
SIMPLE_HISTORY_REVERT_DISABLED = True
# Behind nginx the client address is the last X-Forwarded-For entry nginx appended.
AUDIT_BEHIND_PROXY = env_bool("DIEUHANH_BEHIND_PROXY", False)
