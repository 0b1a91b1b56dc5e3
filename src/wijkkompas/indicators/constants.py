"""Lenses, units and periods of the indicator catalogue."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkkompas.signals.constants import PeriodKind

__all__ = ["Lens", "PeriodKind", "Unit"]


class Lens(models.TextChoices):
    """The three lenses of the Kenniskring, kept apart on every page (reflection 5)."""

    PROCESS = "process", _("Process (to learn)")
    EFFECTS = "effects", _("Societal effects")
    COSTS = "costs", _("Costs and benefits")


class Unit(models.TextChoices):
    CONVERSATIONS = "conversations", _("conversations")
    RESIDENTS = "residents", _("residents")
    PERCENT = "percent", _("percent")
    LEVELS = "levels", _("levels (average change)")
    RUNGS = "rungs", _("rungs (average change)")
    INITIATIVES = "initiatives", _("initiatives")
    IDEAS = "ideas", _("ideas")
    VISITS = "visits", _("visits")
    EUROS = "euros", _("euros")
