"""Team pages. Paths in Dutch; objects only by integer id."""

from django.urls import path

from . import views

app_name = "teams"

urlpatterns = [
    path("", views.TeamOverviewView.as_view(), name="list"),
    path("nieuw/", views.TeamCreateView.as_view(), name="create"),
    path("<int:pk>/", views.TeamDetailView.as_view(), name="detail"),
    path("<int:pk>/netwerk/", views.TeamNetworkView.as_view(), name="network"),
    path("<int:pk>/bewerken/", views.TeamEditView.as_view(), name="edit"),
    path("<int:pk>/perspectief/", views.TeamPerspectiveView.as_view(), name="perspective"),
    path("<int:pk>/leden/nieuw/", views.MemberAddView.as_view(), name="member_add"),
    path(
        "<int:pk>/leden/<int:member_pk>/bewerken/",
        views.MemberEditView.as_view(),
        name="member_edit",
    ),
    path(
        "<int:pk>/leden/<int:member_pk>/verwijderen/",
        views.MemberRemoveView.as_view(),
        name="member_remove",
    ),
    path("<int:pk>/partners/nieuw/", views.PartnerAddView.as_view(), name="partner_add"),
    path(
        "<int:pk>/partners/<int:partner_pk>/bewerken/",
        views.PartnerEditView.as_view(),
        name="partner_edit",
    ),
    path(
        "<int:pk>/partners/<int:partner_pk>/verwijderen/",
        views.PartnerRemoveView.as_view(),
        name="partner_remove",
    ),
]
