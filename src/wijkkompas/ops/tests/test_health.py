"""/health/live answers without I/O; /health/ready names the checks that fail."""

from __future__ import annotations

import pytest
from django.db import OperationalError, connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client
from django.test.utils import CaptureQueriesContext

from wijkkompas.ops import health


@pytest.fixture(autouse=True)
def _fresh_migration_check(monkeypatch):
    monkeypatch.setattr(health, "_migrations_applied", False)


def _refuse(*args, **kwargs):
    raise OperationalError("connection refused")


@pytest.mark.django_db
def test_live_touches_no_database():
    with CaptureQueriesContext(connection) as queries:
        response = Client().get("/health/live")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert len(queries) == 0


@pytest.mark.django_db
def test_ready_when_database_and_migrations_are_fine(settings):
    settings.REDIS_URL = ""
    response = Client().get("/health/ready")
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "failing": []}


@pytest.mark.django_db
def test_not_ready_without_the_database(monkeypatch):
    monkeypatch.setattr(BaseDatabaseWrapper, "cursor", _refuse)
    response = Client().get("/health/ready")
    assert response.status_code == 503
    assert response.json()["failing"] == ["database", "migrations"]


@pytest.mark.django_db
def test_not_ready_with_unapplied_migrations(monkeypatch):
    from django.db.migrations.executor import MigrationExecutor

    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: ["pending"])
    response = Client().get("/health/ready")
    assert response.status_code == 503
    assert response.json()["failing"] == ["migrations"]


@pytest.mark.django_db
def test_not_ready_when_redis_does_not_answer(settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = Client().get("/health/ready")
    assert response.status_code == 503
    assert response.json()["failing"] == ["redis"]


def test_the_old_health_check_is_unchanged(client, db):
    assert client.get("/health/").json() == {"status": "ok"}
