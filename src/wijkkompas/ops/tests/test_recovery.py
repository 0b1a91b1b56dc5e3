"""The scheduler's ``recover`` job: an import or a signal recomputation whose worker died
is queued again and runs once more from the start, without duplicates."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import TestCase
from django.utils import timezone

from wijkkompas.accounts.constants import Role
from wijkkompas.imports import services as import_services
from wijkkompas.imports.constants import ImportKind, JobStatus
from wijkkompas.imports.models import ImportJob
from wijkkompas.imports.tests.conftest import RESIDENTS_CSV, _import_dir, upload, world  # noqa: F401
from wijkkompas.ops.recovery import recover
from wijkkompas.residents.models import Resident
from wijkkompas.signals.constants import RunStatus
from wijkkompas.signals.models import SignalRun

pytestmark = pytest.mark.django_db

LONG_AGO = dt.timedelta(hours=2)


def _confirmed_job(world) -> ImportJob:  # noqa: F811
    """A checked residents import, confirmed, whose task never ran (the worker died)."""
    user = world.user(Role.PROFESSIONAL)
    job = import_services.job_create(
        user=user,
        kind=ImportKind.RESIDENTS,
        team_id=world.team.pk,
        source_system="Suite",
        upload=upload(RESIDENTS_CSV),
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        import_services.job_map(user=user, job=job, mapping=dict(job.mapping))
    job.refresh_from_db()
    with TestCase.captureOnCommitCallbacks(execute=False):  # the queued task is lost
        import_services.job_confirm(user=user, job=job)
    job.refresh_from_db()
    return job


def test_an_import_whose_worker_died_runs_again_once(world):  # noqa: F811
    job = _confirmed_job(world)
    # The worker set it running and died: the import is one transaction, nothing written.
    ImportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, started_at=timezone.now() - LONG_AGO
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert recover() == {"imports": 1, "signal_runs": 0}
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert Resident.objects.filter(household__team=world.team).count() == 3
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert recover() == {"imports": 0, "signal_runs": 0}
    assert Resident.objects.filter(household__team=world.team).count() == 3


def test_running_work_is_left_alone_until_it_is_overdue(world):  # noqa: F811
    job = _confirmed_job(world)
    ImportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, started_at=timezone.now() - dt.timedelta(minutes=5)
    )
    with TestCase.captureOnCommitCallbacks(execute=True) as callbacks:
        assert recover() == {"imports": 0, "signal_runs": 0}
    assert callbacks == []
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING


def test_a_signal_recomputation_whose_worker_died_runs_again(world):  # noqa: F811
    stalled = SignalRun.objects.create(
        municipality=world.gm, year=timezone.localdate().year, status=RunStatus.RUNNING
    )
    recent = SignalRun.objects.create(
        municipality=world.foreign.municipality, year=2025, status=RunStatus.RUNNING
    )
    done = SignalRun.objects.create(municipality=world.gm, year=2024, status=RunStatus.DONE)
    SignalRun.objects.filter(pk__in=[stalled.pk, done.pk]).update(
        created_at=timezone.now() - LONG_AGO
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert recover() == {"imports": 0, "signal_runs": 1}
    stalled.refresh_from_db()
    recent.refresh_from_db()
    assert stalled.status == RunStatus.DONE
    assert recent.status == RunStatus.RUNNING
