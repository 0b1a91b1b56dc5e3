"""Choices and roles of time for the collective (issue 8, part 3).

"In 9 of 10 cases the social neighbourhood teams do not get to the collective"
(column 000_…, "Zet bewust in op het collectief"): a team that wants to make time for the
collective first has to see where its time goes. Members record roughly, once a week,
how their time split between four kinds of work; the team sees the split over time next
to its ambition (stip aan de horizon).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkkompas.accounts.constants import TEAM_ROLES, Role


class WorkKind(models.TextChoices):
    """The four kinds of work a week is split into (field names of ``TimeSplit``)."""

    CASEWORK = "casework", _("Individual casework")
    COLLECTIVE = "collective", _("Collective work with residents")
    NETWORK = "network", _("Network work")
    OVERHEAD = "overhead", _("Overhead")


#: The kinds in the order of the form, the tables and the exports.
WORK_KINDS: tuple[str, ...] = tuple(WorkKind.values)

#: The kinds that count as "time for the collective" (the indicator and the ambition).
COLLECTIVE_KINDS: tuple[str, ...] = (WorkKind.COLLECTIVE, WorkKind.NETWORK)

#: Short help per kind, shown under each slider.
WORK_KIND_HELP = {
    WorkKind.CASEWORK: _("Conversations, plans and support of individual residents."),
    WorkKind.COLLECTIVE: _(
        "Working with residents on shared solutions: initiatives, groups, ideas."
    ),
    WorkKind.NETWORK: _("Partners, programmes, the neighbourhood network, working groups."),
    WorkKind.OVERHEAD: _("Meetings, registration, travel, training."),
}

#: Who records a week: every team role, for themselves, in a team they are a member of.
RECORD_ROLES = TEAM_ROLES

#: Who sees every member's entries of their own teams (names, shares, notes): the team
#: lead. Other team roles see their own entries and the team's aggregates only.
TEAM_ENTRY_ROLES = frozenset({Role.TEAM_LEAD})

#: Who sets the team's ambition (the target share of time for the collective).
AMBITION_CHANGE_ROLES = frozenset({Role.TEAM_LEAD})

#: Who sees the ambition: the team roles of the team and, of every team of their
#: municipality, the policy officer and the administrator (it is the team's goal, not
#: personal data).
AMBITION_VIEW_ROLES = frozenset({Role.POLICY_OFFICER, Role.ADMIN})

#: How many weeks back a member may still record or correct a week.
WEEKS_BACK = 8

#: Weeks shown on the team page (the split over time).
TEAM_PAGE_WEEKS = 26

#: Longest note of a week.
NOTE_MAX = 200
