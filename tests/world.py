"""A small world for the access tests: three municipalities, four teams, one user per role.

* municipality A ("own"): the users' municipality, with the users' own team and another team;
* municipality B ("foreign"): another tenant that shares nothing;
* municipality C ("shared"): another tenant that shares its aggregates with the knowledge
  circle (researchers may see what its policies mark as ``shared``).

Every object carries unique marker tokens in its text fields. A marker planted in an
object may appear in a response only when :func:`wijkkompas.accounts.access.can` says the
user may view that object: that is how the access walker finds leaks.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from wijkkompas.accounts.access import can
from wijkkompas.accounts.constants import TEAM_ROLES, Action, Role

#: Variants of an object, relative to the users (who all live in municipality A).
OWN, OTHER, FOREIGN, SHARED = "own", "other", "foreign", "shared"
VARIANTS = (OWN, OTHER, FOREIGN, SHARED)

_counter = itertools.count(1001)


@dataclass(frozen=True)
class Marker:
    """A token planted in ``field`` of ``obj``."""

    token: str
    obj: models.Model
    field: str

    def __str__(self) -> str:
        return f"{self.token} ({type(self.obj).__name__} {self.obj.pk} .{self.field})"


@dataclass
class World:
    municipalities: dict[str, Any]
    teams: dict[str, Any]
    users: dict[str, Any]
    #: kind -> variant -> object (not every kind has every variant).
    objects: dict[str, dict[str, Any]]
    markers: list[Marker] = field(default_factory=list)
    _visible: dict[tuple[int, int], bool] = field(default_factory=dict)

    def user(self, role: str) -> Any:
        return self.users[role]

    def may_view(self, user: Any, marker: Marker) -> bool:
        """Whether ``user`` may see the object a marker sits in (cached; data is fixed)."""
        if user is None:
            return False
        key = (user.pk, id(marker))
        if key not in self._visible:
            self._visible[key] = can(user, Action.VIEW, marker.obj)
        return self._visible[key]

    def forbidden_markers(self, user: Any) -> list[Marker]:
        return [m for m in self.markers if not self.may_view(user, m)]

    def leaks(self, user: Any, text: str) -> list[Marker]:
        """Markers in ``text`` that ``user`` may not see."""
        return [m for m in self.forbidden_markers(user) if m.token in text]


def _token(label: str) -> str:
    # Letters and digits only, so HTML escaping cannot hide a leak; never a substring
    # of another token because all have the same length and a closing "Q".
    return f"ZQ{label[:6].upper():<6}{next(_counter)}Q".replace(" ", "X")


def _plant(markers: list[Marker], obj: models.Model, **fields: str) -> None:
    """Set each field to a readable text with a unique marker token."""
    for name, label in fields.items():
        token = _token(label)
        setattr(obj, name, f"{label} {token}")
        markers.append(Marker(token, obj, name))
    obj.save()


def build_world() -> World:
    """Create the world in the current database (call inside a transaction)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: F401  (app must be ready)

    from wijkkompas.accounts.tests.factories import UserFactory
    from wijkkompas.areas.tests.factories import (
        DistrictFactory,
        MunicipalityFactory,
        NeighbourhoodFactory,
    )
    from wijkkompas.audit.models import AccessLogEntry
    from wijkkompas.organisations.tests.factories import OrganisationFactory
    from wijkkompas.teams.models import PerspectiveVersion
    from wijkkompas.teams.tests.factories import MembershipFactory, PartnerFactory, TeamFactory

    markers: list[Marker] = []
    municipalities = {
        OWN: MunicipalityFactory(code="GM9701", name="Gemeente Eigenstad"),
        FOREIGN: MunicipalityFactory(code="GM9702", name="Vreemd"),
        SHARED: MunicipalityFactory(code="GM9703", name="Deelstad", shares_aggregates=True),
    }
    municipalities[OTHER] = municipalities[OWN]
    for variant in (OWN, FOREIGN, SHARED):
        _plant(markers, municipalities[variant], name="Gemeente")

    objects: dict[str, dict[str, Any]] = {
        kind: {}
        for kind in (
            "municipality",
            "district",
            "neighbourhood",
            "organisation",
            "team",
            "membership",
            "partner",
            "perspective_version",
            "access_log_entry",
        )
    }
    objects["municipality"] = {
        OWN: municipalities[OWN],
        FOREIGN: municipalities[FOREIGN],
        SHARED: municipalities[SHARED],
    }
    teams: dict[str, Any] = {}
    for number, variant in enumerate(VARIANTS, start=1):
        gm = municipalities[variant]
        district = DistrictFactory(municipality=gm, code=f"WK{gm.code[2:]}{number:02d}")
        neighbourhood = NeighbourhoodFactory(district=district, code=f"BU{district.code[2:]}01")
        team = TeamFactory(municipality=gm, name=f"Team {variant}", neighbourhoods=[neighbourhood])
        team.districts.set([district])
        organisation = OrganisationFactory(municipality=gm, name=f"Organisatie {variant}")
        member = MembershipFactory(
            team=team,
            organisation=organisation,
            job_title="Maatschappelijk werker",
            hours_per_week=24,
            started_on=dt.date(2024, 1, 8),
        )
        second = MembershipFactory(team=team, organisation=organisation, ring="first_shell")
        partner = PartnerFactory(team=team, organisation=organisation)
        version = PerspectiveVersion.objects.create(
            team=team, text="x", written_with_residents=True
        )
        # Markers everywhere, including the users' own team: who may see each one is
        # decided by the permission layer (policy officers and researchers may see no
        # member names of any team, residents no team at all).
        _plant(markers, team, name="Team", description="Teambeschrijving", perspective="Stip")
        _plant(markers, district, name="Wijk")
        _plant(markers, neighbourhood, name="Buurt")
        _plant(markers, organisation, name="Organisatie")
        _plant(markers, partner, name="Partner", description="Samenwerking")
        _plant(markers, member, person_name="Lid", personal_drive="Drijfveer", job_title="Functie")
        _plant(markers, second, person_name="Tweede lid", personal_drive="Drijfveer")
        _plant(markers, version, text="Perspectief", note="Wijziging")
        teams[variant] = team
        objects["district"][variant] = district
        objects["neighbourhood"][variant] = neighbourhood
        objects["organisation"][variant] = organisation
        objects["team"][variant] = team
        objects["membership"][variant] = member
        objects["partner"][variant] = partner
        objects["perspective_version"][variant] = version

    for variant in (OWN, FOREIGN):
        entry = AccessLogEntry.objects.create(
            municipality=municipalities[variant], event="read", object_type="teams.Membership"
        )
        _plant(markers, entry, username="logboek", path="pad")
        objects["access_log_entry"][variant] = entry

    users: dict[str, Any] = {}
    for role in Role:
        users[role.value] = UserFactory(
            username=f"walker-{role.value}",
            role=role.value,
            municipality=municipalities[OWN],
            teams=[teams[OWN]] if role in TEAM_ROLES else [],
        )
    # Users of the other tenants (for user-bound pages).
    users_foreign = UserFactory(
        username="walker-foreign", role=Role.ADMIN, municipality=municipalities[FOREIGN]
    )
    objects["user"] = {OWN: users[Role.PROFESSIONAL.value], FOREIGN: users_foreign}
    # The operator (a superuser, not a role): for pages only the operator may open.
    users["operator"] = UserFactory(
        username="walker-operator", role=Role.ADMIN, municipality=None, is_superuser=True
    )
    return World(
        municipalities=municipalities,
        teams=teams,
        users=users,
        objects=objects,
        markers=markers,
    )
