"""Pages of rights. Paths in Dutch; objects only by integer id, never personal data."""

from django.urls import path

from . import views

app_name = "rights"

urlpatterns = [
    path("", views.DataRequestListView.as_view(), name="list"),
    path("nieuw/", views.DataRequestCreateView.as_view(), name="create"),
    path("bewaartermijnen/", views.PurgeRunListView.as_view(), name="purges"),
    path("<int:pk>/", views.DataRequestDetailView.as_view(), name="detail"),
    path("<int:pk>/afhandelen/", views.DataRequestUpdateView.as_view(), name="update"),
    path("<int:pk>/inzage/", views.AccessExportRequestView.as_view(), name="export"),
    path("<int:pk>/inzage/download/", views.AccessExportDownloadView.as_view(), name="download"),
    path("<int:pk>/wissen/", views.ResidentEraseView.as_view(), name="erase"),
]
