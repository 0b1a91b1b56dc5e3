"""The bench generator's case data when it changes: repeatable with the seed, topped up for
the growth benchmark, replaced by ``--reset``, removed, or left out."""

from __future__ import annotations

import pytest

from wijkkompas.accounts.models import User
from wijkkompas.conversations.models import Conversation
from wijkkompas.demo import casegen
from wijkkompas.demo.generator import (
    bench_cases_top_up,
    bench_data_generate,
    generated_data_remove,
    generated_municipalities,
)
from wijkkompas.instruments.models import Assessment, AssessmentScore, InstrumentVersion
from wijkkompas.plans.models import Plan
from wijkkompas.residents.models import Consent, Household, Resident
from wijkkompas.residents.tests.factories import ConsentFactory
from wijkkompas.rights.models import PurgeRun

from .test_casegen import SMALL, TODAY, fingerprint, own_work, worker

pytestmark = pytest.mark.django_db


def test_same_seed_same_data() -> None:
    bench_data_generate(scale="small", seed=7, today=TODAY, conversations=400)
    first = fingerprint()
    bench_data_generate(scale="small", seed=7, today=TODAY, conversations=400, reset=True)
    assert fingerprint() == first
    assert Conversation.objects.count() == 400
    bench_data_generate(scale="small", seed=8, today=TODAY, conversations=400, reset=True)
    assert fingerprint() != first


def test_top_up_grows_the_rest_but_not_the_workers_own_work() -> None:
    bench_data_generate(scale="small", seed=7, today=TODAY, conversations=SMALL.growth_from)
    assert Conversation.objects.count() == SMALL.growth_from
    assert Resident.objects.count() == casegen.residents_for(SMALL.growth_from)
    before = own_work()
    team = worker().teams.get()
    team_before = Conversation.objects.filter(team=team).count()

    result = bench_cases_top_up(conversations=SMALL.conversations, seed=7, today=TODAY)

    assert Conversation.objects.count() == SMALL.conversations
    assert Resident.objects.count() == SMALL.residents
    assert result.counts["conversations"] == SMALL.conversations - SMALL.growth_from
    assert own_work() == before
    assert Conversation.objects.filter(team=team).count() > team_before
    with pytest.raises(ValueError, match="already"):
        bench_cases_top_up(conversations=SMALL.growth_from, seed=7, today=TODAY)


def test_reset_replaces_everything_and_leaves_other_cases_alone() -> None:
    other = ConsentFactory()  # a real case outside the generated municipalities
    bench_data_generate(scale="small", seed=7, today=TODAY, conversations=300)
    counts = {m: m.objects.count() for m in (Household, Resident, Conversation, AssessmentScore)}
    bench_data_generate(scale="small", seed=7, today=TODAY, conversations=300, reset=True)
    assert {m: m.objects.count() for m in counts} == counts
    generated_data_remove()
    assert not generated_municipalities().exists()
    assert list(Resident.objects.all()) == [other.resident]
    assert Consent.objects.get() == other
    assert not Conversation.objects.exists() and not AssessmentScore.objects.exists()
    assert not User.objects.filter(username__startswith="bench-").exists()


def test_remove_when_only_generated_cases_exist() -> None:
    bench_data_generate(scale="small", seed=7, today=TODAY, conversations=300)
    generated_data_remove()
    assert not Household.objects.exists() and not Conversation.objects.exists()
    assert not Assessment.objects.exists() and not Plan.objects.exists()
    # The shipped instruments stay.
    assert InstrumentVersion.objects.filter(instrument__code="zrm", label="2017").exists()


def test_remove_after_a_retention_purge_ran() -> None:
    """A served database runs the retention job, which records its runs per municipality
    (protected): removing (and so ``--reset``) still works."""
    bench_data_generate(scale="small", seed=7, today=TODAY, conversations=300)
    for municipality in generated_municipalities():
        PurgeRun.objects.create(municipality=municipality, closed_before=TODAY)
    generated_data_remove()
    assert not generated_municipalities().exists() and not PurgeRun.objects.exists()


def test_organisation_only() -> None:
    result = bench_data_generate(scale="small", seed=7, today=TODAY, conversations=0)
    assert result.counts["conversations"] == 0 and not Household.objects.exists()
    with pytest.raises(ValueError, match="at least"):
        bench_data_generate(scale="small", seed=7, conversations=50, reset=True)
