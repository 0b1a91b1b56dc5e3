from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("", views.AccessLogPage.as_view(), name="log"),
    path("export/", views.AccessLogExportView.as_view(), name="export"),
    path("beveiliging/", views.SecurityOverviewPage.as_view(), name="security"),
]
