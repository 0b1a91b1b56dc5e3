"""Lenses, units and periods of the indicator catalogue."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkkompas.accounts.constants import Role
from wijkkompas.signals.constants import PeriodKind

__all__ = ["INDICATOR_VIEW_ROLES", "Lens", "PeriodKind", "Unit"]


class Lens(models.TextChoices):
    """The three lenses of the Kenniskring, kept apart on every page (reflection 5)."""

    PROCESS = "process", _("Process (to learn)")
    EFFECTS = "effects", _("Societal effects")
    COSTS = "costs", _("Costs and benefits")


class Unit(models.TextChoices):
    CONVERSATIONS = "conversations", _("conversations")
    RESIDENTS = "residents", _("residents")
    PERCENT = "percent", _("percent")
    LEVELS = "levels", _("levels (average change)")
    RUNGS = "rungs", _("rungs (average change)")
    INITIATIVES = "initiatives", _("initiatives")
    IDEAS = "ideas", _("ideas")
    VISITS = "visits", _("visits")
    PLACES = "places", _("places")
    EUROS = "euros", _("euros")
    MEMBERS = "members", _("team members")
    WEEKS = "weeks", _("member-weeks")


#: Roles that see indicator dashboards: team roles exactly (their municipality and their
#: own teams), policy officers and the functional administrator suppressed (their own
#: municipality), researchers suppressed (municipalities that share their aggregates).
INDICATOR_VIEW_ROLES = frozenset(
    {
        Role.PROFESSIONAL,
        Role.COORDINATOR,
        Role.TEAM_LEAD,
        Role.POLICY_OFFICER,
        Role.RESEARCHER,
        Role.ADMIN,
    }
)


class AuthorKind(models.TextChoices):
    """Whose story it is (entered by a team member or policy officer on their behalf)."""

    PROFESSIONAL = "professional", _("Professional")
    RESIDENT = "resident", _("Resident")
    PARTNER = "partner", _("Partner")


class Visibility(models.TextChoices):
    """Who sees a story, from narrow to wide."""

    TEAM = "team", _("The team only")
    MUNICIPALITY = "municipality", _("The municipality (teams and policy officers)")
    CIRCLE = "circle", _("The knowledge circle (also researchers of participating municipalities)")
    PUBLIC = "public", _("Everyone (public)")


class StoryStatus(models.TextChoices):
    ACTIVE = "active", _("Shown")
    WITHDRAWN = "withdrawn", _("Withdrawn")


#: Roles that write stories: team roles (for their teams and their municipality) and the
#: policy officer (for the municipality); the operator too.
STORY_WRITE_ROLES = frozenset(
    {Role.PROFESSIONAL, Role.COORDINATOR, Role.TEAM_LEAD, Role.POLICY_OFFICER, Role.ADMIN}
)
#: Who changes and withdraws a story besides whoever wrote it: the functional administrator
#: (every story of the municipality) and the team lead (the stories of their teams).
STORY_CHANGE_ROLES = frozenset({Role.ADMIN})
STORY_CHANGE_TEAM_ROLES = frozenset({Role.TEAM_LEAD})
#: Roles that see the stories of their whole municipality (narrowed by visibility in the
#: selectors): everyone who writes them.
STORY_VIEW_ROLES = STORY_WRITE_ROLES

#: A story is short: at most this many characters.
STORY_MAX_LENGTH = 2000
#: Photos: at most 3 MB, JPEG, PNG or WebP, at most 4000 pixels on a side (stored again
#: without their metadata, so no camera, place or time travels with them).
PHOTO_MAX_BYTES = 3 * 1024 * 1024
PHOTO_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
PHOTO_MAX_SIDE = 4000
#: The stories shown with one figure on a dashboard (newest first).
STORIES_PER_FIGURE = 5
