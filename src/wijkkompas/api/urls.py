"""The API's own pages: the OpenAPI schema, its documentation, and the API clients."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from . import views

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", views.ApiDocsView.as_view(), name="docs"),
    path("koppelingen/", views.ApiClientListView.as_view(), name="clients"),
    path("koppelingen/nieuw/", views.ApiClientCreateView.as_view(), name="client_create"),
    path(
        "koppelingen/<int:pk>/intrekken/",
        views.ApiClientRevokeView.as_view(),
        name="client_revoke",
    ),
]
