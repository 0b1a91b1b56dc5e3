"""Root URL configuration. No personal data ever appears in a URL: objects go by id."""

from importlib import import_module
from importlib.util import find_spec

from django.contrib import admin
from django.urls import include, path
from rest_framework.routers import DefaultRouter

#: Apps with endpoints under /api/v1/: each has ``api/urls.py`` with ``routes``, a list of
#: ``(prefix, viewset, basename)``. Plural Dutch-free resource names (NL API Design Rules).
API_APPS = (
    "areas",
    "organisations",
    "teams",
    "residents",
    "instruments",
    "conversations",
    "plans",
    "signals",
    "ideas",
    "initiatives",
    "places",
    "socialmap",
    "indicators",
    "reflections",
    "workgroups",
    "timeuse",
    "selfassessments",
    "imports",
    "webhooks",
)

api_router = DefaultRouter()
for _app in API_APPS:
    if (  # pragma: no cover - while an app's API is being built
        find_spec(f"wijkkompas.{_app}.api") is None
        or find_spec(f"wijkkompas.{_app}.api.urls") is None
    ):
        continue
    for _prefix, _viewset, _basename in import_module(f"wijkkompas.{_app}.api.urls").routes:
        api_router.register(_prefix, _viewset, basename=_basename)

urlpatterns = [
    path("", include("wijkkompas.web.urls")),
    path("api/v1/", include(api_router.urls)),
    path("api/", include("wijkkompas.api.urls")),
    path("accounts/", include("wijkkompas.accounts.urls")),
    path("gebieden/", include("wijkkompas.areas.urls")),
    path("organisaties/", include("wijkkompas.organisations.urls")),
    path("teams/", include("wijkkompas.teams.urls")),
    path("inwoners/", include("wijkkompas.residents.urls")),
    path("instrumenten/", include("wijkkompas.instruments.urls")),
    path("gesprekken/", include("wijkkompas.conversations.urls")),
    path("", include("wijkkompas.plans.urls")),
    path("mijn-plan/", include("wijkkompas.portal.urls")),
    path("plekken/", include("wijkkompas.places.urls")),
    path("sociale-kaart/", include("wijkkompas.socialmap.urls")),
    path("signalen/", include("wijkkompas.signals.urls")),
    path("ideeen/", include("wijkkompas.ideas.urls")),
    path("initiatieven/", include("wijkkompas.initiatives.urls")),
    path("wijken/", include("wijkkompas.neighbourhoods.urls")),
    path("teamrisicos/", include("wijkkompas.risks.urls")),
    path("zelfevaluatie/", include("wijkkompas.selfassessments.urls")),
    path("indicatoren/", include("wijkkompas.indicators.urls")),
    path("reflecties/", include("wijkkompas.reflections.urls")),
    path("tijd/", include("wijkkompas.timeuse.urls")),
    path("werkgroepen/", include("wijkkompas.workgroups.urls")),
    path("factsheets/", include("wijkkompas.factsheets.urls")),
    path("import/", include("wijkkompas.imports.urls")),
    path("kenniskring/", include("wijkkompas.circle.urls")),
    path("privacy/verzoeken/", include("wijkkompas.rights.urls")),
    path("privacy/", include("wijkkompas.audit.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("beheer/", admin.site.urls),
]

handler400 = "wijkkompas.web.views.bad_request"
handler403 = "wijkkompas.web.views.permission_denied"
handler404 = "wijkkompas.web.views.page_not_found"
handler500 = "wijkkompas.web.views.server_error"
