"""Root URL configuration. No personal data ever appears in a URL: objects go by id."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("wijkkompas.web.urls")),
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
    path("signalen/", include("wijkkompas.signals.urls")),
    path("ideeen/", include("wijkkompas.ideas.urls")),
    path("initiatieven/", include("wijkkompas.initiatives.urls")),
    path("wijken/", include("wijkkompas.neighbourhoods.urls")),
    path("teamrisicos/", include("wijkkompas.risks.urls")),
    path("zelfevaluatie/", include("wijkkompas.selfassessments.urls")),
    path("indicatoren/", include("wijkkompas.indicators.urls")),
    path("reflecties/", include("wijkkompas.reflections.urls")),
    path("factsheets/", include("wijkkompas.factsheets.urls")),
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
