"""URLs of the app under /kenniskring/."""

from django.urls import path  # noqa: F401

app_name = "circle"

urlpatterns: list = []
