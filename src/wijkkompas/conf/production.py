"""Production: everything from the environment, no defaults for secrets.

Required: ``SECRET_KEY`` (at least 50 random characters), ``ALLOWED_HOSTS``
(comma-separated), ``DATABASE_URL`` (PostgreSQL) and ``REDIS_URL`` (tasks and cache).
Optional: ``DATABASE_REPLICA_URL`` (read replicas for the aggregate pages), the pool sizes
``WIJKKOMPAS_DB_POOL_MIN``/``_MAX``/``_TIMEOUT``, ``WIJKKOMPAS_HTTPS=false`` for plain HTTP
on loopback only (``bin/serve-prod``). See ``dotenv.example``,
``docs/operators/production.md`` and ``docs/operators/security.md``.
``wijkkompas check --deploy`` must report no issues.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .base import DATABASES, LOGGING, REDIS_URL, env_bool


def _required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"The environment variable {name} must be set in production.")
    return value


SECRET_KEY = _required("SECRET_KEY")
ALLOWED_HOSTS = [h.strip() for h in _required("ALLOWED_HOSTS").split(",") if h.strip()]
DEBUG = False

# PostgreSQL only, through a connection pool per process (psycopg_pool): each gunicorn
# worker keeps between MIN and MAX connections for its threads. Django's own persistent
# connections (CONN_MAX_AGE) must be off with a pool.
if not _required("DATABASE_URL").startswith(("postgres://", "postgresql://")):
    raise ImproperlyConfigured("DATABASE_URL must name a PostgreSQL database in production.")
_POOL = {
    "min_size": int(os.environ.get("WIJKKOMPAS_DB_POOL_MIN", "2")),
    "max_size": int(os.environ.get("WIJKKOMPAS_DB_POOL_MAX", "8")),
    # Seconds a request waits for a free connection before it fails (and answers 503).
    "timeout": float(os.environ.get("WIJKKOMPAS_DB_POOL_TIMEOUT", "10")),
}
for _database in DATABASES.values():
    # django-prometheus' engine (the PostgreSQL backend plus query and error counters) with
    # the pool's check of ops.dbpool (ops/postgresql/base.py).
    _database["ENGINE"] = "wijkkompas.ops.postgresql"
    _database["CONN_MAX_AGE"] = 0
    # The pool tests a connection before lending it unless it came back a moment ago
    # (ops.dbpool, through the engine): after a database restart the dead ones are thrown
    # away instead of failing a request each, without a round trip on every request.
    # Django's own check (CONN_HEALTH_CHECKS) would test every borrow.
    _database["CONN_HEALTH_CHECKS"] = False
    _database["OPTIONS"] = {**_database.get("OPTIONS", {}), "pool": dict(_POOL)}
    # Session settings sent when a connection opens (libpq "options"). PostgreSQL's JIT
    # compiles every query above jit_above_cost, about 100 ms of CPU each for the dashboards'
    # aggregates, which then run only a second or two: a loss here (docs/operators/
    # production.md). "none" sends nothing (a pooler that refuses startup options).
    _session_options = os.environ.get("WIJKKOMPAS_DB_SESSION_OPTIONS", "").strip() or "-c jit=off"
    if _session_options.lower() != "none":
        _database["OPTIONS"]["options"] = _session_options

# Tasks on Redis (django-tasks-rq; workers: `wijkkompas worker`) and the cache in Redis.
_required("REDIS_URL")
assert REDIS_URL  # base.py configured TASKS, RQ_QUEUES and CACHES from it

# HTTPS only. The app runs behind a TLS-terminating reverse proxy that sets
# X-Forwarded-Proto; it must strip that header from client requests.
# WIJKKOMPAS_HTTPS=false serves plain HTTP — only on loopback, to try the set-up on one
# machine (bin/serve-prod); never on a network.
HTTPS = env_bool("WIJKKOMPAS_HTTPS", True)
SECURE_SSL_REDIRECT = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
_SCHEME = "https" if HTTPS else "http"
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
] or [f"{_SCHEME}://{h.lstrip('.')}" for h in ALLOWED_HOSTS if "*" not in h]

# Cookies: secure, and with the __Host- prefix (no Domain, Path=/, HTTPS only).
SESSION_COOKIE_SECURE = HTTPS
SESSION_COOKIE_NAME = "__Host-wk-session" if HTTPS else "wk-session"
CSRF_COOKIE_SECURE = HTTPS
CSRF_COOKIE_NAME = "__Host-wk-csrftoken" if HTTPS else "wk-csrftoken"
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SAMESITE = "Lax"

# JSON lines, with one line per request (wijkkompas.ops.logs, ops.middleware).
LOGGING["handlers"]["console"]["formatter"] = os.environ.get("WIJKKOMPAS_LOG_FORMAT", "json")
LOGGING["loggers"]["wijkkompas.requests"]["level"] = os.environ.get(
    "WIJKKOMPAS_REQUEST_LOG_LEVEL", "INFO"
)
