"""URLs of the ideas app (/ideeen/)."""

from django.urls import path

from . import views

app_name = "ideas"

urlpatterns = [
    path("", views.IdeaListView.as_view(), name="list"),
    path("<int:pk>/", views.IdeaDetailView.as_view(), name="detail"),
    path("<int:pk>/beoordelen/", views.IdeaModerateView.as_view(), name="moderate"),
    path("<int:pk>/coach/", views.IdeaCoachView.as_view(), name="coach"),
    # Public: every visitor, no account.
    path("buurt/<str:code>/", views.PublicIdeasView.as_view(), name="public"),
    path("<int:pk>/doe-mee/", views.PublicJoinView.as_view(), name="join"),
]
