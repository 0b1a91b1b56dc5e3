"""Test settings: fast hashing, in-memory tasks, SQLite unless DATABASE_URL says otherwise."""

from .base import *  # noqa: F401,F403
from .base import DATABASES, STORAGES

SECRET_KEY = "test-only-insecure-key-not-for-production-use-0123456789"  # noqa: S105
ALLOWED_HOSTS = ["*"]
DEBUG = False
WIJKKOMPAS_DEMO = True
# Tests assert on the English source strings, so they keep passing when a Dutch translation
# is reworded; web/tests/test_language.py proves that Dutch is the default for real users.
LANGUAGE_CODE = "en"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# One process per test worker: an in-memory cache, emptied before every test (conftest.py).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
AXES_ENABLED = True
# A dashboard shows the figures of the current data at once (indicators.cache serves the
# latest figures for a while after a change only where its own tests turn it on).
WIJKKOMPAS_INDICATOR_FRESH_SECONDS = 0
# Case work changes the aggregates at once too (core.versions, "Settling changes"; its own
# tests turn settling on).
WIJKKOMPAS_AGGREGATE_SETTLE_SECONDS = 0
# A read replica that is the test database itself (ops/tests/test_replica_router.py turns
# the routing on with WIJKKOMPAS_READ_REPLICAS = ["replica"]).
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}
