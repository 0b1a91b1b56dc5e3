"""URLs of the neighbourhoods app."""

from django.urls import path  # noqa: F401

app_name = "neighbourhoods"

urlpatterns: list = []
