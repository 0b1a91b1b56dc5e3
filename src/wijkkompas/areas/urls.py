from django.urls import path

from . import views

app_name = "areas"

urlpatterns: list = [
    path("", views.ListPage.as_view(), name="list"),
]
