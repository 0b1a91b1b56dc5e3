"""URLs of the self-assessment rounds (/zelfevaluatie/)."""

from django.urls import path

from . import views

app_name = "selfassessments"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("nieuw/", views.CreateView.as_view(), name="create"),
    path("<int:pk>/", views.DetailView.as_view(), name="detail"),
    path("<int:pk>/invullen/", views.EditView.as_view(), name="edit"),
    path("vergelijking/", views.ComparisonView.as_view(), name="comparison"),
    path("verloop/", views.TrendView.as_view(), name="trend"),
    path("rondes/", views.RoundChangeView.as_view(), name="round_change"),
    path("rondes/nieuw/", views.RoundCreateView.as_view(), name="round_create"),
]
