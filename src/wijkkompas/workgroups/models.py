"""Working groups (werkgroepen) of a team (issue 8, item 2).

* :class:`WorkGroup` — a small operational team around a theme, a target group, an
  initiative or a residents' ambition, linked to the collective opportunities (the signals
  a team judged worth acting on) and the initiatives it works on; closed with a lesson;
* :class:`WorkGroupLead` — the same rows as the team lead and the coordinators see them:
  they form and close groups;
* :class:`WorkGroupMember` — a team member (its craft comes from the member's employer
  organisation) or someone from the outer ring (a resident or a partner), recorded only by
  a name or role the group chooses to write;
* :class:`AgendaItem` and :class:`WorkGroupAction` — the group's own short agenda and its
  actions.

No case data: a resident in a working group takes part as a resident, not as a client.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from wijkkompas.accounts.access import AccessPolicy, ScopedQuerySet

from .constants import (
    MEMBER_VIEW_ROLES,
    WORKGROUP_LEAD_ROLES,
    WORKGROUP_TEAM_ROLES,
    WORKGROUP_VIEW_ROLES,
    FocusKind,
    OuterKind,
)

_NO_CASES = _("About the group's work, not about residents' cases: never write a client's name.")


def _group_policy(prefix: str = "") -> AccessPolicy:
    return AccessPolicy(
        tenant=f"{prefix}team__municipality_id",
        team=f"{prefix}team_id",
        view=WORKGROUP_VIEW_ROLES,
        view_team=WORKGROUP_TEAM_ROLES,
        change_team=WORKGROUP_TEAM_ROLES,
    )


def _part_policy(*, personal: bool = False) -> AccessPolicy:
    """The policy of a row of a group (its people, agenda, actions): team roles of the
    group's team, and the administrator who sees the team's members."""
    return AccessPolicy(
        tenant="group__team__municipality_id",
        team="group__team_id",
        view=MEMBER_VIEW_ROLES,
        view_team=WORKGROUP_TEAM_ROLES,
        change_team=WORKGROUP_TEAM_ROLES,
        personal=personal,
    )


class WorkGroup(models.Model):
    """Werkgroep: a small operational team of a social team around a theme, target group,
    initiative or residents' ambition; ideally one member each from hulp, zorg and welzijn,
    with residents and partners from the outer ring."""

    team = models.ForeignKey(
        "teams.Team",
        verbose_name=_("team"),
        on_delete=models.PROTECT,
        related_name="work_groups",
    )
    name = models.CharField(_("name"), max_length=150)
    focus_kind = models.CharField(
        _("forms around"), max_length=20, choices=FocusKind.choices, default=FocusKind.THEME
    )
    focus = models.CharField(
        _("focus"),
        max_length=200,
        help_text=_("The theme, target group, initiative or ambition, in a few words."),
    )
    purpose = models.TextField(
        _("purpose"),
        max_length=2000,
        blank=True,
        help_text=format_lazy(
            "{} {}", _("What the group wants to reach, and with whom."), _NO_CASES
        ),
    )
    opportunities = models.ManyToManyField(
        "initiatives.Opportunity",
        verbose_name=_("signals and opportunities"),
        blank=True,
        related_name="work_groups",
        help_text=_("The collective opportunities (signals the team judged worth acting on)."),
    )
    initiatives = models.ManyToManyField(
        "initiatives.Initiative",
        verbose_name=_("initiatives"),
        blank=True,
        related_name="work_groups",
    )
    idea = models.ForeignKey(
        "ideas.Idea",
        verbose_name=_("residents' idea or ambition"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="work_groups",
    )
    started_on = models.DateField(_("started on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    lesson = models.TextField(
        _("what we learned"),
        max_length=2000,
        blank=True,
        help_text=_("Required when the group closes. It goes to the team's next reflection."),
    )
    keep = models.TextField(_("what we keep"), max_length=1000, blank=True)
    stop = models.TextField(_("what we stop"), max_length=1000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("formed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ScopedQuerySet.as_manager()
    access_policy = _group_policy()

    class Meta:
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")
        ordering = ["name", "pk"]
        indexes = [
            models.Index(fields=["team", "closed_on"], name="workgroup_team_closed"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["team", "name"], name="workgroup_unique_name_per_team"),
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True)
                | models.Q(closed_on__gte=models.F("started_on")),
                name="workgroup_closed_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_closed(self) -> bool:
        return self.closed_on is not None


class WorkGroupLead(WorkGroup):
    """The working group as its team lead and coordinators see it: they form and close
    groups (the other team roles work in them). The same rows, a policy of its own."""

    access_policy = AccessPolicy(
        tenant="team__municipality_id",
        team="team_id",
        view=WORKGROUP_VIEW_ROLES,
        view_team=WORKGROUP_TEAM_ROLES,
        change_team=WORKGROUP_LEAD_ROLES,
    )

    class Meta:
        proxy = True
        verbose_name = _("working group (forming and closing)")
        verbose_name_plural = _("working groups (forming and closing)")
        ordering = ["name", "pk"]


class WorkGroupMember(models.Model):
    """Someone in a working group: a member of the team (``membership``; the craft is that
    of their employer organisation) or someone from the outer ring (``outer_kind``, with
    the name or role the group chooses to write in ``label``)."""

    group = models.ForeignKey(
        WorkGroup, verbose_name=_("working group"), on_delete=models.CASCADE, related_name="members"
    )
    membership = models.ForeignKey(
        "teams.Membership",
        verbose_name=_("team member"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="work_group_places",
    )
    outer_kind = models.CharField(
        _("from the outer ring"), max_length=10, choices=OuterKind.choices, blank=True
    )
    label = models.CharField(
        _("name or role"),
        max_length=80,
        blank=True,
        help_text=_(
            "For residents and partners from the outer ring: a first name or a role, as the "
            "person agrees (e.g. 'Bewoner Oostendorp', 'Vrijwilliger dorpshuis'). No "
            "surname, address, phone number or anything about their situation: a resident "
            "here takes part as a resident, not as a case."
        ),
    )
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    access_policy = _part_policy(personal=True)

    class Meta:
        verbose_name = _("working group member")
        verbose_name_plural = _("working group members")
        ordering = ["group", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "membership"],
                condition=models.Q(membership__isnull=False),
                name="workgroupmember_team_member_once",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(membership__isnull=False, outer_kind="", label="")
                    | (
                        models.Q(membership__isnull=True)
                        & ~models.Q(outer_kind="")
                        & ~models.Q(label="")
                    )
                ),
                name="workgroupmember_team_or_outer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"

    @property
    def is_team_member(self) -> bool:
        return self.membership_id is not None


class AgendaItem(models.Model):
    """A point on the group's own short agenda: a meeting date, a topic, short notes."""

    group = models.ForeignKey(
        WorkGroup, verbose_name=_("working group"), on_delete=models.CASCADE, related_name="agenda"
    )
    day = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=200)
    notes = models.TextField(_("short notes"), max_length=2000, blank=True, help_text=_NO_CASES)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    access_policy = _part_policy()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["day", "pk"]

    def __str__(self) -> str:
        return self.topic


class WorkGroupAction(models.Model):
    """An action of the group: what, who (one of the group), by when, and whether done."""

    group = models.ForeignKey(
        WorkGroup, verbose_name=_("working group"), on_delete=models.CASCADE, related_name="actions"
    )
    what = models.CharField(_("what"), max_length=200)
    owner = models.ForeignKey(
        WorkGroupMember,
        verbose_name=_("who"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    access_policy = _part_policy()

    class Meta:
        verbose_name = _("working group action")
        verbose_name_plural = _("working group actions")
        ordering = ["done_on", "due_on", "pk"]

    def __str__(self) -> str:
        return self.what

    @property
    def is_done(self) -> bool:
        return self.done_on is not None
