"""Settings shared by every environment.

Secrets come from the environment; environment-specific modules (dev, test, ci,
production) override what differs.
"""

import os
from pathlib import Path
from typing import Any

from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = Path(os.environ.get("WIJKKOMPAS_BASE_DIR", PACKAGE_DIR.parent.parent))
VAR_DIR = Path(os.environ.get("WIJKKOMPAS_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def database_from_env(default_sqlite: Path) -> dict:
    """DATABASE_URL-lite: ``postgres://user@host:port/name`` or a SQLite file."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        from urllib.parse import unquote, urlparse

        parsed = urlparse(url)
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": parsed.path.lstrip("/") or "wijkkompas",
            "USER": unquote(parsed.username or "postgres"),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "127.0.0.1",
            "PORT": str(parsed.port or 5432),
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
            # Django binds values on the client and never prepares; the compiled queries of
            # the busiest pages (core/compiled.py) ask psycopg to prepare theirs, which
            # needs a threshold that is not None. No statement is prepared automatically.
            "OPTIONS": {"prepare_threshold": 2**31 - 1},
        }
    path = url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else default_sqlite
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
    }


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS: list[str] = [h for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h]

INSTALLED_APPS = [
    # The admin site requires the second factor (see accounts.admin_site).
    "wijkkompas.accounts.admin_apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "django_htmx",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "django_tasks",
    "django_tasks_db",
    "wijkkompas.core",
    "wijkkompas.components",
    "wijkkompas.audit",
    "wijkkompas.accounts",
    "wijkkompas.api",
    "wijkkompas.areas",
    "wijkkompas.organisations",
    "wijkkompas.teams",
    "wijkkompas.residents",
    "wijkkompas.instruments",
    "wijkkompas.conversations",
    "wijkkompas.plans",
    "wijkkompas.rights",
    "wijkkompas.portal",
    "wijkkompas.places",
    "wijkkompas.signals",
    "wijkkompas.ideas",
    "wijkkompas.initiatives",
    "wijkkompas.neighbourhoods",
    "wijkkompas.risks",
    "wijkkompas.selfassessments",
    "wijkkompas.socialmap",
    "wijkkompas.timeuse",
    "wijkkompas.workgroups",
    "wijkkompas.indicators",
    "wijkkompas.reflections",
    "wijkkompas.factsheets",
    "wijkkompas.circle",
    "wijkkompas.imports",
    "wijkkompas.webhooks",
    "wijkkompas.web",
    "wijkkompas.ops",
    "wijkkompas.demo",
    "django_prometheus",
]

MIDDLEWARE = [
    # First: /health/live, /health/ready, /metrics; 503 while the database is away; the
    # request log line (wijkkompas.ops.middleware).
    "wijkkompas.ops.middleware.OpsMiddleware",
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # One trace id per request for every access log entry it writes.
    "wijkkompas.audit.middleware.ProcessingTraceMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "wijkkompas.web.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Before the session timeout, which tells the user why they were logged out.
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "wijkkompas.accounts.middleware.OTPMiddleware",
    "wijkkompas.accounts.middleware.SessionTimeoutMiddleware",
    "wijkkompas.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
    # The aggregate pages read from a replica when there is one (wijkkompas.core.routers).
    "wijkkompas.ops.middleware.ReplicaReadMiddleware",
    # Last: the view and its access log entries in one transaction (a failed log write
    # fails the request and rolls back what it changed); refusals (403/404) are kept.
    "wijkkompas.audit.middleware.AtomicViewMiddleware",
]

ROOT_URLCONF = "wijkkompas.urls"
WSGI_APPLICATION = "wijkkompas.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "wijkkompas.web.context_processors.site",
            ],
        },
    },
]

DATABASES = {"default": database_from_env(VAR_DIR / "wijkkompas.sqlite3")}


def replicas_from_env(primary: dict) -> dict[str, dict]:
    """``DATABASE_REPLICA_URL``: read replicas of the PostgreSQL primary (comma-separated
    ``postgres://user@host:port/name``), as aliases ``replica``, ``replica_2``, ... with the
    primary's options. See wijkkompas.core.routers."""
    from urllib.parse import unquote, urlparse

    urls = [u.strip() for u in os.environ.get("DATABASE_REPLICA_URL", "").split(",") if u.strip()]
    replicas = {}
    for number, url in enumerate(urls, start=1):
        parsed = urlparse(url)
        replicas["replica" if number == 1 else f"replica_{number}"] = {
            **primary,
            "NAME": parsed.path.lstrip("/") or primary["NAME"],
            "USER": unquote(parsed.username or primary.get("USER", "")),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or primary.get("HOST", ""),
            "PORT": str(parsed.port or 5432),
        }
    return replicas


DATABASES.update(replicas_from_env(DATABASES["default"]))
#: Aliases the aggregate pages read from (empty: everything on the primary).
WIJKKOMPAS_READ_REPLICAS = [alias for alias in DATABASES if alias != "default"]
DATABASE_ROUTERS = ["wijkkompas.core.routers.ReplicaRouter"]
#: The pages that show aggregates only, by URL name: their GET requests read from a replica
#: (ops.middleware.ReplicaReadMiddleware). No page of personal data belongs here, nor a page
#: that shows what the user has just written (a replica may lag a few seconds).
WIJKKOMPAS_REPLICA_VIEWS = [
    "neighbourhoods:index",
    "neighbourhoods:public_index",
    "neighbourhoods:detail",
    "neighbourhoods:public",
    "indicators:catalogue",
    "indicators:municipality",
    "indicators:team",
    "factsheets:index",
    "factsheets:municipality",
    "factsheets:team",
    "circle:index",
    "signals:overview",
]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "wijkkompas.accounts.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:start"  # on to the role's first page (web.views.landing_url)
LOGOUT_REDIRECT_URL = "web:home"

# Sessions: idle timeout per kind of user, absolute limit (see accounts.middleware).
SESSION_ENGINE = "wijkkompas.accounts.sessions"
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_IDLE_TIMEOUT_STAFF = 30 * 60
SESSION_IDLE_TIMEOUT_RESIDENT = 15 * 60
SESSION_ABSOLUTE_TIMEOUT = 12 * 60 * 60
# The "last seen" time is written to the session at most this often (seconds), so that a
# burst of requests does not write the session row each time.
SESSION_TOUCH_INTERVAL = 15
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "wijkkompas.web.views.csrf_failure"

# Number of trusted reverse proxies in front of the app that append to X-Forwarded-For.
# 0 (the default): the client address is REMOTE_ADDR. Used by the lockout and the audit log.
WIJKKOMPAS_TRUSTED_PROXY_COUNT = int(os.environ.get("WIJKKOMPAS_TRUSTED_PROXY_COUNT", "0"))

# Login lockout (django-axes): 5 failures lock the username, and 5 from one address lock
# that address (so rotating user names does not help). `wijkkompas axes_reset` unlocks.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_LOCKOUT_CALLABLE = "wijkkompas.accounts.views.locked_out"  # renders the template above
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "wijkkompas.accounts.client_ip.client_ip"
AXES_USERNAME_FORM_FIELD = "username"

OTP_TOTP_ISSUER = "Wijkkompas"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static", ("vendor", BASE_DIR / "var" / "assets")]
# Uploaded files (photos of stories, indicators.models.Story). Never served as static files:
# a view sends each one after checking who may see it, so keep MEDIA_ROOT out of the web
# server's document root.
MEDIA_ROOT = Path(os.environ.get("WIJKKOMPAS_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Strict Content-Security-Policy: nothing inline, nothing from elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# The API (/api/v1/): JSON only, problem+json errors, token (systems) or session (browser)
# authentication, the one permission layer (see wijkkompas.api.viewsets).
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "wijkkompas.api.schema.ApiAutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "wijkkompas.api.authentication.ApiClientAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "wijkkompas.api.pagination.ApiPagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "EXCEPTION_HANDLER": "wijkkompas.api.exceptions.problem_exception_handler",
    "URL_FORMAT_OVERRIDE": None,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Wijkkompas API",
    "DESCRIPTION": (
        "The API of Wijkkompas for other registration systems: the same data and the same "
        "permission rules as the pages. Errors are problem+json; changes need If-Match."
    ),
    # The full version, also in every response's API-Version header; the path has the major.
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
}

# Background work through Django's Tasks API: the database backend by default (worker:
# `wijkkompas db_worker`); with REDIS_URL set, Redis-backed RQ workers (`wijkkompas rqworker`).
REDIS_URL = os.environ.get("REDIS_URL", "")
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND",
            # RQ, keeping a task in the database while Redis is away (core.tasks_fallback).
            "wijkkompas.core.tasks_fallback.RQBackend"
            if REDIS_URL
            else "django_tasks_db.DatabaseBackend",
        ),
    }
}
if REDIS_URL:
    INSTALLED_APPS.append("django_rq")
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 900}}

