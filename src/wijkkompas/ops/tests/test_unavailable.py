"""While the database is away a request answers 503 (page or problem+json), never 500."""

from __future__ import annotations

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_away(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection to server failed: Connection refused")

    monkeypatch.setattr(BaseDatabaseWrapper, "cursor", refuse)


@pytest.fixture
def professional(login_client):
    """A logged-in professional's client (made while the database is there): every page
    needs the session, so every request of theirs needs the database."""
    from wijkkompas.accounts.constants import Role
    from wijkkompas.accounts.tests.factories import UserFactory

    client = login_client(UserFactory(role=Role.PROFESSIONAL))
    client.raise_request_exception = False
    return client


def _client() -> Client:
    return Client(raise_request_exception=False)


def test_page_answers_503_with_retry_after(professional, database_away):
    response = professional.get(reverse("plans:worklist"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "Temporarily unavailable" in page
    assert "Nothing was saved" in page


def test_form_post_answers_503(professional, database_away):
    response = professional.post(reverse("residents:register"), {"name": "Anna de Vries"})
    assert response.status_code == 503


def test_api_answers_problem_json(database_away):
    response = _client().get("/api/v1/teams/", HTTP_AUTHORIZATION="Token abc")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 503
    assert response["Retry-After"] == "30"


def test_other_errors_stay_500(professional, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(BaseDatabaseWrapper, "cursor", broken)
    response = professional.get(reverse("plans:worklist"))
    assert response.status_code == 500
    assert "Retry-After" not in response
