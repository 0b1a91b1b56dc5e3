"""Home page, health check and error pages."""

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View

from wijkkompas.accounts.constants import Role
from wijkkompas.audit.constants import Event
from wijkkompas.audit.services import log_event


class HomeView(TemplateView):
    """Start page: what Wijkkompas is and, when logged in, where to go for your role."""

    template_name = "web/home.html"


#: Where a role starts after logging in (the first page of its daily work), by URL name.
LANDING_PAGES: dict[str, str] = {
    Role.PROFESSIONAL: "plans:worklist",
    Role.COORDINATOR: "plans:worklist",
    Role.RESIDENT: "portal:overview",
    Role.INITIATOR: "initiatives:list",
}


def landing_url(user: Any) -> str:
    """The page a user starts on after logging in: the worklist for professionals and
    coordinators, "Mijn plan" for a resident, the start page for everyone else."""
    role = str(getattr(user, "role", ""))
    name = LANDING_PAGES.get(role, "web:home")
    try:
        return reverse(name)
    except NoReverseMatch:
        return reverse("web:home")


class StartView(LoginRequiredMixin, View):
    """Where the login sends everyone (``LOGIN_REDIRECT_URL``): on to the role's first page."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return redirect(landing_url(request.user))


def health(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404: also for objects outside the user's scope, so their existence is not revealed.
    Under /api/ a path that names no endpoint answers problem+json, as the API does."""
    if request.path.startswith("/api/v1/"):
        body = {
            "type": "urn:wijkkompas:probleem:not_found",
            "title": str(_("Not found.")),
            "status": 404,
            "detail": str(_("This address names no resource of the API.")),
        }
        return JsonResponse(body, status=404, content_type="application/problem+json")
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
