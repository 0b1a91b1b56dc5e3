"""Teams, their shared perspective, memberships and the network of partners."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkkompas.accounts.access import AccessPolicy, ScopedQuerySet

from .constants import (
    MEMBER_VIEW_ROLES,
    TEAM_CHANGE_ROLES,
    TEAM_CHANGE_TEAM_ROLES,
    TEAM_VIEW_ROLES,
    TEAM_VIEW_TEAM_ROLES,
    PartnerKind,
    Positioning,
    Ring,
    TargetGroup,
    TeamType,
)


class Team(models.Model):
    """Sociaal (wijk)team: a fixed team, a flexible network or case direction."""

    municipality = models.ForeignKey(
        "areas.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="teams",
    )
    name = models.CharField(_("name"), max_length=150)
    team_type = models.CharField(_("type"), max_length=20, choices=TeamType.choices)
    districts = models.ManyToManyField(
        "areas.District", verbose_name=_("districts served"), blank=True, related_name="teams"
    )
    neighbourhoods = models.ManyToManyField(
        "areas.Neighbourhood",
        verbose_name=_("neighbourhoods served"),
        blank=True,
        related_name="teams",
    )
    target_group = models.CharField(
        _("target group"),
        max_length=10,
        choices=TargetGroup.choices,
        default=TargetGroup.ALL_RESIDENTS,
    )
    target_group_description = models.CharField(
        _("description of the target group"), max_length=200, blank=True
    )
    positioning = models.CharField(
        _("positioning"),
        max_length=4,
        choices=Positioning.choices,
        default=Positioning.ZEROTH_FIRST,
    )
    description = models.TextField(_("description"), blank=True)
    perspective = models.TextField(
        _("shared perspective (stip aan de horizon)"),
        blank=True,
        help_text=_("Where the team wants to be, written together with residents."),
    )
    started_on = models.DateField(_("started on"), null=True, blank=True)
    caseload_visible_without_consent = models.BooleanField(
        _("show the whole caseload to the team"),
        default=False,
        help_text=_(
            "When on, members see that a resident is in the team's caseload even without the "
            "resident's consent to them (name only, never the content). The team lead decides."
        ),
    )
    summary = models.JSONField(
        _("summary"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_(
            "Derived figures for the overview: areas served and members per ring, craft and "
            "discipline. Kept up to date by the services; never edited by hand."
        ),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ScopedQuerySet.as_manager()
    access_policy = AccessPolicy(
        tenant="municipality_id",
        team="pk",
        view=TEAM_VIEW_ROLES,
        view_team=TEAM_VIEW_TEAM_ROLES,
        change=TEAM_CHANGE_ROLES,
        change_team=TEAM_CHANGE_TEAM_ROLES,
        shared="municipality__shares_aggregates",
    )

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="team_unique_name_per_municipality"
            )
        ]

    def __str__(self) -> str:
        return self.name


class PerspectiveVersion(models.Model):
    """One version of a team's shared perspective: the history of "stip aan de horizon"."""

    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="perspective_versions"
    )
    text = models.TextField(_("shared perspective"))
    written_with_residents = models.BooleanField(
        _("written together with residents"), default=False
    )
    note = models.CharField(_("what changed and why"), max_length=300, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    access_policy = AccessPolicy(
        tenant="team__municipality_id",
        team="team_id",
        view=TEAM_VIEW_ROLES,
        view_team=TEAM_VIEW_TEAM_ROLES,
        change=TEAM_CHANGE_ROLES,
        change_team=TEAM_CHANGE_TEAM_ROLES,
    )

    class Meta:
        verbose_name = _("perspective version")
        verbose_name_plural = _("perspective versions")
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.team} ({self.changed_at:%Y-%m-%d})"


class Membership(models.Model):
    """Teamlid: a person in a team, from an employer organisation, in one ring."""

    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="memberships"
    )
    person_name = models.CharField(_("name"), max_length=150)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("employer organisation"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    job_title = models.CharField(_("job title"), max_length=100, blank=True)
    ring = models.CharField(_("ring"), max_length=12, choices=Ring.choices, default=Ring.CORE)
    hours_per_week = models.DecimalField(
        _("hours per week in the team"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(40)],
        default=0,
    )
    personal_drive = models.TextField(
        _("personal drive"),
        blank=True,
        help_text=_("Why are you in this team? In the member's own words."),
    )
    started_on = models.DateField(_("member since"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    access_policy = AccessPolicy(
        tenant="team__municipality_id",
        team="team_id",
        view=MEMBER_VIEW_ROLES,
        view_team=TEAM_VIEW_TEAM_ROLES,
        change=TEAM_CHANGE_ROLES,
        change_team=TEAM_CHANGE_TEAM_ROLES,
        personal=True,
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["team", "ring", "person_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "person_name", "organisation"],
                name="membership_unique_person_per_team",
            ),
            models.UniqueConstraint(
                fields=["team", "user"],
                condition=models.Q(user__isnull=False),
                name="membership_unique_account_per_team",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_name} ({self.team})"


class Partner(models.Model):
    """Netwerkpartner / programma: a programme or network around a team."""

    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="partners"
    )
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=24, choices=PartnerKind.choices)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="partnerships",
    )
    ring = models.CharField(_("ring"), max_length=12, choices=Ring.choices, default=Ring.OUTER)
    description = models.TextField(_("what we do together"), blank=True)

    objects = ScopedQuerySet.as_manager()
    access_policy = AccessPolicy(
        tenant="team__municipality_id",
        team="team_id",
        view=TEAM_VIEW_ROLES,
        view_team=TEAM_VIEW_TEAM_ROLES,
        change=TEAM_CHANGE_ROLES,
        change_team=TEAM_CHANGE_TEAM_ROLES,
        shared="team__municipality__shares_aggregates",
    )

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["ring", "name"]
        constraints = [
            models.UniqueConstraint(fields=["team", "name"], name="partner_unique_name_per_team")
        ]

    def __str__(self) -> str:
        return self.name
