"""Reflection sessions of a team (kairos moments), their history, and the follow-up
actions that come out of them and are reviewed at the next session."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkkompas.accounts.access import AccessPolicy, ScopedQuerySet

from .constants import (
    REFLECTION_CHANGE_TEAM_ROLES,
    REFLECTION_VIEW_TEAM_ROLES,
    ActionStatus,
    ChangeKind,
    ReflectionStatus,
    ReviewOutcome,
)

_NO_RESIDENTS = _("About the team, not about residents: never write the name of a resident.")


def _question(label: str | object, help_text: str | object) -> models.TextField:
    return models.TextField(label, blank=True, help_text=help_text)  # type: ignore[arg-type]


class Reflection(models.Model):
    """Reflectiesessie: a team stops to look back and ahead (a *kairos* moment).

    Planned first (title, date, facilitator, participants), then recorded when held: the
    answers to the five questions (keep, stop, do differently, renew, start tomorrow), to
    the two core questions ("are we doing the right things?", "are we doing things
    right?") and a summary. When it is recorded, the indicators and open team risks that
    were on the table are stored with it (``snapshot``), so the record keeps showing what
    was discussed when the data change later. Decisions become
    :class:`FollowUpAction` rows.

    A held session is never silently overwritten: every change is a line of
    :class:`ReflectionChange`, and a change after the session marks the record as updated.
    Holds no data of residents (the help texts warn against writing names).
    """

    team = models.ForeignKey(
        "teams.Team", verbose_name=_("team"), on_delete=models.CASCADE, related_name="reflections"
    )
    title = models.CharField(_("title"), max_length=150)
    planned_on = models.DateField(_("planned date"))
    held_on = models.DateField(_("held on"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ReflectionStatus.choices,
        default=ReflectionStatus.PLANNED,
    )
    facilitator = models.ForeignKey(
        "teams.Membership",
        verbose_name=_("facilitator"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The team member who leads the conversation."),
    )
    participants = models.ManyToManyField(
        "teams.Membership",
        verbose_name=_("participants"),
        blank=True,
        related_name="reflections",
    )
    keep = _question(_("What do we keep?"), _NO_RESIDENTS)
    stop = _question(_("What do we stop?"), _NO_RESIDENTS)
    differently = _question(_("What do we do differently?"), _NO_RESIDENTS)
    renew = _question(_("What do we renew?"), _NO_RESIDENTS)
    tomorrow = _question(_("What do we start tomorrow?"), _NO_RESIDENTS)
    right_things = _question(_("Are we doing the right things?"), _NO_RESIDENTS)
    things_right = _question(_("Are we doing things right?"), _NO_RESIDENTS)
    summary = _question(_("Summary"), _NO_RESIDENTS)
    snapshot = models.JSONField(
        _("on the table"),
        default=dict,
        blank=True,
        help_text=_(
            "The indicators and open team risks as they were when the session was recorded."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("planned by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    recorded_at = models.DateTimeField(_("recorded at"), null=True, blank=True)
    amended_at = models.DateTimeField(
        _("record updated at"),
        null=True,
        blank=True,
        help_text=_("The last time the record was changed after it was recorded as held."),
    )

    objects = ScopedQuerySet.as_manager()
    access_policy = AccessPolicy(
        tenant="team__municipality_id",
        team="team_id",
        view_team=REFLECTION_VIEW_TEAM_ROLES,
        change_team=REFLECTION_CHANGE_TEAM_ROLES,
    )

    class Meta:
        verbose_name = _("reflection session")
        verbose_name_plural = _("reflection sessions")
        ordering = ["team", "-planned_on", "-pk"]
        indexes = [models.Index(fields=["team", "status"], name="reflection_team_status")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status=ReflectionStatus.PLANNED)
                | models.Q(held_on__isnull=False),
                name="reflection_held_has_date",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_held(self) -> bool:
        return self.status == ReflectionStatus.HELD

    @property
    def day(self) -> dt.date:
        """The date of the session: when it was held, else when it is planned."""
        return self.held_on or self.planned_on  # type: ignore[return-value]


def field_label(name: str) -> str:
    """The label (verbose name) of a field of :class:`Reflection`; its code name for a
    field that no longer exists."""
    try:
        field = Reflection._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    return str(getattr(field, "verbose_name", name))


class ReflectionChange(models.Model):
    """One line of a session's history: planned, planning changed, recorded, record
    updated — who, when, which fields and an optional note. Written only by the
    services, in the same transaction as the change; never edited."""

    reflection = models.ForeignKey(
        Reflection,
        verbose_name=_("reflection session"),
        on_delete=models.CASCADE,
        related_name="changes",
    )
    kind = models.CharField(_("kind of change"), max_length=10, choices=ChangeKind.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    changed_fields = models.JSONField(_("fields changed"), default=list, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = ScopedQuerySet.as_manager()
    access_policy = AccessPolicy(
        tenant="reflection__team__municipality_id",
        team="reflection__team_id",
        view_team=REFLECTION_VIEW_TEAM_ROLES,
    )

    class Meta:
        verbose_name = _("change of a reflection session")
        verbose_name_plural = _("changes of reflection sessions")
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.reflection_id} {self.kind} {self.changed_at:%Y-%m-%d}"

    @property
    def changed_labels(self) -> list[str]:
        """The names (verbose names) of the fields that changed."""
        return [field_label(str(name)) for name in self.changed_fields or []]


class FollowUpAction(models.Model):
    """Vervolgactie: a decision of a session, with an owner (an account of the team) and a
    due date. Open until it is done or dropped; the next session reviews the open actions
    of earlier sessions (:class:`ActionReview`), and the owner may mark their own action
    done in between."""

    reflection = models.ForeignKey(
        Reflection,
        verbose_name=_("decided in"),
        on_delete=models.CASCADE,
        related_name="actions",
    )
    decision = models.CharField(
        _("decision"),
        max_length=500,
        help_text=_("What the team decided to do. Never write the name of a resident."),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reflection_actions",
        help_text=_("The team member who sees to it."),
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    review_note = models.TextField(_("review note"), blank=True)
    reviewed_in = models.ForeignKey(
        Reflection,
        verbose_name=_("last reviewed in"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviewed_actions",
    )
    reviewed_at = models.DateTimeField(_("last reviewed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ScopedQuerySet.as_manager()
    access_policy = AccessPolicy(
        tenant="reflection__team__municipality_id",
        team="reflection__team_id",
        view_team=REFLECTION_VIEW_TEAM_ROLES,
        change_team=REFLECTION_CHANGE_TEAM_ROLES,
    )

    class Meta:
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["status", "due_date"], name="followup_status_due")]

    def __str__(self) -> str:
        return self.decision[:60]

    @property
    def is_open(self) -> bool:
        return self.status == ActionStatus.OPEN


class ActionReview(models.Model):
    """One look back at a follow-up action: in which session (none when the owner marked
    it done in between), with what outcome (done, continued, dropped) and a note."""

    action = models.ForeignKey(
        FollowUpAction,
        verbose_name=_("follow-up action"),
        on_delete=models.CASCADE,
        related_name="reviews",
    )
    reflection = models.ForeignKey(
        Reflection,
        verbose_name=_("reviewed in"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_reviews",
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=ReviewOutcome.choices)
    note = models.TextField(_("note"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    access_policy = AccessPolicy(
        tenant="action__reflection__team__municipality_id",
        team="action__reflection__team_id",
        view_team=REFLECTION_VIEW_TEAM_ROLES,
    )

    class Meta:
        verbose_name = _("review of a follow-up action")
        verbose_name_plural = _("reviews of follow-up actions")
        ordering = ["-reviewed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.action_id} {self.outcome}"
