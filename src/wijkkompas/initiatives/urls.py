"""Pages of collective opportunities and initiatives. Paths in Dutch; objects only by
integer id, never personal data."""

from django.urls import path

from . import views

app_name = "initiatives"

urlpatterns = [
    path("", views.InitiativeListView.as_view(), name="list"),
    path("nieuw/", views.InitiativeCreateView.as_view(), name="create"),
    path("<int:pk>/", views.InitiativeDetailView.as_view(), name="detail"),
    path("<int:pk>/openbaar/", views.PublicInitiativeView.as_view(), name="public_detail"),
    path("<int:pk>/bewerken/", views.InitiativeEditView.as_view(), name="edit"),
    path("<int:pk>/fase/", views.StageChangeView.as_view(), name="stage_change"),
    path("<int:pk>/verhalen/nieuw/", views.StoryAddView.as_view(), name="story_add"),
    path("vanuit-idee/<int:idea>/", views.StartFromIdeaView.as_view(), name="create_from_idea"),
    path("kansen/", views.OpportunityListView.as_view(), name="opportunities"),
    path("kansen/nieuw/", views.OpportunityCreateView.as_view(), name="opportunity_create"),
    path(
        "kansen/<int:opportunity>/",
        views.OpportunityDetailView.as_view(),
        name="opportunity_detail",
    ),
    path(
        "kansen/<int:opportunity>/reacties/nieuw/",
        views.OpportunityCommentView.as_view(),
        name="opportunity_comment_add",
    ),
    path(
        "kansen/<int:opportunity>/koppelen/",
        views.OpportunityLinkView.as_view(),
        name="opportunity_link_change",
    ),
    path(
        "kansen/<int:opportunity>/status/",
        views.OpportunityStatusView.as_view(),
        name="opportunity_status_change",
    ),
    path(
        "kansen/<int:opportunity>/initiatief/",
        views.StartFromOpportunityView.as_view(),
        name="create_from_opportunity",
    ),
    path(
        "verwijzen/inwoner/<int:resident>/",
        views.ReferralCreateView.as_view(),
        name="referral_create",
    ),
    path("substitutie/", views.SubstitutionView.as_view(), name="substitution"),
]
