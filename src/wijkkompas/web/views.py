"""Home page, health check and error pages."""

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.generic import TemplateView

from wijkkompas.audit.constants import Event
from wijkkompas.audit.services import log_event


class HomeView(TemplateView):
    """Start page: what Wijkkompas is and, when logged in, where to go for your role."""

    template_name = "web/home.html"


def health(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404: also for objects outside the user's scope, so their existence is not revealed."""
    return render(request, "404.html", status=404)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """403: logged as a refused access unless the refusing view already logged it."""
    if not getattr(request, "wk_refusal_logged", False):
        log_event(event=Event.REFUSED, user=getattr(request, "user", None), request=request)
    return render(request, "403.html", status=403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """403 for a form that could not be verified (expired page, cookies blocked)."""
    return render(request, "403_csrf.html", status=403)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", status=400)


def server_error(request: HttpRequest) -> HttpResponse:
    """500: rendered without context processors (the database may be the problem)."""
    from django.template import loader

    template = loader.get_template("500.html")
    return HttpResponse(template.render({}), status=500)


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on every page (also the admin's): send them the icon."""
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.http import HttpResponsePermanentRedirect

    return HttpResponsePermanentRedirect(staticfiles_storage.url("wijkkompas/img/favicon.svg"))
