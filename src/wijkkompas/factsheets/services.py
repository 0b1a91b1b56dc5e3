"""Writes of the factsheets: start a PDF run, make the PDF (the background task's work),
and remove old files.

A run is made for the user who asked and with what that user may see: the task runs the
same selectors as the page, as that user, and checks the user's access again when it
starts (an account that lost access in between gets a failed run, not a PDF). The task's
only argument is the run's id.
"""

from __future__ import annotations

import logging
import secrets
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from wijkkompas.core.exceptions import ApplicationError

from . import selectors
from .constants import STEP_PROGRESS, RunStatus, Step
from .models import FactsheetRun

logger = logging.getLogger(__name__)

#: Finished runs kept per user and factsheet (older files are removed).
KEEP_PER_FACTSHEET = 3


def factsheet_dir() -> Path:
    """Where the PDFs wait for their user: outside the web root, readable by the app only."""
    directory = Path(
        getattr(settings, "WIJKKOMPAS_FACTSHEET_DIR", None) or Path(settings.VAR_DIR) / "factsheets"
    )
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    return directory


def _check_year(year: int) -> int:
    this_year = timezone.localdate().year
    if not 2000 <= int(year) <= this_year:
        raise ApplicationError(_("Choose a year between 2000 and this year."))
    return int(year)


@transaction.atomic
def factsheet_run_start(
    *, user: Any, municipality_id: int, team_id: int | None, year: int, request: Any = None
) -> FactsheetRun:
    """Queue the PDF of a factsheet the user may see; a background task makes it.

    The same factsheet already being made for the user is returned instead of a second
    run. Out of the user's scope: 404, nothing saved."""
    if not selectors.may_view_factsheets(user=user):
        raise PermissionDenied
    year = _check_year(year)
    if team_id is not None:
        team = selectors.team_get(user=user, pk=team_id, request=request)
        municipality_id = team.municipality_id
    else:
        if not selectors.may_view_municipality_factsheets(user=user):
            raise Http404
        municipality_id = selectors.municipality_get(
            user=user, pk=municipality_id, request=request
        ).pk
    running = selectors.latest_run(user=user, municipality_id=municipality_id, team_id=team_id)
    if running is not None and running.is_active and running.year == year:
        return running
    run = FactsheetRun(
        municipality_id=municipality_id,
        team_id=team_id,
        year=year,
        requested_by=user,
        file_name="",
    )
    run.full_clean()
    run.save()
    language = translation.get_language() or settings.LANGUAGE_CODE
    from .tasks import build_factsheet_pdf

    transaction.on_commit(lambda: build_factsheet_pdf.enqueue(run_id=run.pk, language=language))
    return run


def _step(run: FactsheetRun, step: str) -> None:
    FactsheetRun.objects.filter(pk=run.pk).update(
        status=RunStatus.RUNNING, step=step, progress=STEP_PROGRESS[Step(step)]
    )


def factsheet_build(*, run: FactsheetRun, progress: Any = None) -> selectors.Factsheet:
    """The factsheet of a run, as its user sees it now (404 when out of their scope)."""
    user = run.requested_by
    if not user.is_active:
        raise Http404
    step = progress or (lambda _s: None)
    if run.team_id is not None:
        team = selectors.team_get(user=user, pk=run.team_id)
        return selectors.team_factsheet(user=user, team=team, year=run.year, progress=step)
    if not selectors.may_view_municipality_factsheets(user=user):
        raise Http404
    municipality = selectors.municipality_get(user=user, pk=run.municipality_id)
    return selectors.municipality_factsheet(
        user=user, municipality=municipality, year=run.year, progress=step
    )


def factsheet_run_execute(*, run_id: int, language: str | None = None) -> FactsheetRun:
    """Make the PDF of a queued run (the background task), keeping progress, the file and
    any failure on the run row. Never raises: a failure is a failed run with a reason
    code (no content) and the details in the log."""
    from .pdf import render_pdf

    run = FactsheetRun.objects.select_related("requested_by").get(pk=run_id)
    if run.status != RunStatus.QUEUED:
        return run
    path: Path | None = None
    try:
        with translation.override(language or settings.LANGUAGE_CODE):
            _step(run, Step.COLLECTING)
            factsheet = factsheet_build(run=run, progress=lambda s: _step(run, s))
            _step(run, Step.RENDERING)
            content, pages = render_pdf(factsheet)
        _step(run, Step.STORING)
        name = f"{secrets.token_hex(16)}.pdf"
        path = factsheet_dir() / name
        path.write_bytes(content)
        path.chmod(0o600)
        FactsheetRun.objects.filter(pk=run.pk).update(
            status=RunStatus.DONE,
            step=Step.DONE,
            progress=100,
            file_name=name,
            size=len(content),
            pages=pages,
            finished_at=timezone.now(),
        )
    except Exception as exc:
        logger.exception("Factsheet PDF %s failed", run.pk)
        if path is not None:
            path.unlink(missing_ok=True)
        reason = "access" if isinstance(exc, Http404 | PermissionDenied) else type(exc).__name__
        FactsheetRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED,
            step=Step.FAILED,
            error=reason[:100],
            finished_at=timezone.now(),
        )
    else:
        factsheet_runs_prune(run=run)
    run.refresh_from_db()
    return run


def factsheet_runs_prune(*, run: FactsheetRun) -> int:
    """Remove the user's older runs (and their files) of the same factsheet beyond the
    last few; returns how many were removed."""
    same = FactsheetRun.objects.filter(
        requested_by_id=run.requested_by_id,
        municipality_id=run.municipality_id,
        status__in=[RunStatus.DONE, RunStatus.FAILED],
    )
    same = same.filter(team__isnull=True) if run.team_id is None else same.filter(team=run.team_id)
    older = list(same.order_by("-created_at", "-pk")[KEEP_PER_FACTSHEET:])
    for old in older:
        if old.file_name:
            (factsheet_dir() / old.file_name).unlink(missing_ok=True)
    FactsheetRun.objects.filter(pk__in=[old.pk for old in older]).delete()
    return len(older)


def factsheet_file(*, user: Any, run: FactsheetRun) -> bytes:
    """The PDF of the user's finished run (the caller found the run through the user's
    scope). A file that went missing: a Dutch message, and the run is marked failed."""
    if run.requested_by_id != user.pk or not run.is_done:
        raise Http404
    path = factsheet_dir() / Path(run.file_name).name
    try:
        return path.read_bytes()
    except FileNotFoundError:
        FactsheetRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, step=Step.FAILED, error="missing", file_name=""
        )
        raise ApplicationError(
            _("The PDF is no longer available. Make it again to download it.")
        ) from None
