"""Reads: versions for scoring, the form fields, the profile over time and the comparison."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wijkkompas.accounts.constants import Role
from wijkkompas.instruments import selectors
from wijkkompas.instruments.tests.conftest import load_criteria
from wijkkompas.instruments.tests.factories import make_assessment, make_version
from wijkkompas.residents.tests.factories import ConsentFactory, ResidentFactory

pytestmark = pytest.mark.django_db

DAY = dt.date(2025, 1, 6)


def count_queries(function: Any, **kwargs: Any) -> tuple[Any, int]:
    with CaptureQueriesContext(connection) as ctx:
        result = function(**kwargs)
    return result, len(ctx.captured_queries)


# --- versions and scoring fields ------------------------------------------------------------


def test_active_versions_are_shipped_and_own_in_use_only(world):
    own = make_version(instrument__municipality=world.gm, instrument__name="Wat telt")
    make_version(instrument__municipality=world.other_gm)
    make_version(instrument__municipality=world.gm, is_active=False)
    versions = selectors.active_versions(user=world.user(Role.PROFESSIONAL))
    assert [v.pk for v in versions] == [world.ladder.pk, own.pk, world.zrm.pk]


def test_active_versions_take_two_queries_and_carry_domains_and_levels(world):
    for n in range(5):
        make_version(instrument__municipality=world.gm, domains=[f"D{i}" for i in range(n + 1)])
    user = world.user(Role.PROFESSIONAL)
    versions, queries = count_queries(selectors.active_versions, user=user)
    assert queries == 2
    with CaptureQueriesContext(connection) as ctx:
        zrm = next(v for v in versions if v.pk == world.zrm.pk)
        assert [d.code for d in zrm.domains.all()][:2] == ["financien", "werk-opleiding"]
        assert [level.value for level in zrm.levels.all()] == [1, 2, 3, 4, 5]
        assert zrm.instrument.name == "Zelfredzaamheid-Matrix"
    assert len(ctx.captured_queries) == 0


def test_scoring_fields_with_choices_and_criteria_of_the_users_municipality(world):
    load_criteria(world.zrm, world.gm, "Eigen")
    load_criteria(world.zrm, world.other_gm, "Vreemd")
    versions = selectors.active_versions(user=world.user(Role.PROFESSIONAL))
    fields, queries = count_queries(selectors.scoring_fields, versions=versions)
    assert queries == 1
    zrm_fields = [f for f in fields if f.version_id == world.zrm.pk]
    assert len(zrm_fields) == 13
    first = zrm_fields[0]
    assert first.name == f"score_{world.zrm.pk}_financien" and first.label == "Financiën"
    assert first.domain_code == "financien" and first.legend == "Zelfredzaamheid-Matrix 2017"
    assert first.choices[0] == (1, "1 – Acute problematiek")
    assert first.help.splitlines()[0] == "1: Eigen financien 1"
    assert "Vreemd" not in " ".join(f.help for f in fields)
    ladder = [f for f in fields if f.version_id == world.ladder.pk]
    assert len(ladder) == 1 and ladder[0].help == "" and len(ladder[0].choices) == 6


def test_no_criteria_without_a_municipality(world):
    load_criteria(world.zrm, world.gm, "Eigen")
    versions = selectors.active_versions(user=world.user("operator"))
    fields, queries = count_queries(selectors.scoring_fields, versions=versions)
    assert queries == 0 and all(f.help == "" for f in fields)


def test_a_form_built_from_the_fields_gives_scores_per_version(world):
    versions = selectors.active_versions(user=world.user(Role.PROFESSIONAL))
    fields = selectors.scoring_fields(versions=versions)

    class ScoreForm(forms.Form):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            for field in fields:
                self.fields[field.name] = forms.TypedChoiceField(
                    label=field.label,
                    choices=[("", "—"), *field.choices],
                    coerce=int,
                    required=False,
                    empty_value=None,
                    help_text=field.help,
                )

    form = ScoreForm(
        data={
            f"score_{world.zrm.pk}_financien": "2",
            f"score_{world.zrm.pk}_justitie": "5",
            f"score_{world.zrm.pk}_huisvesting": "",
            f"score_{world.ladder.pk}_participatie": "",
        }
    )
    assert form.is_valid(), form.errors
    scores = selectors.scores_from_cleaned_data(versions=versions, cleaned_data=form.cleaned_data)
    assert scores == {world.zrm.pk: {"financien": 2, "justitie": 5}}
    assert not ScoreForm(data={f"score_{world.zrm.pk}_financien": "6"}).is_valid()


def test_scores_from_plain_string_data(world):
    versions = selectors.active_versions(user=world.user(Role.PROFESSIONAL))
    data = {f"score_{world.ladder.pk}_participatie": "4"}
    assert selectors.scores_from_cleaned_data(versions=versions, cleaned_data=data) == {
        world.ladder.pk: {"participatie": 4}
    }


# --- criteria grid --------------------------------------------------------------------------


def test_criteria_grid_shows_only_the_users_municipality(world):
    load_criteria(world.zrm, world.other_gm, "Vreemd")
    version = selectors.version_get(user=world.user(Role.ADMIN), pk=world.zrm.pk)
    assert selectors.criteria_grid(user=world.user(Role.ADMIN), version=version) is None
    load_criteria(world.zrm, world.gm, "Eigen")
    grid = selectors.criteria_grid(user=world.user(Role.ADMIN), version=version)
    assert grid is not None and grid.count == 65
    domain, texts = grid.rows[0]
    assert domain.code == "financien" and texts[0] == "Eigen financien 1"
    # The operator has no municipality: no licence, no grid.
    assert selectors.criteria_grid(user=world.user("operator"), version=version) is None


# --- profile --------------------------------------------------------------------------------


def assess(world: Any, days: int, scores: dict[str, int], version: Any = None) -> Any:
    return make_assessment(
        resident=world.resident,
        version=version or world.zrm,
        assessed_on=DAY + dt.timedelta(days=days),
        scores=scores,
    )


def test_profile_series_over_time(world):
    assess(world, 60, {"financien": 3, "justitie": 5})
    assess(world, 0, {"financien": 1})
    assess(world, 30, {"participatie": 2}, version=world.ladder)
    profile = selectors.profile(user=world.user(Role.PROFESSIONAL), resident=world.resident)
    assert profile and profile.assessment_count == 3
    ladder, zrm = profile.series
    assert ladder.title == "Participatieladder 1" and zrm.title == "Zelfredzaamheid-Matrix 2017"
    assert [c.assessed_on for c in zrm.columns] == [DAY, DAY + dt.timedelta(days=60)]
    assert len(zrm.rows) == 13 and len(zrm.levels) == 5
    financien = zrm.rows[0]
    assert financien.values == (1, 3)
    assert financien.labels == ("1 – Acute problematiek", "3 – Beperkt zelfredzaam")
    assert zrm.rows[1].values == (None, None) and zrm.rows[1].labels == ("", "")
    assert zrm.rows[-1].values == (None, 5)
    assert ladder.rows[0].values == (2,) and ladder.level_name(2) == "Sociale contacten buitenshuis"


def test_profile_shows_only_what_the_user_may_see(world):
    assess(world, 0, {"financien": 1})
    assert not selectors.profile(
        user=world.user("other_team_professional"), resident=world.resident
    )
    assert not selectors.profile(user=world.user(Role.ADMIN), resident=world.resident)
    # The resident sees their own (Mijn plan).
    world.resident.user = world.user(Role.RESIDENT)
    world.resident.save()
    assert selectors.profile(user=world.user(Role.RESIDENT), resident=world.resident)


def test_profile_without_consent_for_scores_is_empty(world):
    resident = ResidentFactory(household__team=world.team)
    ConsentFactory(resident=resident, covers_assessments=False)
    make_assessment(resident=resident, version=world.zrm, scores={"financien": 2})
    assert not selectors.profile(user=world.user(Role.PROFESSIONAL), resident=resident)
    assert not selectors.may_score(user=world.user(Role.PROFESSIONAL), resident=resident)
    assert selectors.may_score(user=world.user(Role.PROFESSIONAL), resident=world.resident)


@pytest.mark.parametrize("selector", [selectors.profile, selectors.assessment_list])
def test_reads_of_assessments_take_constant_queries(world, selector):
    user = world.user(Role.PROFESSIONAL)
    assess(world, 0, {"financien": 1})
    selector(user=user, resident=world.resident)  # the user's organisations are cached
    # Domains and levels are kept per process: both counts start without them, so they
    # compare the same work (one version against two).
    selectors.forget_reference()
    _result, one = count_queries(selector, user=user, resident=world.resident)
    for n in range(19):
        version = world.ladder if n % 4 == 0 else world.zrm
        scores = {"participatie": 3} if version == world.ladder else {"financien": 2, "justitie": 4}
        assess(world, n + 1, scores, version=version)
    selectors.forget_reference()
    result, twenty = count_queries(selector, user=user, resident=world.resident)
    assert one == twenty, (one, twenty)
    assert sum(1 for _ in (result.series if hasattr(result, "series") else result)) >= 2


# --- compare --------------------------------------------------------------------------------


def test_compare_before_and_after_without_queries(world):
    assess(world, 0, {"financien": 1, "huisvesting": 4, "justitie": 5})
    assess(world, 90, {"financien": 3, "huisvesting": 2, "tijdsbesteding": 3, "justitie": 5})
    before, after = selectors.assessment_list(
        user=world.user(Role.PROFESSIONAL), resident=world.resident
    )
    comparison, queries = count_queries(selectors.compare, before=before, after=after)
    assert queries == 0
    assert comparison.title == "Zelfredzaamheid-Matrix 2017"
    assert (comparison.before_on, comparison.after_on) == (DAY, DAY + dt.timedelta(days=90))
    rows = {row.code: row for row in comparison.rows}
    assert [row.code for row in comparison.rows] == [
        "financien",
        "tijdsbesteding",
        "huisvesting",
        "justitie",
    ]
    assert (rows["financien"].delta, rows["financien"].delta_text) == (2, "+2")
    assert rows["financien"].direction == "higher"
    assert (rows["huisvesting"].delta_text, rows["huisvesting"].direction) == ("\u22122", "lower")
    assert (rows["justitie"].delta_text, rows["justitie"].direction) == ("0", "same")
    assert rows["tijdsbesteding"].delta is None and rows["tijdsbesteding"].before_label == ""
    assert rows["tijdsbesteding"].after_label == "3 – Beperkt zelfredzaam"


def test_domains_and_levels_are_read_once_per_process(world):
    user = world.user(Role.PROFESSIONAL)
    assess(world, 0, {"financien": 1})
    selectors.profile(user=user, resident=world.resident)  # the user's organisations are cached
    selectors.forget_reference()
    _result, cold = count_queries(selectors.profile, user=user, resident=world.resident)
    _result, warm = count_queries(selectors.profile, user=user, resident=world.resident)
    assert warm == cold - 2
    # A changed level name is seen at once in this process.
    level = world.zrm.levels.get(value=1)
    level.name = "Acute problematiek (gewijzigd)"
    level.save()
    profile, _queries = count_queries(selectors.profile, user=user, resident=world.resident)
    assert "Acute problematiek (gewijzigd)" in {lv.name for s in profile.series for lv in s.levels}
