"""Health checks: ``/health/live`` (the process answers) and ``/health/ready`` (it can serve:
the databases, Redis when configured, and no unapplied migrations)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor

_migrations_applied = False


def check_database(alias: str) -> bool:
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False


def check_redis() -> bool:
    import redis

    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_timeout=1, socket_connect_timeout=1
        )
        try:
            return bool(client.ping())
        finally:
            client.close()
    except redis.RedisError:
        return False


def check_migrations() -> bool:
    """No migration left to apply on the primary. Once true it stays true for the life of the
    process (a new release restarts it), so the migration graph is loaded only until then."""
    global _migrations_applied
    if not _migrations_applied:
        try:
            executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
            plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        except DatabaseError:
            return False
        _migrations_applied = not plan
    return _migrations_applied


def readiness_checks() -> dict[str, Callable[[], bool]]:
    """Name -> check, for the configured services."""
    # The replicas are not checked: one lost replica must not take every app server out of
    # the load balancer (only the aggregate pages need it; see production.md).
    checks: dict[str, Callable[[], bool]] = {"database": lambda: check_database(DEFAULT_DB_ALIAS)}
    if settings.REDIS_URL:
        checks["redis"] = check_redis
    checks["migrations"] = check_migrations
    return checks


def readiness() -> dict[str, bool]:
    """Every check's result (migrations only when the database answers)."""
    results: dict[str, bool] = {}
    for name, check in readiness_checks().items():
        if name == "migrations" and not results.get("database", False):
            results[name] = False
            continue
        results[name] = check()
    return results
