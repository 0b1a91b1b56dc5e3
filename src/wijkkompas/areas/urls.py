"""Area pages. Paths in Dutch; objects only by integer id."""

from django.urls import path

from . import views

app_name = "areas"

urlpatterns = [
    path("", views.MunicipalityListView.as_view(), name="list"),
    path("nieuw/", views.MunicipalityCreateView.as_view(), name="create"),
    path("<int:pk>/", views.MunicipalityDetailView.as_view(), name="detail"),
    path("<int:pk>/bewerken/", views.MunicipalityEditView.as_view(), name="edit"),
    path("<int:pk>/wijken/nieuw/", views.DistrictCreateView.as_view(), name="district_add"),
    path("wijken/<int:pk>/bewerken/", views.DistrictEditView.as_view(), name="district_edit"),
    path(
        "wijken/<int:pk>/buurten/nieuw/",
        views.NeighbourhoodCreateView.as_view(),
        name="neighbourhood_add",
    ),
    path(
        "buurten/<int:pk>/bewerken/",
        views.NeighbourhoodEditView.as_view(),
        name="neighbourhood_edit",
    ),
]
