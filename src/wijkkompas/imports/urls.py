"""URLs of the import pages (mounted at /import/). Ids only, never personal data."""

from django.urls import path

from . import views

app_name = "imports"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("nieuw/", views.NewView.as_view(), name="new"),
    path("<int:pk>/", views.DetailView.as_view(), name="detail"),
    path("<int:pk>/kolommen/", views.MappingView.as_view(), name="mapping"),
    path("<int:pk>/voortgang/", views.ProgressView.as_view(), name="progress"),
    path("<int:pk>/bevestigen/", views.ConfirmView.as_view(), name="confirm"),
]
