"""Lenses, units and periods of the indicator catalogue."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkkompas.accounts.constants import Role
from wijkkompas.signals.constants import PeriodKind

__all__ = ["INDICATOR_VIEW_ROLES", "Lens", "PeriodKind", "Unit"]


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
    PLACES = "places", _("places")
    EUROS = "euros", _("euros")


#: Roles that see indicator dashboards: team roles exactly (their municipality and their
#: own teams), policy officers and the functional administrator suppressed (their own
#: municipality), researchers suppressed (municipalities that share their aggregates).
INDICATOR_VIEW_ROLES = frozenset(
    {
        Role.PROFESSIONAL,
        Role.COORDINATOR,
        Role.TEAM_LEAD,
        Role.POLICY_OFFICER,
        Role.RESEARCHER,
        Role.ADMIN,
    }
)
