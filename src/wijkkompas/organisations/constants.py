"""Crafts and who may see organisations."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkkompas.accounts.constants import Role


class Craft(models.TextChoices):
    """The three crafts of a social team (column "De plaat blijft hangen")."""

    HULP = "hulp", _("Help (hulp)")
    ZORG = "zorg", _("Care (zorg)")
    WELZIJN = "welzijn", _("Welfare (welzijn)")


ORGANISATION_VIEW_ROLES = frozenset(
    {
        Role.PROFESSIONAL,
        Role.COORDINATOR,
        Role.TEAM_LEAD,
        Role.POLICY_OFFICER,
        Role.ADMIN,
    }
)
ORGANISATION_CHANGE_ROLES = frozenset({Role.ADMIN})
