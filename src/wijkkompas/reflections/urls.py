"""URLs of the app under /reflecties/."""

from django.urls import path  # noqa: F401

app_name = "reflections"

urlpatterns: list = []
