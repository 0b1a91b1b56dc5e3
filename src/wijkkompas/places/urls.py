"""URLs of the places app."""

from django.urls import path  # noqa: F401

app_name = "places"

urlpatterns: list = []
