"""URLs of the app under /factsheets/."""

from django.urls import path  # noqa: F401

app_name = "factsheets"

urlpatterns: list = []
