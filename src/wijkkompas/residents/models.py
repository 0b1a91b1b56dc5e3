"""Residents and households, their consents and risk signals: the most sensitive data.

A household is the case ("één gezin, één plan, één regisseur"): it belongs to one team of
one municipality. Team roles see a resident's data only under the resident's consent
(``accounts.access.ConsentRule``); the resident sees their own data in "Mijn plan".
"""

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkkompas.accounts.access import AccessPolicy, ConsentRule, ScopedQuerySet
from wijkkompas.accounts.constants import Action

from .constants import (
    CASE_CHANGE_ROLES,
    CASE_TEAM_ROLES,
    ConsentForm,
    ConsentPart,
    ConsentPurpose,
    ConsentStatus,
    MeldcodeStep,
    RiskKind,
    Urgency,
)
from .validators import validate_bsn

BOTH = frozenset({Action.VIEW, Action.CHANGE})


class Household(models.Model):
    """Huishouden: the case a team works on, with one plan and one coordinator."""

    municipality = models.ForeignKey(
        "areas.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    team = models.ForeignKey(
        "teams.Team", verbose_name=_("team"), on_delete=models.PROTECT, related_name="households"
    )
    label = models.CharField(
        _("name of the household"),
        max_length=150,
        help_text=_("How the team refers to the household, e.g. 'Familie De Vries'."),
    )
    neighbourhood = models.ForeignKey(
        "areas.Neighbourhood",
        verbose_name=_("neighbourhood"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    opened_on = models.DateField(_("case opened on"))
    closed_on = models.DateField(
        _("case closed on"),
        null=True,
        blank=True,
        help_text=_("Closed cases are purged after the retention period."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ScopedQuerySet.as_manager()
    access_policy = AccessPolicy(
        tenant="municipality_id",
        team="team_id",
        view_team=CASE_TEAM_ROLES,
        change_team=CASE_CHANGE_ROLES,
        consent=ConsentRule(subject="pk", level="household", part=ConsentPart.PERSONALIA),
        owner="residents__user_id",
        personal=True,
    )

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["label", "pk"]
        indexes = [
            models.Index(fields=["team", "closed_on"], name="household_team_closed"),
            models.Index(fields=["municipality", "closed_on"], name="household_tenant_closed"),
            # The open cases of a team, with the tenant, as every team-scoped query asks.
            models.Index(
                fields=["team", "municipality"],
                condition=models.Q(closed_on__isnull=True),
                name="household_team_open",
            ),
        ]

    def __str__(self) -> str:
        return self.label


class Resident(models.Model):
    """Inwoner: minimal data. The BSN is optional and never shown in lists, URLs or logs."""

    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.CASCADE, related_name="residents"
    )
    name = models.CharField(_("name"), max_length=150)
    birth_year = models.PositiveSmallIntegerField(
        _("year of birth"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    neighbourhood = models.ForeignKey(
        "areas.Neighbourhood",
        verbose_name=_("neighbourhood"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    bsn = models.CharField(
        _("BSN"),
        max_length=9,
        blank=True,
        validators=[validate_bsn],
        help_text=_("Optional. Only when needed for a Wmo application; checked with the 11-proef."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account for Mijn plan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resident",
    )
    external_id = models.CharField(
        _("id in the other system"),
        max_length=64,
        blank=True,
        db_index=True,
        help_text=_("The number of this row in the system it was imported from."),
    )
    source_system = models.CharField(
        _("imported from system"),
        max_length=40,
        blank=True,
        help_text=_("The name of the system it was imported from."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ScopedQuerySet.as_manager()
    access_policy = AccessPolicy(
        tenant="household__municipality_id",
        team="household__team_id",
        view_team=CASE_TEAM_ROLES,
        change_team=CASE_CHANGE_ROLES,
        consent=ConsentRule(subject="pk", level="resident", part=ConsentPart.PERSONALIA),
        owner="user_id",
        personal=True,
    )

    class Meta:
        verbose_name = _("resident")
        verbose_name_plural = _("residents")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["bsn"], condition=~models.Q(bsn=""), name="resident_unique_bsn"
            ),
            models.UniqueConstraint(
                fields=["household", "source_system", "external_id"],
                condition=~models.Q(external_id=""),
                name="resident_unique_external_id",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def bsn_masked(self) -> str:
        """The BSN with all but its last four digits hidden, for a detail page ("" if none)."""
        return f"*****{self.bsn[-4:]}" if self.bsn else ""


class Consent(models.Model):
    """Toestemming: who may see which parts of a resident's file, for what, until when.

    Given to a team or to an organisation. Withdrawing it ends access at once: the
    permission layer checks consents in every query.
    """

    resident = models.ForeignKey(
        Resident, verbose_name=_("resident"), on_delete=models.CASCADE, related_name="consents"
    )
    household = models.ForeignKey(
        Household,
        verbose_name=_("household"),
        on_delete=models.CASCADE,
        related_name="consents",
        help_text=_("The resident's household, kept by the services for fast access checks."),
    )
    team = models.ForeignKey(
        "teams.Team",
        verbose_name=_("team"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    covers_personalia = models.BooleanField(_("name and contact details"), default=True)
    covers_conversations = models.BooleanField(_("conversations"), default=False)
    covers_assessments = models.BooleanField(_("self-sufficiency scores"), default=False)
    covers_plan = models.BooleanField(_("plan and risk signals"), default=False)
    covers_case_discussion = models.BooleanField(_("case discussions"), default=False)
    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose.choices)
    form = models.CharField(_("how consent was given"), max_length=10, choices=ConsentForm.choices)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawn by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    access_policy = AccessPolicy(
        tenant="household__municipality_id",
        team="household__team_id",
        view_team=CASE_TEAM_ROLES,
        change_team=CASE_CHANGE_ROLES,
        consent=ConsentRule(subject="resident_id", level="resident", part=ConsentPart.PERSONALIA),
        owner="resident__user_id",
        owner_actions=BOTH,
        personal=True,
    )

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-valid_from", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(team__isnull=False) | models.Q(organisation__isnull=False),
                name="consent_names_team_or_organisation",
            ),
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="consent_ends_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["resident", "withdrawn_at"], name="consent_resident"),
            models.Index(fields=["household", "withdrawn_at"], name="consent_household"),
            # The consent rule of the permission layer (accounts.access._consent_sql) reads
            # the consents in force of a team and of an organisation from these alone.
            *(
                models.Index(
                    fields=[holder, "resident"],
                    include=[
                        "household",
                        "valid_from",
                        "valid_until",
                        *(f"covers_{part}" for part in ConsentPart.values),
                    ],
                    condition=models.Q(withdrawn_at__isnull=True),
                    name=f"consent_{holder}_in_force",
                )
                for holder in ("team", "organisation")
            ),
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"

    def status_on(self, day: dt.date) -> ConsentStatus:
        """Active, not yet in force, expired or withdrawn on ``day`` (the rule of
        ``accounts.access.active_consents``)."""
        if self.withdrawn_at is not None:
            return ConsentStatus.WITHDRAWN
        if self.valid_from > day:
            return ConsentStatus.PENDING
        if self.valid_until is not None and self.valid_until < day:
            return ConsentStatus.EXPIRED
        return ConsentStatus.ACTIVE

    @property
    def status(self) -> ConsentStatus:
        return self.status_on(timezone.localdate())

    @property
    def is_active(self) -> bool:
        return self.status == ConsentStatus.ACTIVE

    def covers(self, part: str) -> bool:
        return bool(getattr(self, f"covers_{part}"))

    @property
    def parts(self) -> list[str]:
        """The parts of the file this consent covers, in the order of ``ConsentPart``."""
        return [part.value for part in ConsentPart if self.covers(part.value)]

    @property
    def part_labels(self) -> list[str]:
        return [str(ConsentPart(part).label) for part in self.parts]


class RiskSignal(models.Model):
    """Risicosignaal on a case: safety, care avoidance, debts, domestic violence (Meldcode)."""

    household = models.ForeignKey(
        Household,
        verbose_name=_("household"),
        on_delete=models.CASCADE,
        related_name="risk_signals",
    )
    resident = models.ForeignKey(
        Resident,
        verbose_name=_("resident"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="risk_signals",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=RiskKind.choices)
    urgency = models.PositiveSmallIntegerField(
        _("urgency"), choices=Urgency.choices, default=Urgency.MEDIUM
    )
    description = models.TextField(_("what was observed"))
    meldcode_step = models.PositiveSmallIntegerField(
        _("Meldcode step reached"), choices=MeldcodeStep.choices, null=True, blank=True
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("raised by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    raised_on = models.DateField(_("raised on"))
    review_on = models.DateField(_("review on"), null=True, blank=True)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    #: Set by ``residents.selectors`` on the signals they return (not stored): the name of
    #: the resident the signal is about if the reader may see that resident, else "";
    #: ``about_other_member``: about a member the reader may not see.
    about_name: str = ""
    about_other_member: bool = False

    objects = ScopedQuerySet.as_manager()
    access_policy = AccessPolicy(
        tenant="household__municipality_id",
        team="household__team_id",
        view_team=CASE_TEAM_ROLES,
        change_team=CASE_CHANGE_ROLES,
        consent=ConsentRule(subject="household_id", level="household", part=ConsentPart.PLAN),
        personal=True,
    )

    class Meta:
        verbose_name = _("risk signal")
        verbose_name_plural = _("risk signals")
        ordering = ["-urgency", "raised_on", "pk"]
        indexes = [
            models.Index(fields=["household", "resolved_on"], name="risk_household_open"),
            models.Index(fields=["raised_by", "resolved_on"], name="risk_raised_by_open"),
            # Only the open signals (the worklist): a small index, whatever the history.
            models.Index(
                fields=["household"], condition=models.Q(resolved_on__isnull=True), name="risk_open"
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()
