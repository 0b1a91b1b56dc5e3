"""Eén gezin, één plan, één regisseur; and the closed case discussion (casuïstiekbespreking).

A household has at most one active plan, with one coordinator, goals (the resident can add
their own), actions with owners from different organisations, appointments, reviews with
ZRM before and after, and comments. A case discussion is visible only to its participants,
who must hold the household's consent; its decisions become plan actions.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkkompas.accounts.access import AccessPolicy, ConsentRule, ScopedQuerySet
from wijkkompas.accounts.constants import Action
from wijkkompas.conversations.constants import LifeDomain
from wijkkompas.residents.constants import CASE_CHANGE_ROLES, CASE_TEAM_ROLES, ConsentPart

from .constants import DiscussionStatus, GoalStatus, PlanStatus

BOTH = frozenset({Action.VIEW, Action.CHANGE})


def _plan_policy(
    prefix: str, *, owner_actions: frozenset[str] = frozenset({Action.VIEW})
) -> AccessPolicy:
    return AccessPolicy(
        tenant=f"{prefix}municipality_id",
        team=f"{prefix}team_id",
        view_team=CASE_TEAM_ROLES,
        change_team=CASE_CHANGE_ROLES,
        consent=ConsentRule(
            subject=f"{prefix}household_id", level="household", part=ConsentPart.PLAN
        ),
        owner=f"{prefix}household__residents__user_id",
        owner_actions=owner_actions,
        personal=True,
    )


def _discussion_policy(prefix: str) -> AccessPolicy:
    """Case discussions and their parts: participants only, under the household's consent."""
    return AccessPolicy(
        tenant=f"{prefix}municipality_id",
        team=f"{prefix}team_id",
        view_team=CASE_TEAM_ROLES,
        change_team=CASE_CHANGE_ROLES,
        consent=ConsentRule(
            subject=f"{prefix}household_id", level="household", part=ConsentPart.CASE_DISCUSSION
        ),
        participant=f"{prefix}participants__user_id",
        personal=True,
    )


