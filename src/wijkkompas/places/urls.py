"""URLs of the places app (/plekken/)."""

from django.urls import path

from . import views

app_name = "places"

urlpatterns = [
    path("", views.PlaceListView.as_view(), name="list"),
    path("nieuw/", views.PlaceCreateView.as_view(), name="create"),
    path("<int:pk>/", views.PlaceDetailView.as_view(), name="detail"),
    path("<int:pk>/wijzigen/", views.PlaceEditView.as_view(), name="edit"),
    path("buurt/<str:code>/", views.PublicPlaceListView.as_view(), name="public"),
]
