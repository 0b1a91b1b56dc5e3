"""Neighbourhood signals: what the conversations of an area say, counted per period.

* :class:`ConversationDigest`: one row per conversation with what the signals need and
  nothing more: the area, the date, the codes, and the free text *after* de-identification
  (plus its Dutch stems). It is written by a task when a conversation is saved, so a
  recomputation never de-identifies again and never reads the conversation itself.
* :class:`AreaSignal`: one number per area × period × measure, recomputed from the digests
  (nothing refers to a signal row; others keep a signal key as plain fields).
* :class:`Theme`: the recurring terms of an area and period, with an example sentence.
* :class:`SignalRun`: a recomputation of one municipality and year, with its progress.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkkompas.accounts.access import AccessPolicy, ScopedQuerySet

from .constants import RECOMPUTE_ROLES, TENANT_VIEW_ROLES, AreaKind, PeriodKind, RunStatus


class ConversationDigest(models.Model):
    """The de-identified, countable summary of one conversation (never shown as such)."""

    conversation = models.OneToOneField(
        "conversations.Conversation",
        verbose_name=_("conversation"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    municipality = models.ForeignKey(
        "areas.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    team = models.ForeignKey(
        "teams.Team",
        verbose_name=_("team"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    district = models.ForeignKey(
        "areas.District",
        verbose_name=_("district"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    neighbourhood = models.ForeignKey(
        "areas.Neighbourhood",
        verbose_name=_("neighbourhood"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    held_on = models.DateField(_("date"))
    month = models.DateField(_("month"), help_text=_("First day of the month of the date."))
    life_domains = models.CharField(
        _("life domains"),
        max_length=400,
        blank=True,
        help_text=_("Codes between bars, e.g. '|finances|housing|', so SQL can count them."),
    )
    outcome = models.CharField(_("outcome"), max_length=20)
    zrm_low = models.CharField(
        _("ZRM domains at levels 1–2"),
        max_length=600,
        blank=True,
        help_text=_("Domain codes between bars; empty without a ZRM assessment."),
    )
    zrm_assessed = models.BooleanField(_("ZRM assessed"), default=False)
    ladder_rung = models.PositiveSmallIntegerField(_("participation ladder rung"), null=True)
    has_opportunity = models.BooleanField(_("opportunity for the collective filled"))
    has_idea = models.BooleanField(_("resident's idea filled"))
    text = models.TextField(
        _("de-identified text"),
        blank=True,
        help_text=_("Question, question behind, opportunity and idea after de-identification."),
    )
    terms = models.TextField(_("stems"), blank=True, help_text=_("Dutch stems, space-separated."))
    words = models.TextField(
        _("words"), blank=True, help_text=_("The surface word of each stem, space-separated.")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ScopedQuerySet.as_manager()
    # Read only by the recomputation (a task); no page lists digests.
    access_policy = AccessPolicy(tenant="municipality_id")

    class Meta:
        verbose_name = _("conversation digest")
        verbose_name_plural = _("conversation digests")
        indexes = [
            models.Index(fields=["municipality", "month"], name="digest_tenant_month"),
            models.Index(fields=["team", "month"], name="digest_team_month"),
            models.Index(fields=["neighbourhood", "month"], name="digest_nbh_month"),
            models.Index(fields=["district", "month"], name="digest_district_month"),
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.conversation_id}"


class AreaSignal(models.Model):
    """One count of an area in a period: ``value`` out of ``base`` (and the previous period)."""

    municipality = models.ForeignKey(
        "areas.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    area_kind = models.CharField(_("kind of area"), max_length=20, choices=AreaKind.choices)
    area_id = models.PositiveIntegerField(_("area"))
    period = models.CharField(_("period"), max_length=10, choices=PeriodKind.choices)
    period_start = models.DateField(_("start of the period"))
    measure = models.CharField(_("measure"), max_length=120)
    value = models.PositiveIntegerField(_("count"))
    base = models.PositiveIntegerField(_("out of"))
    previous = models.PositiveIntegerField(_("count in the previous period"), null=True)
    previous_base = models.PositiveIntegerField(_("out of, previous period"), null=True)

    objects = ScopedQuerySet.as_manager()
    access_policy = AccessPolicy(
        tenant="municipality_id", view=TENANT_VIEW_ROLES, shared="municipality__shares_aggregates"
    )

    class Meta:
        verbose_name = _("area signal")
        verbose_name_plural = _("area signals")
        ordering = ["area_kind", "area_id", "period", "period_start", "measure"]
        constraints = [
            models.UniqueConstraint(
                fields=["area_kind", "area_id", "period", "period_start", "measure"],
                name="area_signal_unique_key",
            )
        ]
        indexes = [
            models.Index(fields=["municipality", "period_start"], name="signal_tenant_start"),
        ]

    def __str__(self) -> str:
        return f"{self.area_kind}:{self.area_id} {self.period} {self.period_start} {self.measure}"


class Theme(models.Model):
    """A recurring term in the conversations of an area and period."""

    municipality = models.ForeignKey(
        "areas.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    area_kind = models.CharField(_("kind of area"), max_length=20, choices=AreaKind.choices)
    area_id = models.PositiveIntegerField(_("area"))
    period = models.CharField(_("period"), max_length=10, choices=PeriodKind.choices)
    period_start = models.DateField(_("start of the period"))
    rank = models.PositiveSmallIntegerField(_("rank"))
    stem = models.CharField(_("stem"), max_length=60)
    label = models.CharField(_("label"), max_length=80)
    count = models.PositiveIntegerField(_("conversations"))
    example = models.TextField(
        _("example sentence"),
        blank=True,
        help_text=_("A de-identified sentence; shown to team roles only."),
    )

    objects = ScopedQuerySet.as_manager()
    access_policy = AccessPolicy(
        tenant="municipality_id", view=TENANT_VIEW_ROLES, shared="municipality__shares_aggregates"
    )

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["area_kind", "area_id", "period", "period_start", "rank"]
        indexes = [
            models.Index(
                fields=["area_kind", "area_id", "period", "period_start"], name="theme_area"
            ),
            models.Index(fields=["municipality", "period_start"], name="theme_tenant_start"),
        ]

    def __str__(self) -> str:
        return self.label


class SignalRun(models.Model):
    """A recomputation of the signals of one municipality and year, with its progress."""

    municipality = models.ForeignKey(
        "areas.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    done = models.PositiveIntegerField(_("steps done"), default=0)
    total = models.PositiveIntegerField(_("steps"), default=0)
    error = models.TextField(_("error"), blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    access_policy = AccessPolicy(
        tenant="municipality_id", view=TENANT_VIEW_ROLES | RECOMPUTE_ROLES, change=RECOMPUTE_ROLES
    )

    class Meta:
        verbose_name = _("signal recomputation")
        verbose_name_plural = _("signal recomputations")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.year} {self.status}"

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def is_active(self) -> bool:
        return self.status in (RunStatus.QUEUED, RunStatus.RUNNING)
