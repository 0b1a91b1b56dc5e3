"""Roles that see the areas of a municipality."""

from wijkkompas.accounts.constants import Role

#: Every staff role of a municipality sees its areas (they are public CBS data).
AREA_VIEW_ROLES = frozenset(
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
AREA_CHANGE_ROLES = frozenset({Role.ADMIN})

#: Who chooses whether the municipality shares its aggregates with the knowledge circle.
SHARING_ROLES = frozenset({Role.POLICY_OFFICER, Role.ADMIN})
