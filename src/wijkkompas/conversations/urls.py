"""Pages of conversations. Paths in Dutch; objects only by integer id, never personal data."""

from django.urls import path

from . import views

app_name = "conversations"

urlpatterns = [
    path("", views.MyConversationsView.as_view(), name="mine"),
    path("nieuw/<int:resident>/", views.ConversationCreateView.as_view(), name="create"),
    path("<int:pk>/", views.ConversationDetailView.as_view(), name="detail"),
    path("<int:pk>/bewerken/", views.ConversationEditView.as_view(), name="edit"),
]
