"""Production: every secret from the environment, HTTPS only, no defaults for secrets.

Required environment: ``SECRET_KEY`` (at least 50 random characters) and
``ALLOWED_HOSTS`` (comma-separated). See ``dotenv.example`` and
``docs/operators/security.md``. ``wijkkompas check --deploy`` must report no issues.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403


def _required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"The environment variable {name} must be set in production.")
    return value


SECRET_KEY = _required("SECRET_KEY")
ALLOWED_HOSTS = [h.strip() for h in _required("ALLOWED_HOSTS").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
] or [f"https://{h.lstrip('.')}" for h in ALLOWED_HOSTS if "*" not in h]
DEBUG = False

# HTTPS only. The app runs behind a TLS-terminating reverse proxy that sets
# X-Forwarded-Proto; it must strip that header from client requests.
SECURE_SSL_REDIRECT = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Cookies: secure, and with the __Host- prefix (no Domain, Path=/, HTTPS only).
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-wk-session"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_NAME = "__Host-wk-csrftoken"
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
