"""Pages of working groups (/werkgroepen/). Paths in Dutch; objects only by integer id."""

from django.urls import path

from . import views

app_name = "workgroups"

urlpatterns = [
    path("", views.ListView.as_view(), name="list"),
    path("nieuw/", views.CreateView.as_view(), name="create"),
    path("<int:pk>/", views.DetailView.as_view(), name="detail"),
    path("<int:pk>/bewerken/", views.EditView.as_view(), name="edit"),
    path("<int:pk>/mensen/", views.MembersView.as_view(), name="members"),
    path("<int:pk>/mensen/teamlid/", views.TeamMemberAddView.as_view(), name="member_add_team"),
    path(
        "<int:pk>/mensen/buitenring/", views.OuterMemberAddView.as_view(), name="member_add_outer"
    ),
    path(
        "mensen/<int:member>/verwijderen/",
        views.MemberRemoveView.as_view(),
        name="member_remove",
    ),
    path("<int:pk>/agenda/nieuw/", views.AgendaAddView.as_view(), name="agenda_add"),
    path("<int:pk>/acties/nieuw/", views.ActionAddView.as_view(), name="action_add"),
    path("acties/<int:action>/klaar/", views.ActionDoneView.as_view(), name="action_done"),
    path("<int:pk>/afsluiten/", views.CloseView.as_view(), name="close"),
]
