"""Pages of "Mijn plan". Paths in Dutch. No URL names a household or a resident: the
logged-in account decides whose plan is shown; the one id (a consent to withdraw) is looked
up within the resident's own consents."""

from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.OverviewView.as_view(), name="overview"),
    path("doel-toevoegen/", views.GoalAddView.as_view(), name="goal_add"),
    path("opmerking-toevoegen/", views.CommentAddView.as_view(), name="comment_add"),
    path("toestemming/", views.ConsentListView.as_view(), name="consents"),
    path("toestemming/geven/", views.ConsentGrantView.as_view(), name="consent_grant"),
    path(
        "toestemming/<int:pk>/intrekken/",
        views.ConsentWithdrawView.as_view(),
        name="consent_withdraw",
    ),
    path("scores/", views.ScoresView.as_view(), name="scores"),
    path("mijn-gegevens/", views.DataView.as_view(), name="data"),
    path(
        "mijn-gegevens/download.pdf",
        views.DownloadView.as_view(kind="pdf"),
        name="download_pdf",
    ),
    path(
        "mijn-gegevens/download.json",
        views.DownloadView.as_view(kind="json"),
        name="download_json",
    ),
]
