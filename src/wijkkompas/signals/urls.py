"""URLs of the signals app (/signalen/)."""

from django.urls import path

from . import views

app_name = "signals"

urlpatterns = [
    path("", views.SignalsView.as_view(), name="overview"),
    path("herbereken/", views.RecomputeView.as_view(), name="recompute"),
    path("herberekening/", views.RunStatusView.as_view(), name="run"),
]
