"""Choices of the conversations domain."""

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _


class FindingPlace(models.TextChoices):
    """Vindplek: where the conversation took place or the question was found."""

    HOME = "home", _("At home (kitchen table)")
    COMMUNITY_CENTRE = "community_centre", _("Community centre")
    TEAM_OFFICE = "team_office", _("Team office or walk-in hour")
    SCHOOL = "school", _("School or childcare")
    GP = "gp", _("General practice")
    STREET = "street", _("Street or neighbourhood")
    PHONE = "phone", _("By phone or video")
    OTHER = "other", _("Elsewhere")


class LifeDomain(models.TextChoices):
    """Leefgebieden touched in a conversation (counted per area for signals)."""

    FINANCES = "finances", _("Finances and debts")
    WORK = "work", _("Work and education")
    DAYTIME = "daytime", _("Daytime activities")
    HOUSING = "housing", _("Housing")
    RELATIONSHIPS = "relationships", _("Domestic relationships")
    PARENTING = "parenting", _("Parenting and growing up")
    MENTAL_HEALTH = "mental_health", _("Mental health")
    PHYSICAL_HEALTH = "physical_health", _("Physical health")
    ADDICTION = "addiction", _("Substance use")
    SELF_CARE = "self_care", _("Self-care and household")
    SOCIAL_NETWORK = "social_network", _("Social network and loneliness")
    PARTICIPATION = "participation", _("Taking part in society")
    SAFETY = "safety", _("Safety and justice")
    LANGUAGE = "language", _("Language and digital skills")


class Outcome(models.TextChoices):
    """Where the question was answered: from closest to the resident to the second line."""

    OWN_NETWORK = "own_network", _("Solved in the resident's own network")
    COLLECTIVE = "collective", _("Collective provision")
    GENERAL = "general", _("General service")
    WMO = "wmo", _("Individual Wmo provision")
    SECOND_LINE = "second_line", _("Referral to the second line")


#: Wmo 2015 art. 2.3.2: the investigation within six weeks of the report (melding).
WMO_INVESTIGATION_TERM = dt.timedelta(weeks=6)
#: Wmo 2015 art. 2.3.5: the decision within two weeks of the application (aanvraag).
WMO_DECISION_TERM = dt.timedelta(weeks=2)
#: The worklist warns this many days before a legal term passes.
WMO_WARNING_DAYS = 7


class WmoTermKind(models.TextChoices):
    """The two legal terms of a Wmo report (melding) that the worklist follows."""

    INVESTIGATION = "investigation", _("Investigation (art. 2.3.2 Wmo 2015: within 6 weeks)")
    DECISION = "decision", _("Decision (art. 2.3.5 Wmo 2015: within 2 weeks)")


class WmoStatus(models.TextChoices):
    """Where a step of the Wmo timeline stands, in words (never by colour only)."""

    ON_TIME = "on_time", _("On time")
    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")
    MET = "met", _("Done within the term")
    MET_LATE = "met_late", _("Done after the term")
    RECORDED = "recorded", _("Recorded")
    NOT_YET = "not_yet", _("Not yet")
    NOT_NEEDED = "not_needed", _("No longer needed")


#: Statuses of a term that is still open (the worklist shows these).
WMO_OPEN_STATUSES = frozenset({WmoStatus.ON_TIME, WmoStatus.DUE_SOON, WmoStatus.OVERDUE})

#: Conversations per page in "Mijn gesprekken".
MY_CONVERSATIONS_PER_PAGE = 25
