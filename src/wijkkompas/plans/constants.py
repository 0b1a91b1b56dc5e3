"""Choices of the plans domain."""

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkkompas.accounts.constants import Role


class PlanStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


class GoalStatus(models.TextChoices):
    OPEN = "open", _("Working on it")
    ACHIEVED = "achieved", _("Achieved")
    DROPPED = "dropped", _("Dropped")


class DiscussionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


#: The coordinator's overview warns this long before a review is due.
REVIEW_WARNING = dt.timedelta(days=14)

#: A first review is proposed this long after the start of a plan.
FIRST_REVIEW_AFTER = dt.timedelta(days=91)

#: The worklist shows case discussions that take place within this period.
DISCUSSION_HORIZON = dt.timedelta(days=14)

#: Most items the worklist takes from each source (every source is read with a LIMIT, so
#: the page costs the same whatever the size of the caseload).
WORKLIST_LIMIT = 50

#: Plans per page in "Mijn plannen".
PLANS_PER_PAGE = 25

#: Roles that can be the coordinator (regisseur) of a plan.
COORDINATOR_ROLES = frozenset({Role.PROFESSIONAL, Role.COORDINATOR})


class WorkKind(models.TextChoices):
    """Kinds of items in the personal worklist (werkvoorraad)."""

    RISK = "risk", _("Risk signal")
    WMO = "wmo", _("Wmo legal term")
    REVIEW = "review", _("Plan review")
    ACTION = "action", _("Plan action")
    DISCUSSION = "discussion", _("Case discussion")


class DueState(models.TextChoices):
    """Where an item stands against its date; shown as text, never by colour only."""

    OVERDUE = "overdue", _("Overdue")
    DUE_SOON = "due_soon", _("Due soon")
    PLANNED = "planned", _("Planned")
    NO_DATE = "no_date", _("No date")


class Baseline(models.TextChoices):
    """What the scores recorded at a review are compared with."""

    PREVIOUS_REVIEW = "previous_review", _("the previous review")
    BEFORE_START = "before_start", _("the last scores before the plan started")
    FIRST_IN_PLAN = "first_in_plan", _("the first scores since the plan started")
