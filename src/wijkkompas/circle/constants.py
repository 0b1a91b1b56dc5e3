"""Constants of the knowledge circle (kenniskring), see DESIGN.md and issue 5, item 7."""

from wijkkompas.accounts.constants import Role
from wijkkompas.areas.constants import SHARING_ROLES

#: Who opens the comparison: the researcher sees the municipalities that share; the policy
#: officer and the administrator see their own municipality compared with them (and never
#: another's name). The same roles as ``SharingChoice.access_policy`` allows to view.
CIRCLE_ROLES = frozenset({Role.RESEARCHER, Role.POLICY_OFFICER, Role.ADMIN})

#: Who chooses to share (opt in) or stop sharing, for their own municipality.
CHOICE_ROLES = SHARING_ROLES

#: The data version (``core.versions``) of the comparison: one for the whole circle.
CIRCLE_FIGURES = "circle-figures"
CIRCLE_SCOPE = "all"

#: Team size classes of the ring sizes table (members in a ring): (label, lowest, highest).
SIZE_CLASSES = ((0, 0), (1, 4), (5, 9), (10, None))

#: The tables of the comparison that can be exported one by one as CSV (query ``tabel``).
EXPORT_TABLES = ("deelnemers", "ringen", "keuzevragen", "verloop", "gemeenten")
