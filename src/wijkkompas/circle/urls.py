"""URLs of the app under /kenniskring/."""

from django.urls import path

from . import views

app_name = "circle"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("export/", views.ExportView.as_view(), name="export"),
    path("deelname/", views.SharingView.as_view(), name="sharing"),
]
