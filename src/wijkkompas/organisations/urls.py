"""Organisation pages. Paths in Dutch; objects only by integer id."""

from django.urls import path

from . import views

app_name = "organisations"

urlpatterns = [
    path("", views.OrganisationListView.as_view(), name="list"),
    path("nieuw/", views.OrganisationCreateView.as_view(), name="create"),
    path("<int:pk>/", views.OrganisationDetailView.as_view(), name="detail"),
    path("<int:pk>/bewerken/", views.OrganisationEditView.as_view(), name="edit"),
]
