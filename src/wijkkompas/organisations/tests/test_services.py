"""Organisation services: permission, unique name per municipality, nothing half-saved."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from wijkkompas.accounts.constants import Role
from wijkkompas.core.exceptions import ApplicationError
from wijkkompas.organisations import services
from wijkkompas.organisations.constants import Craft
from wijkkompas.organisations.models import Discipline, Organisation

pytestmark = pytest.mark.django_db


def _discipline(code="ggz"):
    return Discipline.objects.get(code=code)


def test_admin_creates_and_updates(world):
    admin = world.user(Role.ADMIN)
    org = services.organisation_create(
        user=admin,
        municipality=world.gm,
        name=" GGZ Centraal ",
        discipline=_discipline(),
        craft=Craft.ZORG,
    )
    assert org.name == "GGZ Centraal"
    services.organisation_update(
        user=admin,
        organisation=org,
        name="GGZ Centraal",
        discipline=_discipline(),
        craft=Craft.HULP,
        website="https://ggzcentraal.nl",
    )
    org.refresh_from_db()
    assert org.craft == Craft.HULP and org.website == "https://ggzcentraal.nl"


def test_refusals(world):
    admin = world.user(Role.ADMIN)
    with pytest.raises(ApplicationError, match="already has an organisation"):
        services.organisation_create(
            user=admin,
            municipality=world.gm,
            name="welzijn oldebroek",
            discipline=_discipline(),
            craft=Craft.HULP,
        )
    with pytest.raises(ApplicationError):
        services.organisation_create(
            user=admin, municipality=world.gm, name="", discipline=_discipline(), craft=Craft.HULP
        )
    with pytest.raises(ApplicationError):
        services.organisation_create(
            user=admin, municipality=world.gm, name="X", discipline=_discipline(), craft="kunst"
        )
    with pytest.raises(ApplicationError):
        services.organisation_create(
            user=admin,
            municipality=world.gm,
            name="X",
            discipline=_discipline(),
            craft=Craft.HULP,
            website="geen url",
        )
    assert not Organisation.objects.filter(name="X").exists()
    with pytest.raises(ApplicationError):
        services.organisation_update(
            user=admin,
            organisation=world.amw,
            name="Thuiszorg Noord-Veluwe",
            discipline=_discipline(),
            craft=Craft.HULP,
        )
    world.amw.refresh_from_db()
    assert world.amw.name == "Welzijn Oldebroek"


def test_permissions(world):
    for role in (Role.TEAM_LEAD, Role.POLICY_OFFICER):
        with pytest.raises(PermissionDenied):
            services.organisation_create(
                user=world.user(role),
                municipality=world.gm,
                name="X",
                discipline=_discipline(),
                craft=Craft.HULP,
            )
        with pytest.raises(PermissionDenied):
            services.organisation_update(
                user=world.user(role),
                organisation=world.amw,
                name="X",
                discipline=_discipline(),
                craft=Craft.HULP,
            )
    with pytest.raises(PermissionDenied):
        services.organisation_create(
            user=world.user("other_admin"),
            municipality=world.gm,
            name="X",
            discipline=_discipline(),
            craft=Craft.HULP,
        )
    with pytest.raises(Http404):
        services.organisation_update(
            user=world.user("other_admin"),
            organisation=world.amw,
            name="X",
            discipline=_discipline(),
            craft=Craft.HULP,
        )
    with pytest.raises(Http404):
        services.organisation_update(
            user=world.user(Role.RESIDENT),
            organisation=world.amw,
            name="X",
            discipline=_discipline(),
            craft=Craft.HULP,
        )
