"""Pages of residents and households. Paths in Dutch; objects only by integer id, never
personal data (a name search is sent by POST)."""

from django.urls import path

from . import views

app_name = "residents"

urlpatterns = [
    path("", views.ResidentIndexView.as_view(), name="index"),
    path("registreren/", views.RegisterView.as_view(), name="register"),
    path("team/<int:team_pk>/", views.CaseloadView.as_view(), name="caseload"),
    path("<int:pk>/", views.ResidentDetailView.as_view(), name="detail"),
    path("<int:pk>/bewerken/", views.ResidentEditView.as_view(), name="edit"),
    path("<int:pk>/toestemming/nieuw/", views.ConsentAddView.as_view(), name="consent_add"),
    path(
        "<int:pk>/toestemming/<int:consent_pk>/intrekken/",
        views.ConsentWithdrawView.as_view(),
        name="consent_withdraw",
    ),
    path(
        "huishoudens/<int:household_pk>/",
        views.HouseholdDetailView.as_view(),
        name="household_detail",
    ),
    path(
        "huishoudens/<int:household_pk>/afsluiten/",
        views.HouseholdCloseView.as_view(),
        name="household_close",
    ),
    path(
        "huishoudens/<int:household_pk>/risicosignalen/nieuw/",
        views.RiskSignalAddView.as_view(),
        name="risk_add",
    ),
    path(
        "huishoudens/<int:household_pk>/risicosignalen/<int:signal_pk>/bewerken/",
        views.RiskSignalEditView.as_view(),
        name="risk_edit",
    ),
    path(
        "huishoudens/<int:household_pk>/risicosignalen/<int:signal_pk>/oplossen/",
        views.RiskSignalResolveView.as_view(),
        name="risk_resolve",
    ),
]
