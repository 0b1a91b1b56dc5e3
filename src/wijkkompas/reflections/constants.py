"""Choices and roles of reflection sessions (Kenniskring 002_…, reflection 5).

A reflection session is a *kairos moment*: the team stops the clock (chronos) to look
back and ahead — what to keep, stop, do differently, renew and start tomorrow — and to
ask the two core questions "are we doing the right things?" and "are we doing things
right?". It is for learning, not for settling accounts: the record is the team's own.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkkompas.accounts.constants import Role


class ReflectionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class ReviewOutcome(models.TextChoices):
    """What the team concluded about a follow-up action when it looked at it again."""

    DONE = "done", _("Done")
    CONTINUED = "continued", _("Continued")
    DROPPED = "dropped", _("Dropped")


#: The status an action gets from a review outcome.
OUTCOME_STATUS = {
    ReviewOutcome.DONE: ActionStatus.DONE,
    ReviewOutcome.CONTINUED: ActionStatus.OPEN,
    ReviewOutcome.DROPPED: ActionStatus.DROPPED,
}


class ChangeKind(models.TextChoices):
    """What a line of a session's history records."""

    PLANNED = "planned", _("Planned")
    CHANGED = "changed", _("Planning changed")
    RECORDED = "recorded", _("Recorded as held")
    UPDATED = "updated", _("Record updated after the session")


#: The five questions of a session, in order: field name -> (label, help text).
FIVE_QUESTIONS = ("keep", "stop", "differently", "renew", "tomorrow")
#: The two core questions of reflection 5.
CORE_QUESTIONS = ("right_things", "things_right")
#: Every text field of a session's record, in the order the page shows them.
RECORD_FIELDS = (*FIVE_QUESTIONS, *CORE_QUESTIONS, "summary")

#: Reflection sessions are the team's own: its members see them, the team lead plans,
#: records and edits them. Policy officers, researchers and administrators see nothing
#: of them (learning, not settling accounts); the operator (superuser) sees everything.
REFLECTION_VIEW_TEAM_ROLES = frozenset({Role.PROFESSIONAL, Role.COORDINATOR, Role.TEAM_LEAD})
REFLECTION_CHANGE_TEAM_ROLES = frozenset({Role.TEAM_LEAD})

#: The indicators on the table: the year that contains the session's date.
INDICATOR_PERIOD_KIND = "year"

#: Sessions and actions per page of a list.
PER_PAGE = 50
