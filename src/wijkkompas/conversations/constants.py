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
