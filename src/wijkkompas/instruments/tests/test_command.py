"""wijkkompas import_instrument: the operator's route to the same import."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from wijkkompas.instruments.models import CriterionText, Instrument, InstrumentVersion

pytestmark = pytest.mark.django_db

EXAMPLES = Path(__file__).resolve().parents[4] / "docs" / "examples"


def run(*args: str) -> str:
    out = StringIO()
    call_command("import_instrument", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_the_wat_telt_example_imports_for_a_municipality_and_again_changes_nothing(world):
    path = str(EXAMPLES / "wat-telt.json")
    assert "has been added with 14 domains" in run(path, "--municipality", "gm0363")
    version = InstrumentVersion.objects.get(instrument__municipality=world.gm)
    assert version.domains.count() == 14
    assert version.imported_from.startswith("wat-telt.json (wijkkompas import_instrument, ")
    assert "Nothing changed" in run(path, "--municipality", "GM0363")
    assert InstrumentVersion.objects.filter(instrument__municipality=world.gm).count() == 1


def test_the_example_criteria_load_for_the_zrm(world):
    path = str(EXAMPLES / "zrm-criteria-voorbeeld.csv")
    out = run(
        path, "--municipality", "GM0363", "--instrument", "zrm", "--instrument-version", "2017"
    )
    assert "added, 0 changed" in out
    assert CriterionText.objects.filter(municipality=world.gm).count() > 0
    assert all(c.domain.version_id == world.zrm.pk for c in CriterionText.objects.all())


def test_without_municipality_the_instrument_is_shipped(world, tmp_path):
    path = tmp_path / "mini.json"
    path.write_text(
        '{"instrument": {"code": "mini", "name": "Mini", "kind": "ladder"},'
        ' "version": {"label": "1"}, "domains": [{"code": "d", "name": "D"}],'
        ' "levels": [{"value": 1, "name": "Laag"}, {"value": 2, "name": "Hoog"}]}'
    )
    run(str(path))
    assert Instrument.objects.get(code="mini").municipality is None


def test_a_bad_file_lists_every_problem_and_fails(world, tmp_path):
    path = tmp_path / "criteria.csv"
    path.write_text("domain,level,text\ngezin,1,x\nfinancien,9,y\n")
    err = StringIO()
    with pytest.raises(CommandError, match="criteria.csv was not imported: nothing changed."):
        call_command(
            "import_instrument",
            str(path),
            "--municipality",
            "GM0363",
            "--instrument",
            "zrm",
            "--instrument-version",
            "2017",
            stdout=StringIO(),
            stderr=err,
        )
    assert "Line 2: unknown domain gezin" in err.getvalue()
    assert "Line 3: level 9" in err.getvalue()
    assert not CriterionText.objects.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nowhere.json"], "No such file"),
        (["{file}", "--municipality", "GM9999"], "No municipality with code GM9999"),
        (["{file}", "--instrument", "zrm"], "Give both --instrument and --instrument-version"),
        (
            [
                "{file}",
                "--municipality",
                "GM0363",
                "--instrument",
                "zrm",
                "--instrument-version",
                "1999",
            ],
            "No instrument zrm with version 1999",
        ),
        (["{file}", "--municipality", "GM0363"], "Choose the instrument version"),
    ],
)
def test_wrong_arguments_are_refused(world, tmp_path, args, message):
    path = tmp_path / "x.csv"
    path.write_text("domain,level,text\nfinancien,1,x\n")
    with pytest.raises(CommandError, match=message):
        run(*[a.replace("{file}", str(path)) for a in args])
