"""Error pages 400/403/404/500: the right status, NL Design System markup, and a
logged refusal for 403."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory

from wijkkompas.accounts.constants import Role
from wijkkompas.accounts.tests.factories import UserFactory
from wijkkompas.audit.constants import Event
from wijkkompas.audit.models import AccessLogEntry
from wijkkompas.web import views

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_():
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/ergens/")
    request.user = AnonymousUser()
    return request


@pytest.mark.parametrize(
    ("handler", "status", "title"),
    [
        (views.bad_request, 400, "Invalid request"),
        (views.permission_denied, 403, "No access"),
        (views.page_not_found, 404, "Page not found"),
    ],
)
def test_handlers_render_with_status(handler, status, title, request_, settings):
    settings.LANGUAGE_CODE = "en"
    response = handler(request_, Exception())
    assert response.status_code == status
    content = response.content.decode()
    assert title in content
    assert 'class="utrecht-heading-1"' in content
    assert "Back to the start page" in content


def test_server_error_renders_without_context(request_, settings):
    settings.LANGUAGE_CODE = "en"
    response = views.server_error(request_)
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
    assert "utrecht-heading-1" in response.content.decode()


def test_handler_403_logs_an_unlogged_refusal(request_):
    views.permission_denied(request_, PermissionDenied())
    assert AccessLogEntry.objects.filter(event=Event.REFUSED, path="/ergens/").count() == 1


def test_url_conf_uses_the_handlers():
    from wijkkompas import urls

    assert urls.handler400 == "wijkkompas.web.views.bad_request"
    assert urls.handler403 == "wijkkompas.web.views.permission_denied"
    assert urls.handler404 == "wijkkompas.web.views.page_not_found"
    assert urls.handler500 == "wijkkompas.web.views.server_error"


def test_unknown_page_answers_404_through_the_stack():
    response = Client().get("/bestaat-niet/")
    assert response.status_code == 404
    assert "utrecht-heading-1" in response.content.decode()


def test_500_through_the_stack(settings):
    from django.urls import path

    def boom(request):
        raise RuntimeError("kapot")

    class urlconf:
        urlpatterns = [path("boom/", boom)]
        handler500 = "wijkkompas.web.views.server_error"

    settings.ROOT_URLCONF = urlconf
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "kapot" not in response.content.decode()


def test_403_through_the_stack(login_client):
    user = UserFactory.create(role=Role.RESEARCHER)
    response = login_client(user).get("/privacy/")
    assert response.status_code == 403
    assert "utrecht-heading-1" in response.content.decode()
