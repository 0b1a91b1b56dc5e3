"""A small world for the import tests: a municipality with two teams and one in another
municipality, one user per role, a neighbourhood, and helpers that upload a file and run
the job through the services (the test settings run tasks at once)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings

from wijkkompas.accounts.constants import Role
from wijkkompas.accounts.tests.factories import UserFactory
from wijkkompas.areas.tests.factories import (
    DistrictFactory,
    MunicipalityFactory,
    NeighbourhoodFactory,
)
from wijkkompas.imports import services
from wijkkompas.imports.constants import ImportKind
from wijkkompas.imports.models import ImportJob
from wijkkompas.teams.tests.factories import TeamFactory

TEAM_ROLES = [Role.PROFESSIONAL, Role.COORDINATOR, Role.TEAM_LEAD]

RESIDENTS_CSV = (
    "Cliëntnummer;Naam;Huishouden;Geboortejaar;Buurt;BSN;Toestemming gesprekken;"
    "Toestemming scores;Toestemming vorm\n"
    "R1;Fatima El Amrani;Familie El Amrani;1980;BU03449901;111222333;ja;ja;mondeling\n"
    "R2;Youssef El Amrani;Familie El Amrani;2008;;;ja;ja;schriftelijk\n"
    "R3;Anna de Vries;;1950;;;ja;nee;\n"
)


@dataclass
class World:
    gm: Any
    team: Any
    sibling: Any
    foreign: Any
    neighbourhood: Any
    users: dict[str, Any] = field(default_factory=dict)

    def user(self, role: str) -> Any:
        return self.users[role]


@pytest.fixture(autouse=True)
def _import_dir(tmp_path: Path) -> Iterator[Path]:
    directory = tmp_path / "imports"
    with override_settings(WIJKKOMPAS_IMPORT_DIR=directory, WIJKKOMPAS_IMPORT_DIGEST=False):
        yield directory


@pytest.fixture
def world(db: Any) -> World:
    gm = MunicipalityFactory(code="GM0344", name="Utrecht")
    other = MunicipalityFactory(code="GM0363", name="Amsterdam")
    district = DistrictFactory(municipality=gm, code="WK034499")
    neighbourhood = NeighbourhoodFactory(
        district=district, code="BU03449901", name="Overvecht-Noord"
    )
    world = World(
        gm=gm,
        team=TeamFactory(municipality=gm, name="Buurtteam Overvecht"),
        sibling=TeamFactory(municipality=gm, name="Buurtteam Zuilen"),
        foreign=TeamFactory(municipality=other, name="Buurtteam Noord"),
        neighbourhood=neighbourhood,
    )
    for role in Role.values:
        teams = [world.team] if role in TEAM_ROLES else None
        world.users[role] = UserFactory(
            username=f"i-{role}", role=role, municipality=gm, teams=teams
        )
    world.users["foreign_professional"] = UserFactory(
        username="i-foreign", role=Role.PROFESSIONAL, municipality=other, teams=[world.foreign]
    )
    return world


def upload(content: str | bytes, name: str = "export.csv") -> SimpleUploadedFile:
    data = content.encode("utf-8") if isinstance(content, str) else content
    return SimpleUploadedFile(name, data, content_type="text/csv")


@pytest.fixture
def run_import() -> Callable[..., ImportJob]:
    """``run_import(user, team, kind, content, confirm=True)``: upload, map as guessed, dry
    run and (``confirm``) import; returns the job as it ended."""

    def run(
        user: Any,
        team: Any,
        kind: str,
        content: str | bytes,
        *,
        name: str = "export.csv",
        confirm: bool = True,
        source: str = "Suite",
    ) -> ImportJob:
        job = services.job_create(
            user=user,
            kind=kind,
            team_id=team.pk,
            source_system=source,
            upload=upload(content, name),
        )
        with TestCase.captureOnCommitCallbacks(execute=True):
            services.job_map(user=user, job=job, mapping=dict(job.mapping))
        job.refresh_from_db()
        if confirm and job.status == "checked" and not job.error_count and job.total_rows:
            with TestCase.captureOnCommitCallbacks(execute=True):
                services.job_confirm(user=user, job=job)
            job.refresh_from_db()
        return job

    return run


@pytest.fixture
def residents_imported(world: World, run_import: Callable[..., ImportJob]) -> ImportJob:
    return run_import(
        world.user(Role.PROFESSIONAL), world.team, ImportKind.RESIDENTS, RESIDENTS_CSV
    )
