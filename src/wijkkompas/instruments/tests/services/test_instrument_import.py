"""instrument_import: JSON instruments and CSV criterion texts, all or nothing, idempotent."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from wijkkompas.accounts.constants import Role
from wijkkompas.core.exceptions import ApplicationError
from wijkkompas.instruments import services
from wijkkompas.instruments.files import InstrumentFileError
from wijkkompas.instruments.models import (
    CriterionText,
    Instrument,
    InstrumentDomain,
    InstrumentLevel,
    InstrumentVersion,
)
from wijkkompas.instruments.tests.factories import make_assessment, make_version

pytestmark = pytest.mark.django_db

MODELS = (Instrument, InstrumentVersion, InstrumentDomain, InstrumentLevel, CriterionText)


def snapshot() -> dict[str, list[tuple]]:
    """Every row of the instrument tables."""
    return {m.__name__: list(m.objects.order_by("pk").values_list()) for m in MODELS}


def wat_telt(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "instrument": {"code": "wat-telt", "name": "Wat telt", "kind": "matrix"},
        "version": {"label": "1", "scoring_note": "Zoals de inwoner het ervaart."},
        "domains": [{"code": "wonen", "name": "Wonen"}, {"code": "werk", "name": "Werk"}],
        "levels": [{"value": v, "name": f"Cijfer {v}"} for v in range(1, 11)],
    }
    data.update(changes)
    return data


def encode(data: Any) -> bytes:
    return json.dumps(data).encode()


def do_import(world: Any, content: bytes, *, name: str = "wat-telt.json", **kwargs: Any) -> Any:
    kwargs.setdefault("user", world.user(Role.ADMIN))
    kwargs.setdefault("municipality", world.gm)
    return services.instrument_import(content=content, filename=name, **kwargs)


def refused(world: Any, content: bytes, error: type[Exception] = ApplicationError, **kw: Any):
    before = snapshot()
    with pytest.raises(error) as caught:
        do_import(world, content, **kw)
    assert snapshot() == before
    return caught.value


# --- JSON -------------------------------------------------------------------------------------


def test_a_new_instrument_is_added_for_the_municipality(world):
    result = do_import(world, encode(wat_telt()))
    version = result.version
    assert result.created_instrument and result.created_version and result.changed
    assert version.instrument.municipality == world.gm
    assert list(version.domains.values_list("position", "code", "name")) == [
        (1, "wonen", "Wonen"),
        (2, "werk", "Werk"),
    ]
    assert version.levels.count() == 10 and version.is_active
    assert version.imported_from.startswith("wat-telt.json (i-admin, ")
    assert "has been added with 2 domains and 10 levels" in result.message


def test_importing_the_same_file_again_changes_nothing_and_says_so(world):
    content = encode(wat_telt(criteria=[{"domain": "wonen", "level": 1, "text": "Dakloos"}]))
    first = do_import(world, content)
    before = snapshot()
    second = do_import(world, content)
    assert not second.changed and second.version == first.version
    assert snapshot() == before
    assert second.message.startswith("Nothing changed: wat-telt.json had already been imported")


def test_a_new_version_is_added_and_old_assessments_keep_theirs(world):
    first = do_import(world, encode(wat_telt())).version
    assessment = make_assessment(resident=world.resident, version=first, scores={"wonen": 3})
    data = wat_telt(
        version={"label": "2", "scoring_note": "Nieuw"},
        domains=[{"code": "wonen", "name": "Wonen"}, {"code": "geld", "name": "Geld"}],
    )
    second = do_import(world, encode(data), name="wat-telt-2.json")
    assert second.created_version and not second.created_instrument
    assert second.version.instrument == first.instrument and second.version != first
    assessment.refresh_from_db()
    assert assessment.version == first
    assert list(first.domains.values_list("code", flat=True)) == ["wonen", "werk"]


def test_the_description_of_an_own_instrument_is_updated(world):
    do_import(world, encode(wat_telt()))
    data = wat_telt(instrument={"code": "wat-telt", "name": "Wat telt?", "kind": "matrix"})
    result = do_import(world, encode(data))
    assert result.updated_instrument and not result.created_version
    assert Instrument.objects.get(code="wat-telt").name == "Wat telt?"


@pytest.mark.parametrize(
    ("changes", "part"),
    [
        (
            {"domains": [{"code": "wonen", "name": "Huis"}, {"code": "werk", "name": "Werk"}]},
            "domains",
        ),
        ({"levels": [{"value": 1, "name": "a"}, {"value": 2, "name": "b"}]}, "levels"),
        ({"version": {"label": "1", "scoring_note": "Anders"}}, "scoring note"),
    ],
)
def test_a_changed_version_under_the_same_label_is_refused(world, changes, part):
    do_import(world, encode(wat_telt()))
    error = refused(world, encode(wat_telt(**changes)))
    assert f"already exists with other {part}" in error.message
    assert "give it a new version label" in error.message


def test_another_kind_under_an_existing_code_is_refused(world):
    do_import(world, encode(wat_telt()))
    data = wat_telt(
        instrument={"code": "wat-telt", "name": "Wat telt", "kind": "ladder"},
        domains=[{"code": "wonen", "name": "Wonen"}],
    )
    assert "is a Matrix" in refused(world, encode(data)).message


def test_a_municipality_cannot_add_a_version_to_a_shipped_instrument(world):
    data = wat_telt(
        instrument={"code": "zrm", "name": "ZRM", "kind": "matrix"}, version={"label": "2025"}
    )
    error = refused(world, encode(data))
    assert "Instrument zrm is shipped with Wijkkompas" in error.message


def test_the_shipped_zrm_in_json_with_criteria_loads_only_the_criteria(world):
    zrm = world.zrm
    data = {
        "instrument": {"code": "zrm", "name": "Andere naam", "kind": "matrix"},
        "version": {"label": "2017", "scoring_note": zrm.scoring_note},
        "domains": [{"code": d.code, "name": d.name} for d in zrm.domains.all()],
        "levels": [{"value": level.value, "name": level.name} for level in zrm.levels.all()],
        "criteria": [{"domain": "financien", "level": 1, "text": "Groeiende schulden"}],
    }
    result = do_import(world, encode(data), name="zrm.json")
    assert result.version == zrm and result.criteria_added == 1 and not result.created_version
    assert zrm.instrument.name == Instrument.objects.get(pk=zrm.instrument_id).name
    assert CriterionText.objects.get().municipality == world.gm


def test_the_operator_imports_a_shipped_instrument(world):
    result = do_import(world, encode(wat_telt()), user=None, municipality=None)
    assert result.version.instrument.municipality is None
    assert result.version.imported_from.startswith("wat-telt.json (wijkkompas import_instrument, ")
    # For a municipality the shipped instrument is there already: nothing to add.
    again = do_import(world, encode(wat_telt()))
    assert not again.changed and again.version == result.version


def test_criteria_without_a_municipality_are_refused(world):
    data = wat_telt(criteria=[{"domain": "wonen", "level": 1, "text": "x"}])
    error = refused(world, encode(data), user=world.user("operator"), municipality=None)
    assert "Criterion texts belong to a municipality" in error.message


def test_a_bad_file_changes_nothing(world):
    error = refused(world, encode(wat_telt(domains=[])), error=InstrumentFileError)
    assert error.problems == ["domains: must hold at least 1 items."]


@pytest.mark.parametrize(
    "who", [Role.PROFESSIONAL, Role.TEAM_LEAD, Role.POLICY_OFFICER, "other_admin"]
)
def test_only_the_municipality_administrator_imports(world, who):
    refused(world, encode(wat_telt()), error=PermissionDenied, user=world.user(who))


def test_an_administrator_cannot_import_a_shipped_instrument(world):
    refused(world, encode(wat_telt()), error=PermissionDenied, municipality=None)


def test_a_failure_midway_leaves_nothing_half_written(world, monkeypatch):
    def explode(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(InstrumentLevel.objects, "bulk_create", explode)
    before = snapshot()
    with pytest.raises(RuntimeError):
        do_import(world, encode(wat_telt()))
    assert snapshot() == before


# --- CSV --------------------------------------------------------------------------------------

CRITERIA = (
    "domain,level,text\n"
    'financien,1,"Groeiende, complexe schulden"\n'
    "financien,2,Betalingsachterstanden\n"
    "Justitie,5,Geen contact met justitie\n"
)


def test_criteria_are_loaded_for_the_municipality_only(world):
    result = do_import(world, CRITERIA.encode(), name="zrm.csv", version=world.zrm)
    assert (result.criteria_added, result.criteria_changed) == (3, 0)
    texts = CriterionText.objects.order_by("domain__position", "level__value")
    assert [(c.domain.code, c.level.value, c.text) for c in texts] == [
        ("financien", 1, "Groeiende, complexe schulden"),
        ("financien", 2, "Betalingsachterstanden"),
        ("justitie", 5, "Geen contact met justitie"),
    ]
    assert {c.municipality_id for c in texts} == {world.gm.pk}
    assert texts[0].imported_from.startswith("zrm.csv (i-admin, ")
    assert "3 added, 0 changed" in result.message
    # The shipped version itself is not touched.
    assert InstrumentVersion.objects.get(pk=world.zrm.pk).imported_from == ""


def test_criteria_import_is_idempotent_and_updates_changed_texts(world):
    do_import(world, CRITERIA.encode(), name="zrm.csv", version=world.zrm)
    before = snapshot()
    again = do_import(world, CRITERIA.encode(), name="zrm.csv", version=world.zrm)
    assert not again.changed and snapshot() == before
    changed = CRITERIA.replace("Betalingsachterstanden", "Achterstanden")
    result = do_import(world, changed.encode(), name="zrm.csv", version=world.zrm)
    assert (result.criteria_added, result.criteria_changed) == (0, 1)
    assert CriterionText.objects.count() == 3


def test_two_municipalities_load_their_own_criteria(world):
    do_import(world, CRITERIA.encode(), name="zrm.csv", version=world.zrm)
    other = do_import(
        world,
        CRITERIA.encode(),
        name="zrm.csv",
        version=world.zrm,
        user=world.user("other_admin"),
        municipality=world.other_gm,
    )
    assert other.criteria_added == 3
    assert CriterionText.objects.filter(municipality=world.other_gm).count() == 3


def test_a_csv_needs_a_version(world):
    error = refused(world, CRITERIA.encode(), name="zrm.csv", version=None)
    assert error.field == "version"


def test_a_csv_needs_a_municipality(world):
    error = refused(
        world, CRITERIA.encode(), name="zrm.csv", user=None, municipality=None, version=world.zrm
    )
    assert "Criterion texts belong to a municipality" in error.message


def test_a_csv_for_another_municipalitys_version_is_refused(world):
    foreign = make_version(instrument__municipality=world.other_gm)
    refused(world, b"domain,level,text\nd1,1,x\n", error=Http404, name="x.csv", version=foreign)


def test_a_bad_csv_changes_nothing_and_names_every_line(world):
    content = CRITERIA + "gezin,1,x\nfinancien,9,y\n"
    error = refused(
        world, content.encode(), error=InstrumentFileError, name="zrm.csv", version=world.zrm
    )
    assert [p[:7] for p in error.problems] == ["Line 5:", "Line 6:"]
