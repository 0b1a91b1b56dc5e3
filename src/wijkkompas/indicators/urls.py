"""URLs of the app under /indicatoren/."""

from django.urls import path

from . import views

app_name = "indicators"

urlpatterns = [
    path("", views.CatalogueView.as_view(), name="catalogue"),
    path(
        "gemeente/<int:municipality>/",
        views.MunicipalityDashboardView.as_view(),
        name="municipality",
    ),
    path("team/<int:team>/", views.TeamDashboardView.as_view(), name="team"),
    path("verhalen/nieuw/", views.StoryCreateView.as_view(), name="story_create"),
    path("verhalen/<int:pk>/", views.StoryDetailView.as_view(), name="story"),
    path("verhalen/<int:pk>/wijzigen/", views.StoryEditView.as_view(), name="story_edit"),
    path("verhalen/<int:pk>/intrekken/", views.StoryWithdrawView.as_view(), name="story_withdraw"),
    path("verhalen/<int:pk>/foto/", views.StoryPhotoView.as_view(), name="story_photo"),
]
