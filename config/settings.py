"""Settings driven by the environment.

SQLite under var/ by default (one-command start); PostgreSQL when DATABASE_URL is set.
"""

from __future__ import annotations

import datetime as dt
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


# --- Security ---------------------------------------------------------------------------
# Secure by default: with DEBUG off these are production settings (HTTPS only, HSTS, secure
# cookies). One documented opt-out, DIEUHANH_DEMO=1 (set by `make run`/`make dev`), allows plain
# HTTP on loopback and keeps a generated key under var/. See docs/serving.md.
from config.security import secret_key  # noqa: E402

DEBUG = env_bool("DIEUHANH_DEBUG", False)
DEMO = env_bool("DIEUHANH_DEMO", False)
SECRET_KEY = secret_key(demo=DEMO, var_dir=VAR_DIR)
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
    "dieuhanh.steering",
    "dieuhanh.synthesis",
    "dieuhanh.dashboard",
    "dieuhanh.zones",
    "dieuhanh.evaluation",
    "dieuhanh.opendata",
    "dieuhanh.exchange",
    "dieuhanh.api",
    "dieuhanh.site",
    "ninja",
    # Sign-in (see the "Sign-in" section below): throttling and the second factor.
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "dieuhanh.core.middleware.RequestSizeLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "dieuhanh.core.middleware.SessionActivityMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # Sign-in: request.user.is_verified()
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "dieuhanh.indicators.middleware.IndicatorRegistryMiddleware",
    "dieuhanh.core.middleware.RequestReadsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "dieuhanh.api.middleware.ApiETagMiddleware",
    # Sign-in: the second factor before any page; axes last, as it maps lockouts to responses.
    "dieuhanh.accounts.middleware.SecondFactorMiddleware",
    "axes.middleware.AxesMiddleware",
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
# Covering indexes (`include=`) are PostgreSQL's: SQLite builds the same index on its key
# columns alone, which its plans are made for (indicators.models.DataValue).
SILENCED_SYSTEM_CHECKS = ["models.W040"]
AUTH_USER_MODEL = "accounts.User"


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
# Sessions in the database (no cache server to run), read by SQL built once: core.sessions.
SESSION_ENGINE = "dieuhanh.core.sessions"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# --- Security (transport, cookies, sessions) ----------------------------------------------
# Plain HTTP only for a developer (DEBUG) or the local demo; everything else is HTTPS-only.
PLAIN_HTTP = DEBUG or DEMO
SECURE_SSL_REDIRECT = not PLAIN_HTTP
SESSION_COOKIE_SECURE = not PLAIN_HTTP
CSRF_COOKIE_SECURE = not PLAIN_HTTP
SECURE_HSTS_SECONDS = 0 if PLAIN_HTTP else int(os.environ.get("DIEUHANH_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DIEUHANH_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DIEUHANH_HSTS_PRELOAD", True)
# The load balancer checks health over plain HTTP from inside the network.
SECURE_REDIRECT_EXEMPT = [r"^suc-khoe/$"]
# Behind a TLS-terminating proxy (nginx, HAProxy…) name the header it sets, e.g. X-Forwarded-Proto;
# only do so when the proxy always sets or overwrites it, or anyone could claim HTTPS.
_proxy_header = os.environ.get("DIEUHANH_PROXY_SSL_HEADER", "").strip()
if _proxy_header:
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_header.upper().replace("-", "_"), "https")
# A session ends after this long without a request (dieuhanh.core.middleware refreshes it while
# the user works), and with the browser.
SESSION_COOKIE_AGE = int(os.environ.get("DIEUHANH_SESSION_IDLE_MINUTES", "60")) * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_REFRESH_SECONDS = 300

# E-mail: printed to the console unless an SMTP host is configured.
EMAIL_BACKEND = os.environ.get("DIEUHANH_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("DIEUHANH_EMAIL_HOST", "localhost")
DEFAULT_FROM_EMAIL = os.environ.get("DIEUHANH_FROM_EMAIL", "dieuhanh <khong-tra-loi@dieuhanh.local>")

# --- Serving ------------------------------------------------------------------------------
# Bounded inputs: no request body above MAX_REQUEST_BYTES (refused with 413 before it is read,
# by dieuhanh.core.middleware); form fields (not files) above DATA_UPLOAD_MAX_MEMORY_SIZE; each
# upload form has its own smaller cap. Files above FILE_UPLOAD_MAX_MEMORY_SIZE go to a temporary
# file instead of memory.
MAX_REQUEST_BYTES = int(os.environ.get("DIEUHANH_MAX_REQUEST_MB", "60")) * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = 20
# Vietnamese pages for every error, never Django's technical page outside DEBUG.
CSRF_FAILURE_VIEW = "dieuhanh.core.errors.csrf_failure"

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# The province this deployment serves is a record (units.Province, edited in the admin),
# not a setting.

# A task is "due soon" this many days before its due date: one reporting month.
DUE_SOON_DAYS = int(os.environ.get("DIEUHANH_DUE_SOON_DAYS", "30"))

# Logs go to stdout (the supervisor, systemd or the container collects them); every unexpected
# exception is logged by django.request with its traceback.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(process)d %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "plain"}
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DIEUHANH_LOG_LEVEL", "WARNING")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "dieuhanh": {"level": os.environ.get("DIEUHANH_LOG_LEVEL", "INFO")},
    },
}


