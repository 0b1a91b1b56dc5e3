"""Factsheets: generated from live data, so the only thing stored is a PDF run.

A factsheet (per municipality, per team) is computed on every request from the teams,
areas, memberships (in figures), the latest submitted self-assessment and the key
indicators; nothing of it is kept. The PDF is made in the background
(:class:`FactsheetRun`), for the user who asked, with what that user may see (exact or
suppressed counts): it is therefore only ever served to that user.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkkompas.accounts.access import AccessPolicy, ScopedQuerySet

from .constants import FACTSHEET_ROLES, FACTSHEET_TEAM_ROLES, RunStatus, Step


class FactsheetRun(models.Model):
    """The making of one factsheet PDF (a municipality's, or a team's when ``team`` is set)
    for the user who asked, with its progress and the file.

    The file lies under ``WIJKKOMPAS_FACTSHEET_DIR`` (outside the web root, default
    ``var/factsheets``) with a random name and is served only by a view that checks the
    user's access to the factsheet again and that the run is theirs.
    """

    municipality = models.ForeignKey(
        "areas.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    team = models.ForeignKey(
        "teams.Team",
        verbose_name=_("team"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: the factsheet of the municipality."),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    step = models.CharField(_("step"), max_length=12, choices=Step.choices, default=Step.QUEUED)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    file_name = models.CharField(_("file"), max_length=64, blank=True, editable=False)
    size = models.PositiveIntegerField(_("size in bytes"), null=True, blank=True)
    pages = models.PositiveSmallIntegerField(_("pages"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    access_policy = AccessPolicy(
        tenant="municipality_id",
        team="team_id",
        view=FACTSHEET_ROLES,
        view_team=FACTSHEET_TEAM_ROLES,
        change=FACTSHEET_ROLES,
        change_team=FACTSHEET_TEAM_ROLES,
        shared="municipality__shares_aggregates",
    )

    class Meta:
        verbose_name = _("factsheet PDF")
        verbose_name_plural = _("factsheet PDFs")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["requested_by", "municipality", "team", "-created_at"],
                name="factsheetrun_latest",
            )
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in (RunStatus.QUEUED, RunStatus.RUNNING)

    @property
    def is_done(self) -> bool:
        return self.status == RunStatus.DONE and bool(self.file_name)


class MunicipalityFactsheet(FactsheetRun):
    """The same runs, seen from the factsheet of a whole municipality: only the roles that
    see every team of the municipality (policy officer, administrator) and researchers of
    the knowledge circle use it; team roles see the factsheets of their own teams only."""

    access_policy = AccessPolicy(
        tenant="municipality_id",
        view=FACTSHEET_ROLES,
        change=FACTSHEET_ROLES,
        shared="municipality__shares_aggregates",
    )

    class Meta:
        proxy = True
        verbose_name = _("municipality factsheet PDF")
        verbose_name_plural = _("municipality factsheet PDFs")
