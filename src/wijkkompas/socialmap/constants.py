"""Choices and roles of the social map (sociale kaart)."""

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkkompas.accounts.constants import Role


class EntryKind(models.TextChoices):
    """What an entry of the social map is."""

    GENERAL_PROVISION = "general_provision", _("General provision (algemene voorziening)")
    INITIATIVE = "initiative", _("Initiative")
    PLACE = "place", _("Place")
    VOLUNTEER_ORGANISATION = "volunteer_organisation", _("Volunteer organisation")
    PARTNER_SERVICE = "partner_service", _("Partner service")


class WmoStep(models.TextChoices):
    """The order in which the Wmo 2015 (art. 2.3.2) asks to look for an answer: first what
    the resident can do, then their network, then a general or collective provision, and only
    then an individual provision. Suggestions are shown in this order."""

    OWN_STRENGTH = "own_strength", _("Own strength")
    OWN_NETWORK = "own_network", _("Own network")
    COLLECTIVE = "collective", _("General or collective provision")
    INDIVIDUAL = "individual", _("Individual provision")


#: The rank of each step in the Wmo order (lower comes first).
WMO_ORDER = {step: rank for rank, step in enumerate(WmoStep.values)}


class Cost(models.TextChoices):
    FREE = "free", _("Free")
    CONTRIBUTION = "contribution", _("Small contribution")
    PAID = "paid", _("Paid")
    INCOME_DEPENDENT = "income_dependent", _("Depends on income")


#: An entry not checked for this long is flagged as possibly out of date.
STALE_AFTER = dt.timedelta(days=183)

#: Every signed-in role of the municipality reads the social map (it holds no personal data);
#: residents and anyone without an account read its public entries.
ENTRY_VIEW_ROLES = frozenset(
    {
        Role.PROFESSIONAL,
        Role.COORDINATOR,
        Role.TEAM_LEAD,
        Role.POLICY_OFFICER,
        Role.PRIVACY_OFFICER,
        Role.ADMIN,
        Role.INITIATOR,
        Role.RESIDENT,
    }
)

#: The team roles and the administrator keep the map up to date; an initiator keeps the
#: entries of their own initiatives (checked in the services).
ENTRY_CHANGE_ROLES = frozenset({Role.PROFESSIONAL, Role.COORDINATOR, Role.TEAM_LEAD, Role.ADMIN})

#: Initiators keep the entries linked to an initiative they run
#: (``Initiative.residents_in_charge``).
ENTRY_IN_CHARGE_ROLES = frozenset({Role.INITIATOR})

#: The team roles that record which suggestion was used in a conversation (case data).
USE_TEAM_ROLES = frozenset({Role.PROFESSIONAL, Role.COORDINATOR, Role.TEAM_LEAD})

#: Entries per page of the team's list and of the public map.
ENTRIES_PER_PAGE = 50
PUBLIC_ENTRIES_PER_PAGE = 25

#: At most this many entries on one print page (a selection for the kitchen table).
PRINT_MAX = 60

#: The life domains (``conversations.constants.LifeDomain``) in residents' words, for the
#: public map: a resident looks for what they need, not for a professional's category.
RESIDENT_NEEDS = {
    "social_network": _("I feel lonely, I want to meet people"),
    "daytime": _("Something to do during the day"),
    "finances": _("Money worries and debts"),
    "work": _("Work, a course or volunteering"),
    "housing": _("My home"),
    "relationships": _("Problems at home or in my relationship"),
    "parenting": _("Raising children and growing up"),
    "mental_health": _("I don't feel well, worries and stress"),
    "physical_health": _("Health and getting around"),
    "addiction": _("Alcohol, drugs or gambling"),
    "self_care": _("Help with the household and taking care of myself"),
    "participation": _("Joining in and doing something for others"),
    "safety": _("Safety, the police or the law"),
    "language": _("Language, reading, writing and the computer"),
}
