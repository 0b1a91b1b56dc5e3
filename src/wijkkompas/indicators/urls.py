"""URLs of the app under /indicatoren/."""

from django.urls import path

from . import views

app_name = "indicators"

urlpatterns = [
    path("", views.CatalogueView.as_view(), name="catalogue"),
]
