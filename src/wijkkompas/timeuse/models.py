"""Time for the collective: a member's rough split of a week, and the team's ambition."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _

from wijkkompas.accounts.access import AccessPolicy, ScopedQuerySet
from wijkkompas.accounts.constants import Action

from .constants import (
    AMBITION_CHANGE_ROLES,
    AMBITION_VIEW_ROLES,
    NOTE_MAX,
    RECORD_ROLES,
    TEAM_ENTRY_ROLES,
)
from .weeks import week_label

_SHARE = [MinValueValidator(0), MaxValueValidator(100)]


class TimeSplit(models.Model):
    """How one team member's time split in one ISO week, roughly, in whole percentages.

    Not a timesheet: four shares that add up to 100 — individual casework, collective work
    with residents, network work and overhead — and an optional one-line note. One row per
    member, team and week (``week`` is the Monday of the ISO week); recording the same week
    again replaces it.

    Personal data of the employee (not case data): the member sees their own rows, the team
    lead sees the rows of the teams they lead; everyone else only aggregates
    (``timeuse.selectors``). Reads of rows are logged with a purpose.
    """

    team = models.ForeignKey(
        "teams.Team", verbose_name=_("team"), on_delete=models.CASCADE, related_name="time_splits"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("team member"),
        on_delete=models.CASCADE,
        related_name="time_splits",
    )
    week = models.DateField(_("week"), help_text=_("The Monday of the ISO week."))
    casework = models.PositiveSmallIntegerField(
        _("individual casework (%)"), validators=_SHARE, default=0
    )
    collective = models.PositiveSmallIntegerField(
        _("collective work with residents (%)"), validators=_SHARE, default=0
    )
    network = models.PositiveSmallIntegerField(_("network work (%)"), validators=_SHARE, default=0)
    overhead = models.PositiveSmallIntegerField(_("overhead (%)"), validators=_SHARE, default=0)
    note = models.CharField(_("note"), max_length=NOTE_MAX, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ScopedQuerySet.as_manager()
    access_policy = AccessPolicy(
        tenant="team__municipality_id",
        team="team_id",
        view_team=TEAM_ENTRY_ROLES,
        in_charge="user_id",
        in_charge_roles=RECORD_ROLES,
        in_charge_actions=frozenset({Action.VIEW, Action.CHANGE}),
        personal=True,
    )

    class Meta:
        verbose_name = _("time split")
        verbose_name_plural = _("time splits")
        ordering = ["-week", "team", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "user", "week"], name="timesplit_unique_member_team_week"
            ),
            models.CheckConstraint(
                condition=Exact(
                    F("casework") + F("collective") + F("network") + F("overhead"), 100
                ),
                name="timesplit_shares_add_up_to_100",
            ),
        ]
        indexes = [models.Index(fields=["team", "week"], name="timesplit_team_week")]

    def __str__(self) -> str:
        return f"{self.team} {self.week:%G-W%V}"

    @property
    def week_key(self) -> str:
        """ "2026-W48"."""
        return f"{self.week:%G-W%V}"

    @property
    def week_label(self) -> str:
        return week_label(self.week)

    @property
    def total(self) -> int:
        return int(self.casework) + int(self.collective) + int(self.network) + int(self.overhead)

    @property
    def collective_share(self) -> int:
        """Collective plus network work: "time for the collective"."""
        return int(self.collective) + int(self.network)

    def clean(self) -> None:
        super().clean()
        if self.week is not None and self.week.isoweekday() != 1:
            raise ValidationError({"week": _("A week is named by its Monday.")})
        if self.total != 100:
            raise ValidationError(
                _("The four shares must add up to 100%% (now %(total)s%%).") % {"total": self.total}
            )


class TeamTimeAmbition(models.Model):
    """The share of time for the collective (collective plus network work) a team aims
    for, set by the team lead with the team's shared perspective (stip aan de horizon).

    The team's aim, not personal data: the team and the municipality's policy officer see
    it next to the recorded split. Changing it keeps the date it was set, so the dashboard
    can show the split before and after.
    """

    team = models.OneToOneField(
        "teams.Team",
        verbose_name=_("team"),
        on_delete=models.CASCADE,
        related_name="time_ambition",
    )
    collective_target = models.PositiveSmallIntegerField(
        _("target share of time for the collective (%)"),
        validators=_SHARE,
        help_text=_("Collective work with residents plus network work, as a share of all time."),
    )
    note = models.CharField(
        _("what we stop to make time"),
        max_length=300,
        blank=True,
        help_text=_("What the team stops or does differently, so that there is time."),
    )
    set_on = models.DateField(_("set on"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("set by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ScopedQuerySet.as_manager()
    access_policy = AccessPolicy(
        tenant="team__municipality_id",
        team="team_id",
        view=AMBITION_VIEW_ROLES,
        view_team=RECORD_ROLES,
        change_team=AMBITION_CHANGE_ROLES,
    )

    class Meta:
        verbose_name = _("time ambition of a team")
        verbose_name_plural = _("time ambitions of teams")

    def __str__(self) -> str:
        return f"{self.team}: {self.collective_target}%"
