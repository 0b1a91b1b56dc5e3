"""Choices and role sets of working groups (werkgroepen): small operational teams around a
theme, a target group, an initiative or a residents' ambition, that mix the three crafts
(hulp, zorg, welzijn) with residents and partners from the outer ring (column 001_…, "De
plaat blijft hangen": "kleine slagvaardige teams met een hulpverlener, zorgverlener en
welzijnswerker. Betrek bewoners daarbij en andere in de wijk werkzame professionals")."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkkompas.accounts.constants import TEAM_ROLES, Role


class FocusKind(models.TextChoices):
    """What a working group forms around."""

    THEME = "theme", _("A theme")
    TARGET_GROUP = "target_group", _("A target group")
    INITIATIVE = "initiative", _("An initiative")
    AMBITION = "ambition", _("A residents' ambition")


class OuterKind(models.TextChoices):
    """Who takes part from the outer ring (not a team member)."""

    RESIDENT = "resident", _("Resident")
    PARTNER = "partner", _("Partner")


class MixLevel(models.TextChoices):
    """How the crafts are mixed in a group (what the page says about it)."""

    NONE = "none", _("No team members yet")
    SINGLE = "single", _("One craft only")
    PARTIAL = "partial", _("A craft is missing")
    FULL = "full", _("All three crafts")


#: Working groups are no case data: the team roles of the group's team see and change
#: them; the policy officer and the administrator of the municipality see them (never the
#: names of the people in them).
WORKGROUP_VIEW_ROLES = frozenset({Role.POLICY_OFFICER, Role.ADMIN})
WORKGROUP_TEAM_ROLES = TEAM_ROLES
#: Who forms and closes a group: the team lead and the coordinators of the team.
WORKGROUP_LEAD_ROLES = frozenset({Role.TEAM_LEAD, Role.COORDINATOR})
#: The people of a group, its agenda and actions (names, notes): the team roles of the
#: team, and the administrator (who also sees the team's member list).
MEMBER_VIEW_ROLES = frozenset({Role.ADMIN})

#: Most groups the list page shows.
WORKGROUPS_PER_PAGE = 50
