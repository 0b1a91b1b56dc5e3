"""Imports of files exported by other registration systems.

An :class:`ImportJob` is one file of one kind for one team, from upload through column
mapping and dry run to the import itself (a background task). The file lies under
``WIJKKOMPAS_IMPORT_DIR`` (outside the web root, default ``var/imports``) with a random name
and is deleted after the import or after the retention period. The job keeps no personal
data: counts, progress, the column mapping (header names) and errors by row and column.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkkompas.accounts.access import AccessPolicy, ScopedQuerySet

from .constants import IMPORT_ROLES, ImportKind, JobStatus


class ImportJob(models.Model):
    """One import of one file for one team, by the user who uploaded it (only they see it)."""

    municipality = models.ForeignKey(
        "areas.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    team = models.ForeignKey(
        "teams.Team", verbose_name=_("team"), on_delete=models.CASCADE, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(_("kind of data"), max_length=20, choices=ImportKind.choices)
    source_system = models.CharField(_("from system"), max_length=40)
    file_format = models.CharField(_("file format"), max_length=4)
    file_name = models.CharField(_("stored file"), max_length=64, blank=True, editable=False)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    headers = models.JSONField(_("columns in the file"), default=list, blank=True)
    mapping = models.JSONField(
        _("column mapping"), default=dict, blank=True, help_text=_("Field -> column number.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.UPLOADED
    )
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows processed"), default=0)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    new_count = models.PositiveIntegerField(_("new"), default=0)
    changed_count = models.PositiveIntegerField(_("changed"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    errors = models.JSONField(
        _("errors"),
        default=list,
        blank=True,
        help_text=_("[row, column, message]: never a value from the file."),
    )
    preview = models.JSONField(
        _("dry run"), default=list, blank=True, help_text=_("[row, status] of the first rows.")
    )
    message = models.CharField(_("message"), max_length=300, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    seconds = models.FloatField(_("duration (s)"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    access_policy = AccessPolicy(
        tenant="municipality_id",
        team="team_id",
        # Only the user who uploaded a job sees and changes it (its file is theirs): not the
        # other members of the team, not the administrator.
        in_charge="created_by_id",
        in_charge_roles=IMPORT_ROLES,
        in_charge_actions=frozenset({"view", "change"}),
    )

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["created_by", "-created_at"], name="importjob_user")]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in (JobStatus.CHECKING, JobStatus.QUEUED, JobStatus.RUNNING)

    @property
    def is_done(self) -> bool:
        return self.status == JobStatus.DONE
