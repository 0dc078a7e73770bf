"""Otdel settings. Everything a deployment changes comes from the environment."""

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from otdel import envfile

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
# A `.env` file beside the project (or at OTDEL_ENV_FILE) fills what the environment leaves
# unset; `.env.example` documents every variable read below.
envfile.load(Path(os.environ.get("OTDEL_ENV_FILE", PROJECT_DIR / ".env")))
VAR_DIR = Path(os.environ.get("OTDEL_VAR_DIR", PROJECT_DIR / "var"))
# The SQLite database and the job queue live here; both open their files on first use.
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# OTDEL_ENV=production is the production profile: secure cookies, HTTPS redirect, HSTS and a
# real SECRET_KEY unless the environment says otherwise (`otdel check --deploy` is clean).
PRODUCTION = os.environ.get("OTDEL_ENV", "development").strip().lower() == "production"
DEBUG = env_bool("DEBUG", False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production (OTDEL_ENV=production).")
# The fallback key is public: it only suits a developer's machine. Production sets SECRET_KEY.
PUBLIC_SECRET_KEY = "otdel-insecure-development-key"  # noqa: S105 - public by design
SECRET_KEY = os.environ.get("SECRET_KEY") or PUBLIC_SECRET_KEY
if PRODUCTION and SECRET_KEY == PUBLIC_SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set: production (OTDEL_ENV=production) refuses the public development "
        "key. Set SECRET_KEY to 50 or more random characters, e.g. the output of "
        "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`."
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "huey.contrib.djhuey",
    "otdel.org",
    "otdel.stages",
    "otdel.catalog",
    "otdel.base",
    "otdel.algorithm",
    "otdel.prospecting",
    "otdel.crmimport",
    "otdel.orders",
    "otdel.deals",
    "otdel.billing",
    "otdel.documents",
    "otdel.segments",
    "otdel.pay",
    "otdel.plans",
    "otdel.clients",
    "otdel.care",
    "otdel.reports",
    "otdel.control",
    "otdel.meetings",
    "otdel.audit",
    "otdel.standard",
    "otdel.materials",
    "otdel.training",
    "otdel.backup",
    "otdel.playbook",
    "otdel.needs",
    "otdel.pilot",
    "otdel.hiring",
    "otdel.setup",
    "otdel.api",
    "otdel.demo",
    # Security (the block "Security" below): login throttling and two-factor login.
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Two-factor login (the block "Security" below): right after the user is known.
    "django_otp.middleware.OTPMiddleware",
    "otdel.org.security.TwoFactorMiddleware",
    "otdel.org.middleware.LanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Below every middleware with process_exception (the two after it have none), so that it
    # sees the views' exceptions first.
    "otdel.web.DatabaseUnavailable",
    "otdel.org.security.ContentSecurityPolicyMiddleware",
    # Last, as django-axes asks: it turns a lock-out into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "otdel.urls"
WSGI_APPLICATION = "otdel.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "otdel.menu.menu",
            ],
            "builtins": ["otdel.display"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'otdel.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        # A kept connection the server dropped is replaced at the next request, not failed on.
        conn_health_checks=True,
    )
}
# Behind pgbouncer in transaction mode: no server-side cursors (DEPLOY.md, connection pooling).
if env_bool("DB_DISABLE_SERVER_SIDE_CURSORS", False):
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while a background job writes.
    # A writer waits for the one before it (up to OTDEL_SQLITE_TIMEOUT seconds) instead of
    # failing with "database is locked" while an import or a nightly rule writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": int(os.environ.get("OTDEL_SQLITE_TIMEOUT", "30")),
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "org.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "control:home"
LOGOUT_REDIRECT_URL = "login"

