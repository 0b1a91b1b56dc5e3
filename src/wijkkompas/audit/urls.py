from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("", views.AccessLogPage.as_view(), name="log"),
    path("beveiliging/", views.SecurityOverviewPage.as_view(), name="security"),
]
