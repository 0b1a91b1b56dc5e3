"""Choices and roles of the places domain (vindplekken, ontmoetingsplekken)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkkompas.accounts.constants import Role


class PlaceKind(models.TextChoices):
    COMMUNITY_CENTRE = "community_centre", _("Community centre")
    GARDEN = "garden", _("Garden")
    SCHOOL = "school", _("School")
    LIBRARY = "library", _("Library")
    CHURCH = "church", _("Church or place of worship")
    SPORTS = "sports", _("Sports club or sports hall")
    SHOP_CAFE = "shop_cafe", _("Shop or cafe")
    KITCHEN_TABLE = "kitchen_table", _("Kitchen table")
    OUTDOOR = "outdoor", _("Outdoor place")
    OTHER = "other", _("Other")


#: Places are public buildings, not personal data: every signed-in role of the
#: municipality sees them.
PLACE_VIEW_ROLES = frozenset(
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

#: Team roles and the administrator add and edit the places of their municipality.
PLACE_CHANGE_ROLES = frozenset({Role.PROFESSIONAL, Role.COORDINATOR, Role.TEAM_LEAD, Role.ADMIN})

#: Places per page of the list.
PLACES_PER_PAGE = 50
