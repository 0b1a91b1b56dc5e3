"""Pages of rights. Paths in Dutch; objects only by integer id, never personal data."""

from django.urls import path  # noqa: F401

app_name = "rights"

urlpatterns: list = []
