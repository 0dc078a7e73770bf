"""Otdel settings. Everything a deployment changes comes from the environment."""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
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


DEBUG = env_bool("DEBUG", False)
# The fallback key is public: it only suits a developer's machine. Production sets SECRET_KEY.
SECRET_KEY = os.environ.get("SECRET_KEY", "otdel-insecure-development-key")
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
    "rest_framework.authtoken",
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
    "otdel.setup",
    "otdel.api",
    "otdel.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "otdel.org.middleware.LanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while a background job writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE"}
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
STATIC_ROOT = PROJECT_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/htmx", PROJECT_DIR / "node_modules" / "htmx.org" / "dist"),
    ("vendor/pico", PROJECT_DIR / "node_modules" / "@picocss" / "pico" / "css"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"
# The largest call recording one may upload (a half-hour call in MP3 is about 15 MB).
OTDEL_RECORDING_MAX_BYTES = int(os.environ.get("OTDEL_RECORDING_MAX_BYTES", 50 * 1024 * 1024))

# A filter left empty shows everything, and says so (django-filter's default is "---------").
FILTERS_EMPTY_CHOICE_LABEL = _("All")

REST_FRAMEWORK = {
    # Token first: an unauthenticated call then gets 401 with WWW-Authenticate, not 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "otdel.apiutils.KeysetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
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

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
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

INSTALLED_APPS = [app for app in INSTALLED_APPS if app != "rest_framework.authtoken"] + [
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
]
MIDDLEWARE = [
    *MIDDLEWARE[: MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1],
    "django_otp.middleware.OTPMiddleware",
    "otdel.org.security.TwoFactorMiddleware",
    *MIDDLEWARE[MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1 :],
    "otdel.org.security.ContentSecurityPolicyMiddleware",
    # Last, as django-axes asks: it turns a lock-out into the lock-out page.
    "axes.middleware.AxesMiddleware",
]
# Throttling: after OTDEL_LOGIN_FAILURE_LIMIT failed logins for one login name, or from one
# address, that name or address is locked for OTDEL_LOGIN_COOLOFF_MINUTES (a head unlocks
# earlier from Settings → People).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("OTDEL_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("OTDEL_LOGIN_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
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

# Cookies and transport: production (HTTPS) sets SECURE_COOKIES=1 and SECURE_HSTS_SECONDS.
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
# Pages send the CSRF token from the page itself (hx-headers, forms): scripts never read it.
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = int(os.environ.get("OTDEL_SESSION_HOURS", "12")) * 3600
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
if env_bool("SECURE_PROXY_SSL", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
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
REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"] = [
    "otdel.org.auth.ApiTokenAuthentication",
    "rest_framework.authentication.SessionAuthentication",
]
OTP_TOTP_ISSUER = os.environ.get("OTDEL_2FA_ISSUER", "Otdel")
# ---- end of security ------------------------------------------------------------------------
