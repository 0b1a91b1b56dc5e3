"""Choices of the teams domain (Kenniskring 002_…, observation 1 and appendix 1)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkkompas.accounts.constants import Role


class TeamType(models.TextChoices):
    FIXED_COMPACT = "fixed_compact", _("Fixed team, compact")
    FIXED_EXTENDED = "fixed_extended", _("Fixed team, extended")
    FLEXIBLE_NETWORK = "flexible_network", _("Flexible network")
    CASE_DIRECTION = "case_direction", _("Case direction (casusregie)")


class TargetGroup(models.TextChoices):
    ALL_RESIDENTS = "all", _("All residents")
    SPECIFIC = "specific", _("A specific group")


class Positioning(models.TextChoices):
    ZEROTH = "0", _("Zeroth line (residents' own networks)")
    ZEROTH_FIRST = "0-1", _("Between zeroth and first line")
    FIRST = "1", _("First line")
    FIRST_SECOND = "1-2", _("Between first and second line")
    SECOND = "2", _("Second line")


class Ring(models.TextChoices):
    """Rings of the network around the residents, from the inside out."""

    CORE = "core", _("Core team (kernteam)")
    FIRST_SHELL = "first_shell", _("First shell (eerste schil)")
    OUTER = "outer", _("Outer ring (buitenring)")
    ON_CALL = "on_call", _("On call (invliegen)")


RING_ORDER = [Ring.CORE, Ring.FIRST_SHELL, Ring.OUTER, Ring.ON_CALL]


class PartnerKind(models.TextChoices):
    PROGRAMME = "programme", _("Programme")
    YOUTH_NETWORK = "youth_network", _("Youth team / CJG")
    CARE_CHAIN = "care_chain", _("Care chain (e.g. dementia chain)")
    RESIDENT_INITIATIVE = "resident_initiative", _("Resident initiative")
    NETWORK = "network", _("Other network")


TEAM_VIEW_ROLES = frozenset({Role.POLICY_OFFICER, Role.ADMIN})
TEAM_VIEW_TEAM_ROLES = frozenset({Role.PROFESSIONAL, Role.COORDINATOR, Role.TEAM_LEAD})
TEAM_CHANGE_ROLES = frozenset({Role.ADMIN})
TEAM_CHANGE_TEAM_ROLES = frozenset({Role.TEAM_LEAD})

#: Member names and personal drives: team roles of the team and the administrator.
MEMBER_VIEW_ROLES = frozenset({Role.ADMIN})
