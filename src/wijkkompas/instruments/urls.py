"""Pages of instruments. Paths in Dutch; objects only by integer id, never personal data."""

from django.urls import path

from . import views

app_name = "instruments"

urlpatterns = [
    path("", views.InstrumentListView.as_view(), name="list"),
    path("importeren/", views.ImportView.as_view(), name="import"),
    path("versies/<int:pk>/", views.VersionDetailView.as_view(), name="version"),
    path("versies/<int:pk>/gebruik/", views.VersionUseView.as_view(), name="version_use"),
]
