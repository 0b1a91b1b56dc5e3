"""The scheduler's record: one row per slot of a periodic job (see :mod:`.scheduler`)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ScheduledRun(models.Model):
    """One slot (job, period start) of a periodic job. The unique key makes every worker's
    scheduler claim a slot with one INSERT: the first wins, the others skip it, so each slot
    runs once however many workers there are. A slot whose worker died (claimed, not
    finished, older than the job's timeout) is claimed again by the next worker."""

    job = models.CharField(_("job"), max_length=40)
    slot = models.DateTimeField(_("period start"))
    worker = models.CharField(_("worker"), max_length=120)
    claimed_at = models.DateTimeField(_("claimed at"))
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=1)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    failed = models.BooleanField(_("failed"), default=False)
    outcome = models.CharField(
        _("outcome"), max_length=200, blank=True, help_text=_("Counts only, never personal data.")
    )

    class Meta:
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")
        ordering = ["-slot", "job"]
        constraints = [
            models.UniqueConstraint(fields=["job", "slot"], name="ops_scheduledrun_once"),
        ]

    def __str__(self) -> str:
        return f"{self.job} {self.slot:%Y-%m-%d %H:%M}"