# The language of a new company (its rules then keep the company's own) and of pages outside
# a request (e-mails, jobs).
LANGUAGE_CODE = os.environ.get("OTDEL_LANGUAGE", "ru")
LANGUAGES = [("ru", _("Russian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["otdel.formats"]
TIME_ZONE = os.environ.get("OTDEL_TIME_ZONE", "Europe/Moscow")
USE_I18N = True
USE_TZ = True

# The company's own defaults: money without a currency and phones without a country code.
OTDEL_CURRENCY = os.environ.get("OTDEL_CURRENCY", "RUB")
OTDEL_PHONE_REGION = os.environ.get("OTDEL_PHONE_REGION", "RU")

# Documents go out by e-mail from the deal page through this SMTP server.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "otdel@localhost")

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("OTDEL_STATIC_ROOT", PROJECT_DIR / "staticfiles"))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/htmx", PROJECT_DIR / "node_modules" / "htmx.org" / "dist"),
    ("vendor/pico", PROJECT_DIR / "node_modules" / "@picocss" / "pico" / "css"),
]
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Uploaded files go through Django's storage API: a local folder by default, or an
# S3-compatible bucket (django-storages, the `[s3]` extra) when OTDEL_STORAGE=s3. Settings only
# name the backend: boto3 is imported when the first file is read or written.
MEDIA_ROOT = Path(os.environ.get("OTDEL_MEDIA_ROOT", VAR_DIR / "media"))
OTDEL_STORAGE = os.environ.get("OTDEL_STORAGE", "local").strip().lower()
if OTDEL_STORAGE == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ.get("AWS_STORAGE_BUCKET_NAME", ""),
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "access_key": os.environ.get("AWS_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY") or None,
            "location": os.environ.get("AWS_LOCATION", "media"),
            # Files are private: read through Otdel's views or short-lived signed links only.
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": int(os.environ.get("AWS_QUERYSTRING_EXPIRE", "300")),
            "file_overwrite": False,
        },
    }
    if not os.environ.get("AWS_STORAGE_BUCKET_NAME"):
        raise ImproperlyConfigured("OTDEL_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
elif OTDEL_STORAGE != "local":
    raise ImproperlyConfigured(f"OTDEL_STORAGE is 'local' or 's3', not {OTDEL_STORAGE!r}.")
# The largest call recording one may upload (a half-hour call in MP3 is about 15 MB).
OTDEL_RECORDING_MAX_BYTES = int(os.environ.get("OTDEL_RECORDING_MAX_BYTES", 50 * 1024 * 1024))
# The largest file of the materials library (a presentation with pictures).
OTDEL_MATERIAL_MAX_BYTES = int(os.environ.get("OTDEL_MATERIAL_MAX_BYTES", 25 * 1024 * 1024))
# A candidate's CV (PDF or DOCX), checked by its content.
OTDEL_CV_MAX_BYTES = int(os.environ.get("OTDEL_CV_MAX_BYTES", 10 * 1024 * 1024))

# A filter left empty shows everything, and says so (django-filter's default is "---------").
FILTERS_EMPTY_CHOICE_LABEL = _("All")

REST_FRAMEWORK = {
    # Token first: an unauthenticated call then gets 401 with WWW-Authenticate, not 403.
    # Tokens expire (OTDEL_API_TOKEN_DAYS, in the block "Security" below).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "otdel.org.auth.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "otdel.apiutils.KeysetPagination",
    "PAGE_SIZE": 50,
    # JSON in: a form's encoding cannot say null or a list of objects, so the schema would
    # promise what it refuses (the import's file upload sets its own parsers).
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "otdel.api.schema.ContractSchema",
    # Every refusal in one of the two documented bodies (Error, FieldErrors).
    "EXCEPTION_HANDLER": "otdel.apiutils.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Otdel API",
    "DESCRIPTION": "The sales department's client base, organisation and rules.",
    "VERSION": "1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a field called "kind"; each choice set gets its own name.
    "ENUM_NAME_OVERRIDES": {
        "ActivityKindEnum": "otdel.algorithm.models.ActivityKind",
        "DocumentKindEnum": "otdel.documents.models.DocumentKind",
    },
}

HUEY = {
    "huey_class": "huey.SqliteHuey",
    "name": "otdel",
    "filename": str(VAR_DIR / "huey.sqlite3"),
    "immediate": env_bool("HUEY_IMMEDIATE", DEBUG),
}
if os.environ.get("REDIS_URL"):
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": "otdel",
        "url": os.environ["REDIS_URL"],
        "immediate": False,
    }
