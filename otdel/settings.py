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
    "otdel.hiring",
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
# A candidate's CV (PDF or DOCX), checked by its content.
OTDEL_CV_MAX_BYTES = int(os.environ.get("OTDEL_CV_MAX_BYTES", 10 * 1024 * 1024))

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