# Django's cache: kept aggregate pages (neighbourhoods.cache), data versions (core.versions)
# and the idea form's rate limit. Every process must see the same entries (a worker bumps a
# version the web server reads): Redis when REDIS_URL is set, otherwise files under var/cache
# (one machine: `make demo` runs the server and the worker side by side).
CACHES: dict[str, dict[str, Any]]
if REDIS_URL:
    # Fails soft (core.failsoft_cache): with Redis away a read is a miss and a write is
    # skipped, after at most WIJKKOMPAS_CACHE_TIMEOUT seconds; the pages keep working.
    _cache_timeout = float(os.environ.get("WIJKKOMPAS_CACHE_TIMEOUT", "0.5"))
    CACHES = {
        "default": {
            "BACKEND": "wijkkompas.core.failsoft_cache.FailSoftRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "wk",
            "OPTIONS": {
                "socket_connect_timeout": _cache_timeout,
                "socket_timeout": _cache_timeout,
                # Lazy texts of kept figures and pages are read back cheaply.
                "serializer": "wijkkompas.core.failsoft_cache.LazyTextSerializer",
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# Retention (docs/operators/retention.md). Closed cases are purged this many days after the
# case was closed; a case with a Wmo decision is kept for the legal term below instead.
# Per-municipality overrides: {"GM0344": 1095}. The access log is kept longer than the cases.
WIJKKOMPAS_RETENTION_CLOSED_CASES_DAYS = int(
    os.environ.get("WIJKKOMPAS_RETENTION_CLOSED_CASES_DAYS", str(2 * 365))
)
WIJKKOMPAS_RETENTION_CLOSED_CASES_DAYS_PER_MUNICIPALITY: dict[str, int] = {}
WIJKKOMPAS_RETENTION_WMO_CASES_DAYS = int(
    os.environ.get("WIJKKOMPAS_RETENTION_WMO_CASES_DAYS", str(15 * 365))
)
WIJKKOMPAS_RETENTION_ACCESS_LOG_DAYS = int(
    os.environ.get("WIJKKOMPAS_RETENTION_ACCESS_LOG_DAYS", str(20 * 365))
)
# Access exports (AVG art. 15) waiting to be handed over are deleted after this many days.
WIJKKOMPAS_RETENTION_EXPORTS_DAYS = int(os.environ.get("WIJKKOMPAS_RETENTION_EXPORTS_DAYS", "30"))
# Where access exports wait, encrypted, for the privacy officer (outside the web root).
WIJKKOMPAS_EXPORT_DIR = Path(os.environ.get("WIJKKOMPAS_EXPORT_DIR", VAR_DIR / "exports"))
# The register of processing activities: purpose code -> URI of the activity in the
# municipality's register (default "urn:wijkkompas:verwerkingsactiviteit:<purpose>").
WIJKKOMPAS_PROCESSING_ACTIVITIES: dict[str, str] = {}

# Small-cell suppression of aggregates for roles that may not see cases (signals.suppression):
# counts below the threshold are hidden, the rest rounded to a multiple of the rounding base.
WIJKKOMPAS_SUPPRESSION_THRESHOLD = int(os.environ.get("WIJKKOMPAS_SUPPRESSION_THRESHOLD", "10"))
WIJKKOMPAS_SUPPRESSION_ROUNDING = int(os.environ.get("WIJKKOMPAS_SUPPRESSION_ROUNDING", "5"))

# Indicators: the average yearly cost in euros of one individual (Wmo) provision, for the
# estimate of avoided provisions (indicator "avoided_costs", clearly labelled an estimate).
WIJKKOMPAS_AVERAGE_PROVISION_COST = int(os.environ.get("WIJKKOMPAS_AVERAGE_PROVISION_COST", "3000"))

# Demo: pages say the data is fictional when this is on.
WIJKKOMPAS_DEMO = env_bool("WIJKKOMPAS_DEMO", False)

# Production (docs/operators/production.md): the worker's scheduler looks for due periodic
# jobs this often (seconds); work still running this long after it began (seconds, longer
# than the task timeout) is taken for dead and queued again by the scheduler's `recover`.
WIJKKOMPAS_SCHEDULER_INTERVAL = float(os.environ.get("WIJKKOMPAS_SCHEDULER_INTERVAL", "15"))
WIJKKOMPAS_RECOVER_AFTER = int(os.environ.get("WIJKKOMPAS_RECOVER_AFTER", "1800"))
# /metrics (Prometheus) answers only these client networks; any other gets a 404.
WIJKKOMPAS_METRICS_ALLOW = [
    net.strip()
    for net in os.environ.get("WIJKKOMPAS_METRICS_ALLOW", "127.0.0.0/8,::1/128").split(",")
    if net.strip()
]

# Logs through structlog (wijkkompas.ops.logs): "console" (readable) or "json" (one object a
# line, the default in production). No personal data is logged.
WIJKKOMPAS_LOG_FORMAT = os.environ.get("WIJKKOMPAS_LOG_FORMAT", "console")
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "console": {"()": "wijkkompas.ops.logs.console_formatter"},
        "json": {"()": "wijkkompas.ops.logs.json_formatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": WIJKKOMPAS_LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        # axes logs user names and addresses at INFO/WARNING; the audit log records
        # logins and lockouts instead, so only axes' own errors reach the log.
        "axes": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.security": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        # One line per request (ops.middleware): on in production, quiet elsewhere.
        "wijkkompas.requests": {
            "level": os.environ.get("WIJKKOMPAS_REQUEST_LOG_LEVEL", "WARNING"),
        },
    },
}
