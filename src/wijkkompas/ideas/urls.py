"""URLs of the ideas app."""

from django.urls import path  # noqa: F401

app_name = "ideas"

urlpatterns: list = []
