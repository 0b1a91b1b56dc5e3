"""Assessment instruments as versioned reference data, and the scores given with them.

The Zelfredzaamheid-Matrix (ZRM 2017) and the participatieladder ship as data (domain and
level names only: the ZRM criteria texts are copyright of GGD Amsterdam). A municipality
with a licence loads the criteria texts, or another instrument such as "Wat telt", from a
file (``instruments.services.instrument_import``), without a code change.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkkompas.accounts.access import AccessPolicy, ConsentRule, ScopedQuerySet
from wijkkompas.accounts.constants import Role
from wijkkompas.residents.constants import CASE_CHANGE_ROLES, CASE_TEAM_ROLES, ConsentPart

from .constants import InstrumentKind

#: Everyone signed in may read the shipped instruments; administrators manage their own.
REFERENCE_VIEW_ROLES = frozenset(Role)
REFERENCE_CHANGE_ROLES = frozenset({Role.ADMIN})


class Instrument(models.Model):
    """Meetinstrument: ZRM, participatieladder, Wat telt … (``municipality`` empty: shipped)."""

    municipality = models.ForeignKey(
        "areas.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty for the instruments shipped with Wijkkompas."),
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=10, choices=InstrumentKind.choices)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(
        _("source and licence"),
        max_length=300,
        blank=True,
        help_text=_("Who publishes the instrument and under which licence."),
    )

    objects = ScopedQuerySet.as_manager()
    access_policy = AccessPolicy(
        tenant="municipality_id",
        view=REFERENCE_VIEW_ROLES,
        change=REFERENCE_CHANGE_ROLES,
        global_rows=True,
    )

    class Meta:
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=models.Q(municipality__isnull=True),
                name="instrument_unique_shipped_code",
            ),
            models.UniqueConstraint(
                fields=["municipality", "code"], name="instrument_unique_code_per_municipality"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class InstrumentVersion(models.Model):
    """One version of an instrument (e.g. ZRM 2017 with 13 domains, the older 11 domains)."""

    instrument = models.ForeignKey(
        Instrument, verbose_name=_("instrument"), on_delete=models.CASCADE, related_name="versions"
    )
    label = models.CharField(_("version"), max_length=40)
    is_active = models.BooleanField(
        _("in use"), default=True, help_text=_("Only versions in use are offered for scoring.")
    )
    scoring_note = models.TextField(
        _("how to score"),
        blank=True,
        help_text=_("E.g. 'over the last 30 days, scoring from 5 downwards'."),
    )
    imported_from = models.CharField(_("imported from file"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    access_policy = AccessPolicy(
        tenant="instrument__municipality_id",
        view=REFERENCE_VIEW_ROLES,
        change=REFERENCE_CHANGE_ROLES,
        global_rows=True,
    )

    class Meta:
        verbose_name = _("instrument version")
        verbose_name_plural = _("instrument versions")
        ordering = ["instrument", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "label"], name="instrument_version_unique_label"
            )
        ]

    def __str__(self) -> str:
        return f"{self.instrument} {self.label}"


class InstrumentDomain(models.Model):
    """A domain of a version (ZRM: Financiën …); a ladder has one domain."""

    version = models.ForeignKey(
        InstrumentVersion,
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="domains",
    )
    position = models.PositiveSmallIntegerField(_("position"))
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("domain")
        verbose_name_plural = _("domains")
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="domain_unique_code"),
            models.UniqueConstraint(fields=["version", "position"], name="domain_unique_position"),
        ]

    def __str__(self) -> str:
        return self.name


class InstrumentLevel(models.Model):
    """A level (ZRM: 1 acute problematiek … 5 volledig zelfredzaam) or a rung of a ladder."""

    version = models.ForeignKey(
        InstrumentVersion,
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="levels",
    )
    value = models.PositiveSmallIntegerField(_("value"))
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("level")
        verbose_name_plural = _("levels")
        ordering = ["version", "value"]
        constraints = [
            models.UniqueConstraint(fields=["version", "value"], name="level_unique_value")
        ]

    def __str__(self) -> str:
        return f"{self.value} {self.name}"


class CriterionText(models.Model):
    """The criterion of one domain at one level, loaded by a municipality that holds a licence."""

    municipality = models.ForeignKey(
        "areas.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    domain = models.ForeignKey(
        InstrumentDomain,
        verbose_name=_("domain"),
        on_delete=models.CASCADE,
        related_name="criteria",
    )
    level = models.ForeignKey(
        InstrumentLevel, verbose_name=_("level"), on_delete=models.CASCADE, related_name="+"
    )
    text = models.TextField(_("criterion"))
    imported_from = models.CharField(
        _("imported from file"),
        max_length=200,
        blank=True,
        help_text=_("The file, who imported it and when."),
    )

    objects = ScopedQuerySet.as_manager()
    access_policy = AccessPolicy(
        tenant="municipality_id",
        view=REFERENCE_VIEW_ROLES,
        change=REFERENCE_CHANGE_ROLES,
    )

    class Meta:
        verbose_name = _("criterion text")
        verbose_name_plural = _("criterion texts")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "domain", "level"], name="criterion_unique_cell"
            )
        ]

    def __str__(self) -> str:
        return f"{self.domain} {self.level.value}"


class Assessment(models.Model):
    """The scores of one resident on one instrument version, at a conversation or a review."""

    resident = models.ForeignKey(
        "residents.Resident",
        verbose_name=_("resident"),
        on_delete=models.CASCADE,
        related_name="assessments",
    )
    version = models.ForeignKey(
        InstrumentVersion,
        verbose_name=_("instrument"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    conversation = models.ForeignKey(
        "conversations.Conversation",
        verbose_name=_("conversation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="assessments",
    )
    review = models.ForeignKey(
        "plans.Review",
        verbose_name=_("review"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="assessments",
    )
    assessed_on = models.DateField(_("assessed on"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessed by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
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

    objects = ScopedQuerySet.as_manager()
    access_policy = AccessPolicy(
        tenant="resident__household__municipality_id",
        team="resident__household__team_id",
        view_team=CASE_TEAM_ROLES,
        change_team=CASE_CHANGE_ROLES,
        consent=ConsentRule(subject="resident_id", level="resident", part=ConsentPart.ASSESSMENTS),
        owner="resident__user_id",
        personal=True,
    )

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["resident", "assessed_on", "pk"]
        indexes = [
            models.Index(fields=["resident", "assessed_on"], name="assessment_resident_date"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["resident", "source_system", "external_id"],
                condition=~models.Q(external_id=""),
                name="assessment_unique_external_id",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version} {self.assessed_on}"


class AssessmentScore(models.Model):
    """The level given on one domain."""

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="scores"
    )
    domain = models.ForeignKey(
        InstrumentDomain, verbose_name=_("domain"), on_delete=models.PROTECT, related_name="+"
    )
    value = models.PositiveSmallIntegerField(_("score"))

    objects = ScopedQuerySet.as_manager()
    access_policy = AccessPolicy(
        tenant="assessment__resident__household__municipality_id",
        team="assessment__resident__household__team_id",
        view_team=CASE_TEAM_ROLES,
        change_team=CASE_CHANGE_ROLES,
        consent=ConsentRule(
            subject="assessment__resident_id", level="resident", part=ConsentPart.ASSESSMENTS
        ),
        owner="assessment__resident__user_id",
        personal=True,
    )

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["assessment", "domain__position"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "domain"], name="score_unique_domain")
        ]

    def __str__(self) -> str:
        return f"{self.domain}: {self.value}"