# `otdel run_huey`: threads per consumer. Any number of consumers may run on several machines:
# each job is taken once from the queue, and each periodic rule runs once per its time slot
# (otdel/jobs.py: a lock in the database).
HUEY["consumer"] = {
    "workers": int(os.environ.get("HUEY_WORKERS", "2")),
    "worker_type": "thread",
}

# A background job whose progress has not moved for this long was interrupted (its consumer
# was killed); the longest silent step of a 100,000-row import takes a few minutes.
OTDEL_JOB_STALE_SECONDS = int(os.environ.get("OTDEL_JOB_STALE_SECONDS", 15 * 60))

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Behind a load balancer that ends TLS and says so in X-Forwarded-Proto (only trust it there).
if env_bool("SECURE_PROXY_SSL_HEADER", PRODUCTION):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000" if PRODUCTION else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", PRODUCTION)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# ---- Security (issue 20, item 3; SECURITY.md maps each setting to its test) ----------------
# Kept in one block so that the production settings (issue 20, items 1-2) merge beside it.
from datetime import timedelta  # noqa: E402

# Its apps (axes, django_otp) and middleware (two-factor, CSP, axes) are in INSTALLED_APPS and
# MIDDLEWARE above; the API's token authentication in REST_FRAMEWORK.

# Throttling: after OTDEL_LOGIN_FAILURE_LIMIT failed logins for one login name, or from one
# address, that name or address is locked for OTDEL_LOGIN_COOLOFF_MINUTES (a head unlocks
# earlier from Settings → People).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("OTDEL_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("OTDEL_LOGIN_COOLOFF_MINUTES", "30")))
# By login name: one person's typos lock him alone, not the whole office behind one router.
# A site facing the internet may add the address (OTDEL_LOCKOUT_BY=username,ip_address): then
# OTDEL_LOGIN_FAILURE_LIMIT failures from one address lock every name tried from it.
AXES_LOCKOUT_PARAMETERS = env_list("OTDEL_LOCKOUT_BY", "username")
# axes warns when the address is not locked; by name, neither another address nor another
# browser gets more tries at a name, which is what its warning is about.
SILENCED_SYSTEM_CHECKS = [] if "ip_address" in AXES_LOCKOUT_PARAMETERS else ["axes.W006"]
# The funnel's index carries the owner and state beside the creation time (PostgreSQL answers
# from the index alone); SQLite keeps the index on the time and drops the rest, as it should.
SILENCED_SYSTEM_CHECKS += ["models.W040"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Otdel keeps its own log of logins (org.LoginEvent): axes keeps only the failures it counts.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
# Behind OTDEL_PROXY_COUNT proxies the client's address is the one the outermost proxy
# appended to X-Forwarded-For (0: the connection's own address).
OTDEL_PROXY_COUNT = int(os.environ.get("OTDEL_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "otdel.org.security.client_ip"

# Ten characters at least, not all digits, not a common password, not the login: ASVS 6.2.1
# asks for 8 at least; 10 keeps a phrase of two words possible and a date impossible.
AUTH_PASSWORD_VALIDATORS = [
    *AUTH_PASSWORD_VALIDATORS,
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": int(os.environ.get("OTDEL_PASSWORD_MIN_LENGTH", "10"))},  # type: ignore[dict-item]
    },
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Cookies and transport: secure cookies, HSTS and the HTTPS redirect come with the production
# profile (OTDEL_ENV=production, above); here what holds everywhere.
# Pages send the CSRF token from the page itself (hx-headers, forms): scripts never read it.
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = int(os.environ.get("OTDEL_SESSION_HOURS", "12")) * 3600
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# No inline script anywhere; three bar charts size their bars with a style attribute, so style
# attributes (not <style> elements) are allowed: style-src-attr 'unsafe-inline'.
OTDEL_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'self'"
)

# API tokens expire: a new one lives OTDEL_API_TOKEN_DAYS days unless its maker says fewer.
OTDEL_API_TOKEN_DAYS = int(os.environ.get("OTDEL_API_TOKEN_DAYS", "90"))
OTDEL_API_TOKEN_MAX_DAYS = int(os.environ.get("OTDEL_API_TOKEN_MAX_DAYS", "365"))
OTP_TOTP_ISSUER = os.environ.get("OTDEL_2FA_ISSUER", "Otdel")
# ---- end of security ------------------------------------------------------------------------
