"""URLs of the factsheets (/factsheets/)."""

from django.urls import path

from . import views

app_name = "factsheets"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("pdf/", views.PdfView.as_view(), name="pdf"),
    path("gemeente/<int:municipality_pk>/", views.MunicipalityView.as_view(), name="municipality"),
    path(
        "gemeente/<int:municipality_pk>/pdf/",
        views.MunicipalityRunView.as_view(),
        name="municipality_pdf",
    ),
    path(
        "gemeente/<int:municipality_pk>/pdf/download/",
        views.MunicipalityDownloadView.as_view(),
        name="municipality_download",
    ),
    path("team/<int:team_pk>/", views.TeamView.as_view(), name="team"),
    path("team/<int:team_pk>/pdf/", views.TeamRunView.as_view(), name="team_pdf"),
    path(
        "team/<int:team_pk>/pdf/download/",
        views.TeamDownloadView.as_view(),
        name="team_download",
    ),
]
