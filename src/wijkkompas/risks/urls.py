"""URLs of the team risk register (/teamrisicos/)."""

from django.urls import path

from . import views

app_name = "risks"

urlpatterns = [
    path("", views.RiskIndexView.as_view(), name="index"),
    path("nieuw/", views.RiskCreateView.as_view(), name="create"),
    path("team/<int:team>/", views.RiskListView.as_view(), name="list"),
    path("team/<int:team>/matrix/", views.RiskMatrixView.as_view(), name="matrix"),
    path("<int:pk>/", views.RiskDetailView.as_view(), name="detail"),
    path("<int:pk>/wijzigen/", views.RiskEditView.as_view(), name="edit"),
    path("<int:pk>/beoordelen/", views.RiskReviewView.as_view(), name="review"),
    path("<int:pk>/status/", views.RiskStatusView.as_view(), name="status"),
]
