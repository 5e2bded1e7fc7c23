"""Cadence settings. Everything an operator may change comes from CADENCE_* variables and
DATABASE_URL; each is documented in docs/configuration.md."""

import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url
import pygaljs
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(f"CADENCE_{name}", default)


def env_bool(name: str, default: bool = False) -> bool:
    return env(name, "1" if default else "0").strip().lower() in {"1", "true", "yes", "on"}


DATA_DIR = Path(env("DATA_DIR", str(Path.cwd() / "var"))).resolve()
# The data directory holds the secret key, the SQLite database and uploads: for this account only.
DATA_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)


def _secret_key() -> str:
    """The secret key comes from the environment or is generated once into the data directory."""
    if key := env("SECRET_KEY"):
        return key
    path = DATA_DIR / "secret_key"
    if not path.exists():
        # Created 0600 from the start, so the key is never readable by others, not even for a moment.
        with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as key_file:
            key_file.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = [h.strip() for h in env("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in env("CSRF_TRUSTED_ORIGINS").split(",") if o.strip()]
# A form sent with an expired token gets a page in the app shell that says to reload (core.error_views).
CSRF_FAILURE_VIEW = "cadence.core.error_views.csrf_failure"
BASE_URL = env("BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# Unset, links in pages' downloads (calendar files) follow the address a request came to; a worker has
# no request, so emails use BASE_URL's default.
BASE_URL_SET = bool(env("BASE_URL"))

INSTALLED_APPS = [
    "cadence.core.apps.CadenceAdminConfig",  # django.contrib.admin with Cadence's admin site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "heroicons",
    "ninja",
    # Cadence's own templates (the app shell, sign-in pages) take precedence over allauth's.
    "cadence.core",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks_db",
    "cadence.people",
    "cadence.notifications",
    "cadence.competencies",
    "cadence.meetings",
    "cadence.feedback",
    "cadence.checkins",
    "cadence.goals",
    # Form widgets render from the project's templates, so core's override of their attributes
    # (data-maxlength for the length counter, see core/templates/django/forms/) takes precedence.
    "django.forms",
]
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "cadence.core.middleware.RejectUnstorableTextMiddleware",
    "cadence.core.middleware.TitlesAndNamesWithoutBidiControlsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cadence.core.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "cadence.core.middleware.PermissionDeniedAsNotFoundMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "cadence.config.urls"
WSGI_APPLICATION = "cadence.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",  # LANGUAGE_CODE for <html lang>
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cadence.config.context_processors.shell",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'cadence.sqlite3'}", conn_max_age=int(env("DB_CONN_MAX_AGE", "60"))
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and the worker proceed while a request writes; IMMEDIATE avoids
    # "database is locked" upgrades from read to write inside a transaction.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}
    if (sqlite_name := str(DATABASES["default"]["NAME"])) != ":memory:" and Path(sqlite_name).parent.is_dir():
        Path(sqlite_name).touch(mode=0o600)  # SQLite gives its -wal and -shm files the database's mode
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache holds the sign-in rate limits, so it must be shared by every server process: the database
# by default (core's migration creates the table), Redis when CADENCE_CACHE_URL names one.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "cadence_cache"}}
if cache_url := env("CACHE_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": cache_url}}

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_ADAPTER = "cadence.core.auth.AccountAdapter"
ACCOUNT_FORMS = {"login": "cadence.core.forms.LoginForm"}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = None
# Behind a reverse proxy every request comes from the proxy's address: with the number of proxies in
# front of Cadence, the client's address is read from X-Forwarded-For (see docs/deployment.md).
ALLAUTH_TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "0"))
ACCOUNT_RATE_LIMITS = {"login_failed": env("LOGIN_RATE_LIMIT", "10/m/ip,5/5m/key")}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Cadence] "
# Sign-up is closed, so a reset request for an unknown address sends nothing (no sign-up link).
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Cadence"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE = env_bool("SECURE", not DEBUG and BASE_URL.startswith("https://"))
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SECURE
if SECURE:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(env("HSTS_SECONDS", "31536000"))
    SECURE_SSL_REDIRECT = env_bool("SSL_REDIRECT", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    # Inline styles are allowed because pygal's server-rendered SVG charts carry their own <style>;
    # scripts stay strict (same origin or a per-request nonce).
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
}

# Console email in development; SMTP once CADENCE_EMAIL_HOST is set.
MAILERS: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")}
}
if smtp_host := env("EMAIL_HOST"):
    MAILERS["default"] = {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": smtp_host,
            "port": int(env("EMAIL_PORT", "587")),
            "username": env("EMAIL_USER"),
            "password": env("EMAIL_PASSWORD"),
            "use_tls": env_bool("EMAIL_USE_TLS", True),
        },
    }
DEFAULT_FROM_EMAIL = env("EMAIL_FROM", "Cadence <cadence@localhost>")

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
if env("TASK_BACKEND") == "immediate":
    TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
CADENCE_TICK_SECONDS = int(env("TICK_SECONDS", "60"))

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("de", _("German"))]
TIME_ZONE = env("TIME_ZONE", "Europe/Berlin")
USE_I18N = True
# One catalogue for every app (src/cadence/locale), so one check covers all strings: see docs/translations.md.
LOCALE_PATHS = [BASE_DIR / "locale"]
# Our date formats per language ("3 Dec 2026" / "3. Dez. 2026") on top of Django's.
FORMAT_MODULE_PATH = ["cadence.config.formats"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
# pygal's tooltip script, served from our origin as /static/pygaljs/… (see cadence.core.charts).
STATICFILES_DIRS = [("pygaljs", pygaljs.path("latest"))]
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": DATA_DIR / "media"},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Fairness data (gender, birth year) is optional; organisations may switch its collection off.
CADENCE_COLLECT_FAIRNESS_DATA = env_bool("COLLECT_FAIRNESS_DATA", True)
CADENCE_ORG_NAME = env("ORG_NAME", "Cadence")
# The currency a suggested money key result starts in (an ISO 4217 code).
CADENCE_CURRENCY = env("CURRENCY", "EUR").upper()
CADENCE_IMPORT_MAX_ROWS = int(env("IMPORT_MAX_ROWS", "60000"))
NINJA_PAGINATION_MAX_LIMIT = 200
NINJA_PAGINATION_PER_PAGE = 50

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
