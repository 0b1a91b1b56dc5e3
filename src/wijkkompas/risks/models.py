"""The team risk register: the risks around a team's work, and the history of each risk."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from wijkkompas.accounts.access import AccessPolicy, ScopedQuerySet

from .constants import (
    IMPACT_LABELS,
    LIKELIHOOD_LABELS,
    RISK_CHANGE_TEAM_ROLES,
    RISK_VIEW_TEAM_ROLES,
    SCALE_MAX,
    SCALE_MIN,
    ChangeKind,
    RiskCategory,
    RiskStatus,
    level_of,
)

LIKELIHOOD_CHOICES = [
    (n, format_lazy("{} – {}", n, label)) for n, label in LIKELIHOOD_LABELS.items()
]
IMPACT_CHOICES = [(n, format_lazy("{} – {}", n, label)) for n, label in IMPACT_LABELS.items()]
_SCALE_VALIDATORS = [MinValueValidator(SCALE_MIN), MaxValueValidator(SCALE_MAX)]


class TeamRisk(models.Model):
    """Teamrisico: a risk around the work of a team (a waiting list, a weak link between
    front and back office, staff turnover, a tender), estimated by likelihood and impact
    (1–5 each; the score is their product), with an owner, measures and the date of the
    next review.

    No data of residents belongs here: the register is about the team's situation. It is
    still the team's own: only its members see it, the team lead and coordinator keep it.
    Every change is written to :class:`TeamRiskChange` by the services.
    """

    team = models.ForeignKey(
        "teams.Team", verbose_name=_("team"), on_delete=models.CASCADE, related_name="risks"
    )
    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("What could go wrong, why, and what it would mean for residents."),
    )
    category = models.CharField(
        _("category"), max_length=20, choices=RiskCategory.choices, default=RiskCategory.OTHER
    )
    likelihood = models.PositiveSmallIntegerField(
        _("likelihood"),
        choices=LIKELIHOOD_CHOICES,
        validators=_SCALE_VALIDATORS,
        help_text=_("How likely it is to happen, from 1 (very unlikely) to 5 (almost certain)."),
    )
    impact = models.PositiveSmallIntegerField(
        _("impact"),
        choices=IMPACT_CHOICES,
        validators=_SCALE_VALIDATORS,
        help_text=_("How serious it would be, from 1 (very small) to 5 (very serious)."),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_team_risks",
        help_text=_("The team member who keeps an eye on this risk and its measures."),
    )
    measures = models.TextField(
        _("measures"),
        blank=True,
        help_text=_("What the team does to prevent the risk or to limit its consequences."),
    )
    review_date = models.DateField(
        _("next review"), help_text=_("When the team looks at this risk again.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RiskStatus.choices, default=RiskStatus.OPEN
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ScopedQuerySet.as_manager()
    access_policy = AccessPolicy(
        tenant="team__municipality_id",
        team="team_id",
        view_team=RISK_VIEW_TEAM_ROLES,
        change_team=RISK_CHANGE_TEAM_ROLES,
    )

    class Meta:
        verbose_name = _("team risk")
        verbose_name_plural = _("team risks")
        ordering = ["team", "title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(likelihood__gte=SCALE_MIN, likelihood__lte=SCALE_MAX),
                name="teamrisk_likelihood_1_5",
            ),
            models.CheckConstraint(
                condition=models.Q(impact__gte=SCALE_MIN, impact__lte=SCALE_MAX),
                name="teamrisk_impact_1_5",
            ),
        ]
        indexes = [models.Index(fields=["team", "status"], name="teamrisk_team_status")]

    def __str__(self) -> str:
        return self.title

    @property
    def score(self) -> int:
        """Likelihood × impact (1–25)."""
        return int(self.likelihood) * int(self.impact)

    @property
    def level(self) -> str:
        """Low, medium or high (``RiskLevel``), from the score."""
        return level_of(self.score)

    @property
    def is_closed(self) -> bool:
        return self.status == RiskStatus.CLOSED


class TeamRiskChange(models.Model):
    """One line of a risk's history: who changed what and when, with old and new values
    of likelihood, impact, status and owner, and a note. Written only by the services, in
    the same transaction as the change; never edited."""

    risk = models.ForeignKey(
        TeamRisk, verbose_name=_("risk"), on_delete=models.CASCADE, related_name="changes"
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
    old_likelihood = models.PositiveSmallIntegerField(_("old likelihood"), null=True, blank=True)
    new_likelihood = models.PositiveSmallIntegerField(_("new likelihood"), null=True, blank=True)
    old_impact = models.PositiveSmallIntegerField(_("old impact"), null=True, blank=True)
    new_impact = models.PositiveSmallIntegerField(_("new impact"), null=True, blank=True)
    old_status = models.CharField(
        _("old status"), max_length=10, choices=RiskStatus.choices, blank=True
    )
    new_status = models.CharField(
        _("new status"), max_length=10, choices=RiskStatus.choices, blank=True
    )
    old_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("old owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    new_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("new owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    owner_changed = models.BooleanField(_("owner changed"), default=False)
    old_review_date = models.DateField(_("old review date"), null=True, blank=True)
    new_review_date = models.DateField(_("new review date"), null=True, blank=True)
    changed_fields = models.JSONField(
        _("other fields changed"),
        default=list,
        blank=True,
        help_text=_("Names of the other fields that changed (title, description, measures …)."),
    )
    note = models.TextField(_("note"), blank=True)

    objects = ScopedQuerySet.as_manager()
    access_policy = AccessPolicy(
        tenant="risk__team__municipality_id",
        team="risk__team_id",
        view_team=RISK_VIEW_TEAM_ROLES,
    )

    class Meta:
        verbose_name = _("change of a team risk")
        verbose_name_plural = _("changes of team risks")
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.risk_id} {self.kind} {self.changed_at:%Y-%m-%d}"

    @property
    def likelihood_changed(self) -> bool:
        return self.old_likelihood is not None and self.old_likelihood != self.new_likelihood

    @property
    def impact_changed(self) -> bool:
        return self.old_impact is not None and self.old_impact != self.new_impact

    @property
    def status_changed(self) -> bool:
        return bool(self.old_status) and self.old_status != self.new_status

    @property
    def changed_labels(self) -> list[str]:
        """The names (verbose names) of the other fields that changed."""
        labels = []
        for name in self.changed_fields or []:
            try:
                labels.append(str(getattr(TeamRisk._meta.get_field(name), "verbose_name", name)))
            except FieldDoesNotExist:  # a field removed since: show its code name
                labels.append(str(name))
        return labels

    @property
    def review_date_changed(self) -> bool:
        return self.old_review_date is not None and self.old_review_date != self.new_review_date
