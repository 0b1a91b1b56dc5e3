"""URLs of reflection sessions (/reflecties/)."""

from django.urls import path

from . import views

app_name = "reflections"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("nieuw/", views.CreateView.as_view(), name="create"),
    path("team/<int:team>/", views.TeamView.as_view(), name="list"),
    path("team/<int:team>/acties/", views.ActionListView.as_view(), name="actions"),
    path("<int:pk>/", views.DetailView.as_view(), name="detail"),
    path("<int:pk>/wijzigen/", views.EditView.as_view(), name="edit"),
    path("<int:pk>/verslag/", views.RecordView.as_view(), name="record"),
    path("<int:pk>/besluit/", views.ActionCreateView.as_view(), name="action_create"),
    path("actie/<int:action>/beoordelen/", views.ActionReviewView.as_view(), name="action_review"),
    path("actie/<int:action>/afgerond/", views.ActionCompleteView.as_view(), name="action_done"),
]
