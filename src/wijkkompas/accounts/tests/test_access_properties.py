"""Property-based test of the permission layer: for any world and any user, ``restrict()``
returns exactly the rows an independent reading of the rules allows.

The oracle below does not use the policies' lookup strings: it follows the objects'
attributes in Python. So a wrong lookup, a missing tenant filter or a team role leaking into
another municipality (a user linked to a team of another tenant) is found.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from wijkkompas.accounts.access import AccessPolicy, restrict
from wijkkompas.accounts.constants import TEAM_ROLES, Action, Role
from wijkkompas.accounts.models import User
from wijkkompas.areas.models import District, Municipality, Neighbourhood
from wijkkompas.audit.models import AccessLogEntry
from wijkkompas.organisations.models import Discipline, Organisation
from wijkkompas.teams.models import Membership, Partner, PerspectiveVersion, Team

# How to find, in Python, the municipality and the team of a row of each model.
TENANT_AND_TEAM: dict[type[models.Model], Any] = {
    Municipality: lambda o: (o.pk, None),
    District: lambda o: (o.municipality_id, None),
    Neighbourhood: lambda o: (o.district.municipality_id, None),
    Organisation: lambda o: (o.municipality_id, None),
    Team: lambda o: (o.municipality_id, o.pk),
    PerspectiveVersion: lambda o: (o.team.municipality_id, o.team_id),
    Membership: lambda o: (o.team.municipality_id, o.team_id),
    Partner: lambda o: (o.team.municipality_id, o.team_id),
    AccessLogEntry: lambda o: (o.municipality_id, None),
}


def allowed(user: User, obj: Any, action: str) -> bool:
    """The rules of accounts.access, read independently."""
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    policy: AccessPolicy = type(obj).access_policy
    tenant, team = TENANT_AND_TEAM[type(obj)](obj)
    tenant_roles, team_roles = policy.roles_for(action)
    own_tenant = user.municipality_id is not None and tenant == user.municipality_id
    if own_tenant and user.role in tenant_roles:
        return True
    if (
        own_tenant
        and user.role in team_roles
        and user.role in TEAM_ROLES
        and policy.team is not None
        and team in set(user.teams.values_list("pk", flat=True))
    ):
        return True
    if action == Action.VIEW and user.role == Role.RESEARCHER and policy.shared:
        return bool(Municipality.objects.get(pk=tenant).shares_aggregates) if tenant else False
    return False


world_spec = st.fixed_dictionaries(
    {
        "shares": st.lists(st.booleans(), min_size=2, max_size=3),
        "teams": st.lists(st.integers(min_value=0, max_value=2), min_size=0, max_size=5),
        "members": st.lists(st.integers(min_value=0, max_value=4), max_size=6),
        "users": st.lists(
            st.fixed_dictionaries(
                {
                    "role": st.sampled_from(list(Role)),
                    "municipality": st.one_of(st.none(), st.integers(min_value=0, max_value=2)),
                    "teams": st.lists(st.integers(min_value=0, max_value=4), max_size=3),
                    "active": st.sampled_from([True, True, True, False]),
                }
            ),
            min_size=1,
            max_size=4,
        ),
    }
)


class RestrictMatchesTheRules(TestCase):
    @settings(
        max_examples=100,
        deadline=None,
        derandomize=True,  # the same examples in every run: CI does not depend on luck
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(spec=world_spec, superuser=st.booleans())
    # The cases a leak would most likely hide in, always tried: a researcher next to a
    # sharing municipality (may view, never change) and team roles linked to a team of
    # another municipality (which must stay closed).
    @example(
        spec={
            "shares": [False, True],
            "teams": [0, 1],
            "members": [0, 1],
            "users": [
                {"role": role, "municipality": 0, "teams": [0, 1], "active": True}
                for role in (Role.RESEARCHER, Role.PROFESSIONAL, Role.TEAM_LEAD, Role.ADMIN)
            ],
        },
        superuser=False,
    )
    def test_restrict_equals_the_rules(self, spec: dict, superuser: bool) -> None:
        discipline = Discipline.objects.get(code="amw")
        municipalities = [
            Municipality.objects.create(code=f"GM{7000 + i:04d}", name=f"G{i}", shares_aggregates=s)
            for i, s in enumerate(spec["shares"])
        ]
        districts, neighbourhoods, organisations = [], [], []
        for i, gm in enumerate(municipalities):
            district = District.objects.create(
                municipality=gm, code=f"WK{7000 + i:04d}01", name="W"
            )
            districts.append(district)
            neighbourhoods.append(
                Neighbourhood.objects.create(
                    district=district, code=f"{district.code.replace('WK', 'BU')}01", name="B"
                )
            )
            organisations.append(
                Organisation.objects.create(
                    municipality=gm, name=f"O{i}", discipline=discipline, craft="hulp"
                )
            )
        teams = []
        for n, index in enumerate(spec["teams"]):
            gm = municipalities[index % len(municipalities)]
            team = Team.objects.create(municipality=gm, name=f"T{n}", team_type="fixed_compact")
            teams.append(team)
            PerspectiveVersion.objects.create(team=team, text="stip")
            Partner.objects.create(team=team, name=f"P{n}", kind="programme")
        for n, index in enumerate(spec["members"]):
            if teams:
                team = teams[index % len(teams)]
                organisation = organisations[municipalities.index(team.municipality)]
                Membership.objects.create(team=team, person_name=f"M{n}", organisation=organisation)
        for gm in municipalities:
            AccessLogEntry.objects.create(municipality=gm, event="login")
        users = []
        for n, data in enumerate(spec["users"]):
            home: Municipality | None = (
                None
                if data["municipality"] is None
                else municipalities[data["municipality"] % len(municipalities)]
            )
            user = User.objects.create(
                username=f"u{n}",
                role=data["role"],
                municipality=home,
                is_active=data["active"],
                is_superuser=superuser and n == 0,
            )
            # Team links may point into another municipality: they must not open it up.
            user.teams.set([teams[i % len(teams)] for i in data["teams"]] if teams else [])
            users.append(user)

        for model in TENANT_AND_TEAM:
            rows = list(model._default_manager.all())
            for user in users:
                for action in (Action.VIEW, Action.CHANGE):
                    got = set(
                        restrict(model._default_manager.all(), user, action).values_list(
                            "pk", flat=True
                        )
                    )
                    expected = {row.pk for row in rows if allowed(user, row, action)}
                    assert got == expected, (model.__name__, user.role, action)
