"""URLs of the neighbourhood pages. A neighbourhood goes by its CBS code (public data)."""

from django.urls import path

from . import views

app_name = "neighbourhoods"

urlpatterns = [
    path("", views.NeighbourhoodIndexView.as_view(), name="index"),
    path("openbaar/", views.PublicIndexView.as_view(), name="public_index"),
    path("<str:code>/", views.NeighbourhoodView.as_view(), name="detail"),
    path("<str:code>/openbaar/", views.PublicNeighbourhoodView.as_view(), name="public"),
]
