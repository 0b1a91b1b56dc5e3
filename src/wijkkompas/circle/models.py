"""The knowledge circle: the history of each municipality's choice to share its
aggregates (factsheets, self-assessments, team figures) with the circle.

The choice itself is ``areas.Municipality.shares_aggregates`` (the permission layer reads
it); every change of it is recorded here, with its date, who chose and why.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkkompas.accounts.access import AccessPolicy, ScopedQuerySet

from .constants import CHOICE_ROLES


class SharingChoice(models.Model):
    """One choice of a municipality to share (opt in) or to stop sharing (opt out)."""

    municipality = models.ForeignKey(
        "areas.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    shares = models.BooleanField(_("shares with the knowledge circle"))
    note = models.CharField(_("why"), max_length=300, blank=True)
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chosen by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    chosen_at = models.DateTimeField(_("chosen at"), default=timezone.now)

    objects = ScopedQuerySet.as_manager()
    #: The choice is the municipality's own business (policy officer, administrator); the
    #: ``shared`` rule lets researchers use the circle's pages (its history stays hidden:
    #: the selectors show a municipality only its own).
    access_policy = AccessPolicy(
        tenant="municipality_id",
        view=CHOICE_ROLES,
        change=CHOICE_ROLES,
        shared="municipality__shares_aggregates",
    )

    class Meta:
        verbose_name = _("sharing choice")
        verbose_name_plural = _("sharing choices")
        ordering = ["-chosen_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.municipality_id}: {self.shares} ({self.chosen_at:%Y-%m-%d})"