# --- Sign-in ---------------------------------------------------------------------------------
# Login throttling (django-axes), the second factor (django-otp, TOTP + recovery codes), the
# password policy and single sign-on (OpenID Connect). docs/accounts.md explains each setting.
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "site:home"
# The admin signs in through the site's own form (core.admin_site knows no accounts app).
ADMIN_LOGIN_VIEW = "dieuhanh.accounts.views.admin_login"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked account or address before any check
    "dieuhanh.accounts.backends.ModelBackend",
    "dieuhanh.accounts.sso.OIDCBackend",
]
# The demo (DIEUHANH_DEMO=1) offers the second factor; everywhere else administrators and
# leaders must have it.
SIGNIN_2FA_REQUIRED = not DEMO

AXES_FAILURE_LIMIT = int(os.environ.get("DIEUHANH_LOCKOUT_FAILURES", "10"))  # per account
# One office behind one NAT address shares its count, so the address limit is looser.
SIGNIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("DIEUHANH_LOCKOUT_ADDRESS_FAILURES", "30"))
SIGNIN_LOCKOUT_MINUTES = int(os.environ.get("DIEUHANH_LOCKOUT_MINUTES", "15"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=SIGNIN_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "dieuhanh.accounts.throttling.SignInAttemptHandler"
AXES_LOCKOUT_CALLABLE = "dieuhanh.accounts.views.lockout_response"
AXES_CLIENT_IP_CALLABLE = "dieuhanh.accounts.throttling.client_address"
# Behind N reverse proxies the client is the Nth address from the right of X-Forwarded-For.
SIGNIN_PROXY_COUNT = int(os.environ.get("DIEUHANH_PROXY_COUNT", "0"))
# A success must not wipe the address's count: it would also wipe failures against other accounts.
AXES_RESET_ON_SUCCESS = False
AXES_VERBOSE = False

OTP_TOTP_ISSUER = "dieuhanh"
SIGNIN_RECOVERY_CODES = 10

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "dieuhanh.accounts.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "dieuhanh.accounts.passwords.UserAttributeSimilarityValidator"},
    {"NAME": "dieuhanh.accounts.passwords.CommonPasswordValidator"},
    {"NAME": "dieuhanh.accounts.passwords.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # a reset link works for one day

# Single sign-on with the province's OpenID Connect provider: off unless the issuer is set.
SIGNIN_OIDC: dict[str, Any] = {
    "ISSUER": os.environ.get("DIEUHANH_OIDC_ISSUER", "").rstrip("/"),
    "CLIENT_ID": os.environ.get("DIEUHANH_OIDC_CLIENT_ID", ""),
    "CLIENT_SECRET": os.environ.get("DIEUHANH_OIDC_CLIENT_SECRET", ""),
    "SCOPE": os.environ.get("DIEUHANH_OIDC_SCOPE", "openid email profile"),
    # The claim that names the platform account: "email" or "preferred_username".
    "CLAIM": os.environ.get("DIEUHANH_OIDC_CLAIM", "email"),
    # An SSO user without an account gets one with no role (the administrator assigns unit and
    # role), unless this is off: then they are refused.
    "CREATE_USERS": env_bool("DIEUHANH_OIDC_CREATE_USERS", True),
}
# --- end of Sign-in ---------------------------------------------------------------------------
# Audit: append-only records, the audit log page, backups and crash recovery (dieuhanh.audit).
INSTALLED_APPS += ["dieuhanh.audit"]
# A refused edit or deletion of a frozen record becomes a Vietnamese message, not a 500.
MIDDLEWARE += ["dieuhanh.core.middleware.FrozenRecordMiddleware"]
# History is append-only: the admin's "revert to this version" would rewrite a record in place.
SIMPLE_HISTORY_REVERT_DISABLED = True
# Behind nginx the client address is the last X-Forwarded-For entry nginx appended.
AUDIT_BEHIND_PROXY = env_bool("DIEUHANH_BEHIND_PROXY", False)
