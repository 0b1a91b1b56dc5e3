"""Pages of plans, case discussions and the worklist. Paths in Dutch; objects only by
integer id, never personal data."""

from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("werkvoorraad/", views.WorklistView.as_view(), name="worklist"),
    path("plannen/", views.MyPlansView.as_view(), name="mine"),
    path(
        "plannen/nieuw/huishouden/<int:household>/",
        views.PlanCreateView.as_view(),
        name="create",
    ),
    path("plannen/<int:plan>/", views.PlanDetailView.as_view(), name="detail"),
    path("plannen/<int:plan>/bewerken/", views.PlanEditView.as_view(), name="edit"),
    path("plannen/<int:plan>/afsluiten/", views.PlanCloseView.as_view(), name="close"),
    path("plannen/<int:plan>/doelen/nieuw/", views.GoalAddView.as_view(), name="goal_add"),
    path(
        "plannen/<int:plan>/doelen/<int:goal>/bewerken/",
        views.GoalEditView.as_view(),
        name="goal_edit",
    ),
    path("plannen/<int:plan>/acties/nieuw/", views.ActionAddView.as_view(), name="action_add"),
    path(
        "plannen/<int:plan>/acties/<int:plan_action>/bewerken/",
        views.ActionEditView.as_view(),
        name="action_edit",
    ),
    path(
        "plannen/<int:plan>/afspraken/nieuw/",
        views.AppointmentAddView.as_view(),
        name="appointment_add",
    ),
    path(
        "plannen/<int:plan>/opmerkingen/nieuw/",
        views.CommentAddView.as_view(),
        name="comment_add",
    ),
    path(
        "plannen/<int:plan>/evaluaties/nieuw/",
        views.ReviewScheduleView.as_view(),
        name="review_add",
    ),
    path(
        "plannen/<int:plan>/evaluaties/<int:review>/",
        views.ReviewDetailView.as_view(),
        name="review_detail",
    ),
    path(
        "plannen/<int:plan>/evaluaties/<int:review>/houden/",
        views.ReviewHoldView.as_view(),
        name="review_hold",
    ),
    path("casuistiek/", views.DiscussionListView.as_view(), name="discussions"),
    path(
        "casuistiek/nieuw/huishouden/<int:household>/",
        views.DiscussionCreateView.as_view(),
        name="discussion_create",
    ),
    path(
        "casuistiek/<int:discussion>/",
        views.DiscussionDetailView.as_view(),
        name="discussion_detail",
    ),
    path(
        "casuistiek/<int:discussion>/uitnodigen/",
        views.DiscussionInviteView.as_view(),
        name="discussion_invite",
    ),
    path(
        "casuistiek/<int:discussion>/verslag/",
        views.DiscussionMinutesView.as_view(),
        name="discussion_minutes",
    ),
    path(
        "casuistiek/<int:discussion>/besluiten/nieuw/",
        views.DecisionAddView.as_view(),
        name="decision_add",
    ),
]
