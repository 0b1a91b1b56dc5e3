"""The import services: each kind imports, importing again changes nothing, a changed row
updates, a failure mid-way leaves nothing, the write is logged, and the queries do not grow
with the rows."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wijkkompas.accounts.constants import Role
from wijkkompas.audit.constants import Purpose
from wijkkompas.audit.models import AccessLogEntry
from wijkkompas.conversations.models import Conversation
from wijkkompas.imports.constants import ImportKind, JobStatus
from wijkkompas.initiatives.models import Initiative, StageChange
from wijkkompas.instruments.models import Assessment, AssessmentScore
from wijkkompas.residents.models import Consent, Household, Resident

from .conftest import RESIDENTS_CSV

pytestmark = pytest.mark.django_db

CONVERSATIONS_CSV = (
    "Gespreksnummer,Cliëntnummer,Datum,Vindplek,Vraag,Uitkomst,Leefgebieden\n"
    "G1,R1,03-02-2025,thuis,Hulp bij post,Eigen netwerk,financien|wonen\n"
    "G2,R1,2025-03-01,buurthuis,Eenzaam,collective,social_network\n"
    "G3,R2,2025-03-02,school,Huiswerk,general,\n"
)


def _state() -> dict[str, Any]:
    return {
        "residents": sorted(Resident.objects.values_list("external_id", "name", "bsn")),
        "households": Household.objects.count(),
        "consents": Consent.objects.count(),
        "conversations": sorted(
            Conversation.objects.values_list("external_id", "question", "held_on", "version")
        ),
    }


def test_residents_with_consent(world: Any, residents_imported: Any) -> None:
    job = residents_imported
    assert job.status == JobStatus.DONE, (job.message, job.errors)
    assert (job.new_count, job.total_rows) == (3, 3)
    fatima = Resident.objects.get(external_id="R1")
    assert fatima.source_system == "Suite" and fatima.bsn == "111222333"
    assert fatima.household.team == world.team and fatima.neighbourhood == world.neighbourhood
    # R1 and R2 share their household, R3 has one of its own.
    assert Household.objects.count() == 2
    consent = fatima.consents.get()
    assert consent.team == world.team and consent.covers_conversations and consent.form == "verbal"
    assert not Resident.objects.get(external_id="R3").consents.get().covers_assessments
    assert not job.file_name  # the file is gone after the import


def test_again_changes_nothing_and_a_changed_row_updates(
    world: Any, residents_imported: Any, run_import: Any
) -> None:
    user = world.user(Role.PROFESSIONAL)
    before = _state()
    again = run_import(user, world.team, ImportKind.RESIDENTS, RESIDENTS_CSV)
    assert again.status == JobStatus.DONE
    assert (again.new_count, again.changed_count, again.unchanged_count) == (0, 0, 3)
    assert _state() == before
    changed = RESIDENTS_CSV.replace("Anna de Vries", "Anna de Vries-Jansen")
    third = run_import(user, world.team, ImportKind.RESIDENTS, changed)
    assert (third.new_count, third.changed_count, third.unchanged_count) == (0, 1, 2)
    assert Resident.objects.get(external_id="R3").name == "Anna de Vries-Jansen"


def test_conversations(world: Any, residents_imported: Any, run_import: Any) -> None:
    user = world.user(Role.PROFESSIONAL)
    job = run_import(user, world.team, ImportKind.CONVERSATIONS, CONVERSATIONS_CSV)
    assert job.status == JobStatus.DONE, (job.message, job.errors)
    first = Conversation.objects.get(external_id="G1")
    assert first.resident.external_id == "R1" and first.author == user
    assert first.place == "home" and first.outcome == "own_network"
    assert first.life_domains == ["finances", "housing"] and str(first.held_on) == "2025-02-03"
    again = run_import(user, world.team, ImportKind.CONVERSATIONS, CONVERSATIONS_CSV)
    assert again.unchanged_count == 3
    changed = run_import(
        user, world.team, ImportKind.CONVERSATIONS, CONVERSATIONS_CSV.replace("Eenzaam", "Alleen")
    )
    assert (changed.changed_count, changed.unchanged_count) == (1, 2)
    second = Conversation.objects.get(external_id="G2")
    assert second.question == "Alleen" and second.version == 2


def test_conversation_needs_consent(world: Any, residents_imported: Any, run_import: Any) -> None:
    """R3 consented to conversations; withdraw it: the row is refused, nothing imported."""
    Consent.objects.filter(resident__external_id="R2").update(covers_conversations=False)
    job = run_import(
        world.user(Role.PROFESSIONAL), world.team, ImportKind.CONVERSATIONS, CONVERSATIONS_CSV
    )
    assert job.status == JobStatus.CHECKED and job.error_count == 1
    assert job.errors[0][:2] == [4, "Cliëntnummer"]
    assert "consent" in job.errors[0][2]
    assert not Conversation.objects.exists()


def test_assessments(world: Any, residents_imported: Any, run_import: Any) -> None:
    content = (
        "meting;inwoner;instrument;datum;domein;score\n"
        "M1;R1;zrm;01-03-2025;financien;2\n"
        "M1;R1;zrm;01-03-2025;Huisvesting;4\n"
        "M2;R1;participatieladder;01-03-2025;participatieladder;3\n"
    )
    user = world.user(Role.PROFESSIONAL)
    job = run_import(user, world.team, ImportKind.ASSESSMENTS, content)
    assert job.status == JobStatus.DONE, (job.message, job.errors)
    assert Assessment.objects.count() == 2 and AssessmentScore.objects.count() == 3
    again = run_import(user, world.team, ImportKind.ASSESSMENTS, content)
    assert again.unchanged_count == 3 and AssessmentScore.objects.count() == 3
    changed = run_import(user, world.team, ImportKind.ASSESSMENTS, content.replace(";2\n", ";3\n"))
    assert changed.changed_count == 2  # both rows of M1
    assert sorted(AssessmentScore.objects.values_list("value", flat=True)) == [3, 3, 4]


def test_initiatives(world: Any, run_import: Any) -> None:
    content = (
        "id;naam;niveau;herkomst;fase;buurten\n"
        "I1;Buurtmaaltijd;preventie;bewonersidee;loopt;BU03449901\n"
        "I2;Klussendienst;normaliseren;partner;;\n"
    )
    user = world.user(Role.PROFESSIONAL)
    job = run_import(user, world.team, ImportKind.INITIATIVES, content)
    assert job.status == JobStatus.DONE, (job.message, job.errors)
    meal = Initiative.objects.get(external_id="I1")
    assert meal.stage == "loopt" and list(meal.neighbourhoods.all()) == [world.neighbourhood]
    assert StageChange.objects.count() == 2
    again = run_import(user, world.team, ImportKind.INITIATIVES, content)
    assert again.unchanged_count == 2 and StageChange.objects.count() == 2


def test_failure_mid_way_leaves_nothing(world: Any, run_import: Any) -> None:
    """The second chunk of residents fails to write: not one row stays."""
    from wijkkompas.core import bulk

    rows = "\n".join(f"R{n};Inwoner {n};ja" for n in range(30))
    content = "Cliëntnummer;Naam;Toestemming gesprekken\n" + rows + "\n"
    calls = []
    original = Resident.objects.bulk_create

    def failing(objs: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(len(objs))
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return original(objs, *args, **kwargs)

    with (
        mock.patch.object(bulk, "CHUNK", 10),
        mock.patch.object(Resident.objects, "bulk_create", side_effect=failing),
    ):
        job = run_import(world.user(Role.PROFESSIONAL), world.team, ImportKind.RESIDENTS, content)
    assert len(calls) == 2
    assert job.status == JobStatus.FAILED and "Nothing was imported" in job.message
    assert not Resident.objects.exists() and not Household.objects.exists()
    assert not Consent.objects.exists()


def test_write_is_logged_as_exchange(world: Any, residents_imported: Any) -> None:
    entry = AccessLogEntry.objects.get(object_type="residents.Resident", event="create")
    assert entry.purpose == Purpose.EXCHANGE and entry.object_count == 3
    assert entry.user == world.user(Role.PROFESSIONAL)
    assert entry.subject_ids() == sorted(Resident.objects.values_list("pk", flat=True))


def _queries(run_import: Any, world: Any, n: int) -> int:
    rows = "\n".join(f"C{n}-{i},R1,2025-03-01,thuis,Vraag {i},general," for i in range(n))
    content = "id,inwoner,datum,vindplek,vraag,uitkomst,leefgebieden\n" + rows + "\n"
    with CaptureQueriesContext(connection) as captured:
        job = run_import(
            world.user(Role.PROFESSIONAL), world.team, ImportKind.CONVERSATIONS, content
        )
    assert job.status == JobStatus.DONE, (job.message, job.errors)
    return len(captured.captured_queries)


def test_queries_do_not_grow_with_the_rows(
    world: Any, residents_imported: Any, run_import: Any
) -> None:
    small = _queries(run_import, world, 5)
    large = _queries(run_import, world, 200)
    # PostgreSQL inserts a chunk in one statement; SQLite splits it by its parameter limit.
    allowed = 2 if connection.vendor == "postgresql" else 10
    assert large <= small + allowed, (small, large)


@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    names=st.lists(
        st.text(alphabet="abcdefghij klmnopqrstuvwxyzé", min_size=1, max_size=20).filter(
            lambda s: s.strip()
        ),
        min_size=1,
        max_size=6,
    ),
    years=st.lists(st.integers(min_value=1900, max_value=2020), min_size=6, max_size=6),
)
def test_importing_twice_equals_importing_once(
    world: Any, run_import: Any, names: list[str], years: list[int]
) -> None:
    Consent.objects.all().delete()
    Resident.objects.all().delete()
    Household.objects.all().delete()
    rows = "\n".join(f"H{i};{name.strip()};{years[i]};ja" for i, name in enumerate(names))
    content = "id;naam;geboortejaar;toestemming gesprekken\n" + rows + "\n"
    user = world.user(Role.PROFESSIONAL)
    first = run_import(user, world.team, ImportKind.RESIDENTS, content)
    assert first.status == JobStatus.DONE, (first.message, first.errors)
    once = _state()
    second = run_import(user, world.team, ImportKind.RESIDENTS, content)
    assert second.unchanged_count == len(names) and second.new_count == 0
    assert _state() == once
