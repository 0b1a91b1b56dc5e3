from django.urls import path

from . import views

app_name = "audit"

urlpatterns: list = [
    path("", views.ListPage.as_view(), name="log"),
]
