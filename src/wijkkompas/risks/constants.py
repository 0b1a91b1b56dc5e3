"""Choices and roles of the team risk register (Kenniskring 002_…, "Risico's zien en managen").

A team names the risks around its work (waiting lists, weak links between front and back
office, staff turnover, tendering …), estimates them — neither under- nor overestimated —
gives each an owner and reviews them regularly.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkkompas.accounts.constants import Role


class RiskCategory(models.TextChoices):
    WAITING_LISTS = "waiting_lists", _("Waiting lists")
    FRONT_BACK_OFFICE = "front_back_office", _("Links between front and back office")
    STAFF_TURNOVER = "staff_turnover", _("Staff turnover")
    TENDERING = "tendering", _("Tendering and contracts")
    FUNDING = "funding", _("Funding")
    PRIVACY = "privacy", _("Privacy and data sharing")
    OTHER = "other", _("Other")


class RiskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    HANDLING = "handling", _("Being handled")
    CLOSED = "closed", _("Closed")


#: Statuses of a risk that still needs attention (not closed).
ACTIVE_STATUSES = (RiskStatus.OPEN, RiskStatus.HANDLING)


class RiskLevel(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class ChangeKind(models.TextChoices):
    """What a line of a risk's history records."""

    CREATED = "created", _("Registered")
    UPDATED = "updated", _("Changed")
    REVIEWED = "reviewed", _("Reviewed")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")


#: Likelihood (kans) and impact (gevolg) are scored 1–5.
SCALE_MIN, SCALE_MAX = 1, 5
SCALE = range(SCALE_MIN, SCALE_MAX + 1)

LIKELIHOOD_LABELS = {
    1: _("very unlikely"),
    2: _("unlikely"),
    3: _("possible"),
    4: _("likely"),
    5: _("almost certain"),
}
IMPACT_LABELS = {
    1: _("very small"),
    2: _("small"),
    3: _("noticeable"),
    4: _("serious"),
    5: _("very serious"),
}

#: score = likelihood × impact (1–25): up to LOW_MAX low, up to MEDIUM_MAX medium, else high.
LOW_MAX = 4
MEDIUM_MAX = 12


def level_of(score: int) -> str:
    """The level (``RiskLevel``) of a score (likelihood × impact)."""
    if score <= LOW_MAX:
        return RiskLevel.LOW
    if score <= MEDIUM_MAX:
        return RiskLevel.MEDIUM
    return RiskLevel.HIGH


#: The risk register is the team's own: its members see it, the team lead and the
#: coordinator keep it. Policy officers see aggregates only (DESIGN.md, roles table), so
#: not the register; administrators, researchers and residents neither.
RISK_VIEW_TEAM_ROLES = frozenset({Role.PROFESSIONAL, Role.COORDINATOR, Role.TEAM_LEAD})
RISK_CHANGE_TEAM_ROLES = frozenset({Role.COORDINATOR, Role.TEAM_LEAD})

#: Risks per page of the register.
RISKS_PER_PAGE = 50