class Plan(models.Model):
    """The one plan of a household, owned by its coordinator (regisseur)."""

    municipality = models.ForeignKey(
        "areas.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    team = models.ForeignKey(
        "teams.Team", verbose_name=_("team"), on_delete=models.PROTECT, related_name="plans"
    )
    household = models.ForeignKey(
        "residents.Household",
        verbose_name=_("household"),
        on_delete=models.CASCADE,
        related_name="plans",
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinator"),
        on_delete=models.PROTECT,
        related_name="coordinated_plans",
    )
    summary = models.TextField(
        _("situation and what the household wants"),
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.ACTIVE
    )
    started_on = models.DateField(_("started on"))
    next_review_on = models.DateField(
        _("next review"),
        null=True,
        blank=True,
        help_text=_("The earliest review that has not been held; kept by the services."),
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ScopedQuerySet.as_manager()
    access_policy = _plan_policy("")

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["next_review_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["household"],
                condition=models.Q(status="active"),
                name="plan_one_active_per_household",
            )
        ]
        indexes = [
            models.Index(
                fields=["coordinator", "status", "next_review_on"], name="plan_coordinator_due"
            ),
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class Goal(models.Model):
    """A goal of the plan, in the household's words; the resident can add their own."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="goals"
    )
    text = models.TextField(_("goal"))
    life_domain = models.CharField(_("life domain"), max_length=20, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=GoalStatus.choices, default=GoalStatus.OPEN
    )
    target_on = models.DateField(_("aimed for"), null=True, blank=True)
    added_by_resident = models.BooleanField(_("added by the resident"), default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    access_policy = _plan_policy("plan__", owner_actions=BOTH)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["plan", "created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def life_domain_label(self) -> str:
        labels = dict(LifeDomain.choices)
        return str(labels.get(self.life_domain, self.life_domain))


class PlanAction(models.Model):
    """An action towards a goal, owned by a person of some organisation."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="actions"
    )
    goal = models.ForeignKey(
        Goal,
        verbose_name=_("goal"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
    )
    description = models.TextField(_("action"))
    owner_organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    owner_name = models.CharField(
        _("who"),
        max_length=150,
        help_text=_("A professional, the resident or someone of their network."),
    )
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account of the owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_(
            "Optional: when the owner is a colleague with a Wijkkompas account, the action "
            "appears in their worklist when it is overdue."
        ),
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    decision = models.OneToOneField(
        "plans.Decision",
        verbose_name=_("from case discussion decision"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    access_policy = _plan_policy("plan__")

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["plan", "due_on", "pk"]
        indexes = [
            models.Index(fields=["owner_user", "done_on", "due_on"], name="plan_action_owner_due"),
        ]

    def __str__(self) -> str:
        return self.description[:60]


class Appointment(models.Model):
    """An appointment with the household, shown in Mijn plan."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="appointments"
    )
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=150, blank=True)
    with_whom = models.CharField(_("with"), max_length=150, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = ScopedQuerySet.as_manager()
    access_policy = _plan_policy("plan__")

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return f"{self.starts_at:%d-%m-%Y %H:%M}"


class Review(models.Model):
    """Evaluatie: a review date of the plan and, once held, what it concluded."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="reviews"
    )
    planned_on = models.DateField(_("planned on"))
    held_on = models.DateField(_("held on"), null=True, blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True)
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("held by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ScopedQuerySet.as_manager()
    access_policy = _plan_policy("plan__")

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["plan", "planned_on", "pk"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.planned_on:%d-%m-%Y}"


class PlanComment(models.Model):
    """A comment on the plan, by the resident (in Mijn plan) or a professional."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    by_resident = models.BooleanField(_("by the resident"), default=False)
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    access_policy = _plan_policy("plan__", owner_actions=BOTH)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["plan", "created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class CaseDiscussion(models.Model):
    """Casuïstiekbespreking / MDO: closed; only invited participants with consent see it."""

    municipality = models.ForeignKey(
        "areas.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    team = models.ForeignKey(
        "teams.Team", verbose_name=_("team"), on_delete=models.PROTECT, related_name="+"
    )
    household = models.ForeignKey(
        "residents.Household",
        verbose_name=_("household"),
        on_delete=models.CASCADE,
        related_name="case_discussions",
    )
    plan = models.ForeignKey(
        Plan,
        verbose_name=_("plan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="case_discussions",
    )
    scheduled_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=150, blank=True)
    question = models.TextField(_("question for the discussion"))
    minutes = models.TextField(_("minutes"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=DiscussionStatus.choices,
        default=DiscussionStatus.PLANNED,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organised by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    access_policy = _discussion_policy("")

    class Meta:
        verbose_name = _("case discussion")
        verbose_name_plural = _("case discussions")
        ordering = ["-scheduled_at", "-pk"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.scheduled_at:%d-%m-%Y}"


class Participant(models.Model):
    """A user invited to a case discussion (the organiser is one too)."""

    discussion = models.ForeignKey(
        CaseDiscussion,
        verbose_name=_("case discussion"),
        on_delete=models.CASCADE,
        related_name="participants",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="case_discussion_invitations",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    invited_at = models.DateTimeField(_("invited at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    access_policy = _discussion_policy("discussion__")

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(fields=["discussion", "user"], name="participant_unique")
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class Decision(models.Model):
    """A decision of a case discussion; it becomes an action in the household's plan."""

    discussion = models.ForeignKey(
        CaseDiscussion,
        verbose_name=_("case discussion"),
        on_delete=models.CASCADE,
        related_name="decisions",
    )
    text = models.TextField(_("decision"))
    owner_organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    owner_name = models.CharField(_("who"), max_length=150)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    access_policy = _discussion_policy("discussion__")

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["discussion", "pk"]

    def __str__(self) -> str:
        return self.text[:60]
