"""A failed log write fails the request: the view and its log entries share one transaction
(``audit.middleware.AtomicViewMiddleware``), so what the view changed is rolled back and the
user gets an error page without the data. A refusal (404/403) keeps its log entry."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, transaction
from django.http import Http404, HttpResponse
from django.test import Client
from django.urls import path

from wijkkompas import urls as project_urls
from wijkkompas.audit.constants import Event, Purpose
from wijkkompas.audit.models import AccessLogEntry
from wijkkompas.audit.services import log_access, log_event
from wijkkompas.teams.models import Team
from wijkkompas.teams.tests.factories import TeamFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

SECRET_NAME = "Team Geheimnaam"


def write_then_read(request):
    """A service writes (and logs), then the page reads and logs before showing the data."""
    with transaction.atomic():
        team = TeamFactory.create(name=SECRET_NAME)
        log_access(user=None, action=Event.CREATE, purpose=Purpose.SUPPORT, obj=team)
    log_access(user=None, action=Event.READ, purpose=Purpose.SUPPORT, obj=team)
    return HttpResponse(team.name)


def refuse(request, kind):
    log_event(event=Event.REFUSED, request=request, object_type="teams.Team")
    raise Http404 if kind == "404" else PermissionDenied


@transaction.non_atomic_requests
def non_atomic(request):
    return HttpResponse(str(transaction.get_connection().in_atomic_block))


def atomic(request):
    return HttpResponse(str(transaction.get_connection().in_atomic_block))


urlpatterns = [
    path("write-then-read/", write_then_read),
    path("refuse/<str:kind>/", refuse),
    *project_urls.urlpatterns,
]
handler403 = project_urls.handler403
handler404 = project_urls.handler404
handler500 = project_urls.handler500


def _fail_reads(original):
    def create(**kwargs):
        if kwargs.get("event") == Event.READ:
            raise DatabaseError("log is full")
        return original(**kwargs)

    return create


def test_a_failed_log_write_rolls_back_the_write_and_shows_no_data():
    original = AccessLogEntry.objects.create
    with mock.patch.object(AccessLogEntry.objects, "create", side_effect=_fail_reads(original)):
        response = Client(raise_request_exception=False).get("/write-then-read/")
    assert response.status_code == 500
    assert SECRET_NAME not in response.content.decode()
    assert not Team.objects.filter(name=SECRET_NAME).exists()
    assert not AccessLogEntry.objects.filter(event=Event.CREATE).exists()


def test_without_failure_the_write_and_both_entries_are_kept():
    response = Client().get("/write-then-read/")
    assert response.status_code == 200 and SECRET_NAME in response.content.decode()
    assert Team.objects.filter(name=SECRET_NAME).exists()
    assert AccessLogEntry.objects.filter(event__in=[Event.CREATE, Event.READ]).count() == 2


@pytest.mark.parametrize(("kind", "status"), [("404", 404), ("403", 403)])
def test_a_refusal_keeps_its_log_entry(kind, status):
    response = Client().get(f"/refuse/{kind}/")
    assert response.status_code == status
    assert AccessLogEntry.objects.filter(event=Event.REFUSED).count() == 1


def test_views_marked_non_atomic_are_left_to_django():
    from django.test import RequestFactory

    from wijkkompas.audit.middleware import AtomicViewMiddleware

    middleware = AtomicViewMiddleware(lambda request: HttpResponse())
    request = RequestFactory().get("/")
    assert middleware.process_view(request, non_atomic, (), {}) is None
    response = middleware.process_view(request, atomic, (), {})
    assert response is not None and response.content == b"True"
