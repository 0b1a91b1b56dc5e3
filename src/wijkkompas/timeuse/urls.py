"""URLs of time for the collective (/tijd/). Teams by integer id; weeks as "2026-W48"."""

from django.urls import path

from . import views

app_name = "timeuse"

urlpatterns = [
    path("", views.WeekView.as_view(), name="week"),
    path("team/<int:team>/", views.TeamView.as_view(), name="team"),
    path("team/<int:team>/ambitie/", views.AmbitionView.as_view(), name="ambition"),
]
