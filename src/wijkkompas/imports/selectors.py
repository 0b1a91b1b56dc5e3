"""Reads of the imports: who may import what into which team, the user's own jobs, and
the progress of a running job. A job is only ever seen by the user who uploaded it."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.db.models import QuerySet

from wijkkompas.accounts.access import get_in_scope, may_use, restrict
from wijkkompas.accounts.constants import Action, Role
from wijkkompas.initiatives import selectors as initiative_selectors
from wijkkompas.teams import selectors as team_selectors

from .constants import TEAM_IMPORT_ROLES, ImportKind
from .models import ImportJob


def may_import(*, user: Any) -> bool:
    """Whether the user may use the import pages at all (the roles of :class:`ImportJob`)."""
    return may_use(user, ImportJob, Action.CHANGE)


def kinds_for(*, user: Any) -> list[str]:
    """The kinds the user may import: case data for the roles that change case data of their
    team, initiatives for the roles that create initiatives."""
    if not may_import(user=user):
        return []
    kinds: list[str] = []
    if user.is_superuser or user.role in TEAM_IMPORT_ROLES:
        kinds += [ImportKind.RESIDENTS, ImportKind.CONVERSATIONS, ImportKind.ASSESSMENTS]
    if initiative_selectors.may_create_initiative(user=user):
        kinds.append(ImportKind.INITIATIVES)
    return kinds


def teams_for(*, user: Any, kind: str | None = None) -> QuerySet[Any]:
    """The teams the user may import into: their own teams; the administrator (initiatives
    only) every team of the municipality."""
    teams = team_selectors.team_list(user=user).filter(municipality_id=user.municipality_id)
    if user.is_superuser or (user.role == Role.ADMIN and kind in (None, ImportKind.INITIATIVES)):
        return teams
    return teams.filter(pk__in=user.team_ids())


def job_list(*, user: Any) -> QuerySet[ImportJob]:
    """The user's own imports, newest first."""
    return (
        restrict(ImportJob.objects.filter(created_by_id=user.pk), user, Action.VIEW)
        .select_related("team")
        .order_by("-created_at", "-pk")
    )


def job_get(*, user: Any, pk: int, request: Any = None) -> ImportJob:
    """One of the user's own imports; another user's (or none) is a 404."""
    return get_in_scope(
        ImportJob.objects.filter(created_by_id=user.pk).select_related("team"),
        user,
        Action.VIEW,
        request=request,
        pk=pk,
    )


def progress_key(job_id: int) -> str:
    return f"wk:import-progress:{job_id}"


def job_progress(job: ImportJob) -> int:
    """The percentage done: from the shared cache while the task runs (its writes are not
    visible before they commit), else from the job."""
    if job.is_active:
        value = cache.get(progress_key(job.pk))
        if value is not None:
            return int(value)
    return job.progress
