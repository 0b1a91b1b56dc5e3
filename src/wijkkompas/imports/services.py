"""Writes of the imports: upload a file, map its columns, check it (the dry run), import
it (all or nothing), and remove files that are no longer needed.

The flow of an :class:`~.models.ImportJob`: :func:`job_create` stores the uploaded file
(outside the web root) after checking its size, type and encoding, and guesses the
column mapping; :func:`job_map` saves the mapping and queues the dry run; the task
(:func:`job_execute`) checks every row with the same rules the import uses and keeps the
counts and every error (row, column, message: no value from the file); :func:`job_confirm`
queues the import, which checks again and writes everything in one transaction through the
domain apps' bulk services, or nothing. The file is deleted after the import, or after the
retention period when the import is not run.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wijkkompas.areas import selectors as area_selectors
from wijkkompas.conversations import services as conversation_services
from wijkkompas.core import bulk
from wijkkompas.core.exceptions import ApplicationError
from wijkkompas.initiatives import services as initiative_services
from wijkkompas.instruments import services as instrument_services
from wijkkompas.residents import services as resident_services

from . import fields, files, selectors
from .constants import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_ROWS,
    DEFAULT_RETENTION_HOURS,
    MAX_STORED_ERRORS,
    PREVIEW_ROWS,
    SOURCE_MAX,
    ImportKind,
    JobStatus,
    RowStatus,
)
from .models import ImportJob

logger = logging.getLogger(__name__)

#: The bulk service of each kind (``<app>.services.<kind>_import``).
IMPORTERS: dict[str, Callable[..., list[bulk.RowResult]]] = {
    ImportKind.RESIDENTS: resident_services.residents_import,
    ImportKind.CONVERSATIONS: conversation_services.conversations_import,
    ImportKind.ASSESSMENTS: instrument_services.assessments_import,
    ImportKind.INITIATIVES: initiative_services.initiatives_import,
}
#: Kinds whose rows name neighbourhoods.
WITH_NEIGHBOURHOODS = (ImportKind.RESIDENTS, ImportKind.INITIATIVES)


# --- settings ------------------------------------------------------------------------------


def import_dir() -> Path:
    """Where uploaded files wait for their import: outside the web root, app only."""
    directory = Path(
        getattr(settings, "WIJKKOMPAS_IMPORT_DIR", None) or Path(settings.VAR_DIR) / "imports"
    )
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    return directory


def max_bytes() -> int:
    return int(getattr(settings, "WIJKKOMPAS_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


def max_rows() -> int:
    return int(getattr(settings, "WIJKKOMPAS_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS))


def retention() -> timedelta:
    hours = getattr(settings, "WIJKKOMPAS_IMPORT_RETENTION_HOURS", DEFAULT_RETENTION_HOURS)
    return timedelta(hours=int(hours))


# --- upload and mapping --------------------------------------------------------------------


def _check_team(*, user: Any, kind: str, team_id: Any) -> Any:
    if kind not in selectors.kinds_for(user=user):
        if not selectors.may_import(user=user):
            raise PermissionDenied
        raise ApplicationError(_("Choose what the file holds."), field="kind")
    try:
        pk = int(team_id)
    except (TypeError, ValueError):
        raise ApplicationError(_("Choose the team."), field="team") from None
    team = selectors.teams_for(user=user, kind=kind).filter(pk=pk).first()
    if team is None:
        raise Http404
    return team


def check_size(size: int | None) -> None:
    """Refuse a file larger than the setting, from its announced size (before reading it)."""
    if size is not None and size > max_bytes():
        files.raise_too_large(max_bytes())


@transaction.atomic
def job_create(
    *, user: Any, kind: str, team_id: Any, source_system: str, upload: Any, request: Any = None
) -> ImportJob:
    """Store an uploaded file for an import of ``kind`` into a team of the user, after
    checking its size (before reading), type, content and encoding; read its header row and
    guess the column mapping. A refused file is not kept."""
    if not selectors.may_import(user=user):
        raise PermissionDenied
    team = _check_team(user=user, kind=kind, team_id=team_id)
    source_system = " ".join((source_system or "").split())
    if not source_system:
        raise ApplicationError(
            _("Name the system the file comes from, e.g. 'Suite4Sociaal Domein'."),
            field="source_system",
        )
    if len(source_system) > SOURCE_MAX:
        raise ApplicationError(
            _("The name of the system has at most %(n)s characters.") % {"n": SOURCE_MAX},
            field="source_system",
        )
    if upload is None:
        raise ApplicationError(_("Choose the file to import."), field="file")
    fmt = files.file_format(getattr(upload, "name", ""))
    check_size(getattr(upload, "size", None))
    files_remove_expired()
    name = secrets.token_hex(16) + "." + fmt
    path = import_dir() / name
    size = files.save_upload(upload, path, max_bytes())
    try:
        if size == 0:
            raise ApplicationError(_("The file is empty."), field="file")
        headers = files.Reader(path, fmt).headers()
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    if not any(headers):
        path.unlink(missing_ok=True)
        raise ApplicationError(_("The first row of the file must name the columns."), field="file")
    job = ImportJob(
        municipality_id=team.municipality_id,
        team=team,
        created_by=user,
        kind=kind,
        source_system=source_system,
        file_format=fmt,
        file_name=name,
        size=size,
        headers=headers[:200],
        mapping=fields.guess_mapping(kind, headers[:200]),
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    job.full_clean()
    job.save()
    return job


def _require_own(user: Any, job: ImportJob) -> ImportJob:
    if job.created_by_id != user.pk:
        raise Http404
    return job


@transaction.atomic
def job_map(*, user: Any, job: ImportJob, mapping: dict[str, int | None]) -> ImportJob:
    """Save the column mapping (field name → column number, or None) and queue the dry
    run. Every required field needs a column, and a column serves one field."""
    _require_own(user, job)
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status not in (JobStatus.UPLOADED, JobStatus.CHECKED, JobStatus.FAILED):
        raise ApplicationError(_("This import is already running or done."))
    if not job.file_name:
        raise ApplicationError(_("The file of this import is no longer there: upload it again."))
    clean: dict[str, int] = {}
    used: dict[int, str] = {}
    for field in fields.fields_of(job.kind):
        column = mapping.get(field.name)
        if column is None or column == "":
            if field.required:
                raise ApplicationError(
                    _("Choose the column for '%(field)s': it is required.")
                    % {"field": field.label},
                    field=field.name,
                )
            continue
        column = int(column)
        if not 0 <= column < len(job.headers):
            raise ApplicationError(_("Choose a column of the file."), field=field.name)
        if column in used:
            raise ApplicationError(
                _("A column can be used for one field only.")
                + " "
                + _("Column %(column)s is chosen twice.") % {"column": job.headers[column]},
                field=field.name,
            )
        used[column] = field.name
        clean[field.name] = column
    job.mapping = clean
    job.status = JobStatus.CHECKING
    _reset(job)
    job.language = translation.get_language() or job.language
    job.save()
    _enqueue(job)
    return job


@transaction.atomic
def job_confirm(*, user: Any, job: ImportJob) -> ImportJob:
    """Queue the import of a checked file without errors."""
    _require_own(user, job)
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status != JobStatus.CHECKED:
        raise ApplicationError(_("Check the file first (the dry run), then confirm the import."))
    if job.error_count:
        raise ApplicationError(
            _("The file has errors: correct them in the file and upload it again.")
        )
    if not job.total_rows:
        raise ApplicationError(_("The file has no rows to import."))
    job.status = JobStatus.QUEUED
    job.progress = 0
    job.language = translation.get_language() or job.language
    job.save(update_fields=["status", "progress", "language"])
    _enqueue(job)
    return job


def _enqueue(job: ImportJob) -> None:
    from .tasks import run_import_job

    job_id = job.pk
    transaction.on_commit(lambda: run_import_job.enqueue(job_id=job_id))


def jobs_requeue_stalled(*, before: Any) -> int:
    """Queue again the jobs whose worker died (wijkkompas.ops.recovery): an import running
    since before ``before``, or a dry run or import waiting since then. The import is one
    transaction, so a dead worker wrote nothing and the job runs again from the start."""
    stalled = (
        ImportJob.objects.filter(status=JobStatus.RUNNING, started_at__lt=before)
        | ImportJob.objects.filter(status=JobStatus.QUEUED, checked_at__lt=before)
        | ImportJob.objects.filter(status=JobStatus.CHECKING, created_at__lt=before)
    )
    count = 0
    for job in stalled.select_for_update(skip_locked=True):
        if job.status == JobStatus.RUNNING:
            job.status = JobStatus.QUEUED
            job.save(update_fields=["status"])
        _enqueue(job)
        count += 1
    return count


def _reset(job: ImportJob) -> None:
    job.total_rows = job.processed_rows = job.progress = 0
    job.new_count = job.changed_count = job.unchanged_count = job.error_count = 0
    job.errors = []
    job.preview = []
    job.message = ""


# --- the task's work -----------------------------------------------------------------------


class _Refused(Exception):
    """Rows with errors at import time: roll everything back."""


def job_execute(*, job_id: int) -> ImportJob:
    """The background task: the dry run of a job being checked, or the import of a queued
    job. Never raises: a refusal or failure is kept on the job (nothing imported)."""
    job = ImportJob.objects.select_related("created_by", "team").get(pk=job_id)
    if job.status not in (JobStatus.CHECKING, JobStatus.QUEUED):
        return job
    write = job.status == JobStatus.QUEUED
    started = time.perf_counter()
    if write:
        job.status = JobStatus.RUNNING
        job.started_at = timezone.now()
        job.save(update_fields=["status", "started_at"])
    with translation.override(job.language or settings.LANGUAGE_CODE):
        try:
            outcome = run(job, write=write)
        except ApplicationError as error:
            _fail(job, str(error.message))
        except (PermissionDenied, Http404):
            _fail(job, _("You may no longer import into this team. Nothing was imported."))
        except _Refused:
            _fail(job, _("Some rows were refused during the import. Nothing was imported."))
        except Exception:
            logger.exception("import %s failed", job.pk)
            _fail(job, _("The import failed. Nothing was imported. Try again later."))
        else:
            _finish(job, outcome, write=write, seconds=time.perf_counter() - started)
    cache.delete(selectors.progress_key(job.pk))
    if job.status in (JobStatus.DONE, JobStatus.FAILED) and write:
        _remove_file(job)
    if write and job.status == JobStatus.DONE and job.kind == ImportKind.CONVERSATIONS:
        from .tasks import digest_imported_conversations

        digest_imported_conversations.enqueue(job_id=job.pk)
    return job


class Outcome:
    """What one pass over a file found: per row its status, and every error."""

    def __init__(self) -> None:
        self.statuses: dict[int, str] = {}
        self.errors: list[list[Any]] = []
        self.error_rows = 0

    def add_error(self, job: ImportJob, number: int, field_name: str, message: str) -> None:
        if len(self.errors) < MAX_STORED_ERRORS:
            self.errors.append([number, _column_name(job, field_name), message])

    def count(self, status: str) -> int:
        return sum(1 for s in self.statuses.values() if s == status)


def _column_name(job: ImportJob, field_name: str) -> str:
    """The column of the file a field was read from (its header), else the field's label."""
    column = job.mapping.get(field_name)
    if column is not None and 0 <= column < len(job.headers):
        return str(job.headers[column])
    for field in fields.fields_of(job.kind):
        if field.name == field_name:
            return str(field.label)
    return ""


def _set_progress(job: ImportJob, percent: float) -> None:
    cache.set(selectors.progress_key(job.pk), max(0, min(100, int(percent))), 3600)


def run(job: ImportJob, *, write: bool) -> Outcome:
    """One pass over the file: read and parse every row, then let the kind's bulk service
    check (and, with ``write``, import) them. Raises :class:`_Refused` when a row fails
    at import time (the transaction is rolled back)."""
    path = import_dir() / job.file_name if job.file_name else None
    if path is None or not path.exists():
        raise ApplicationError(_("The file of this import is no longer there: upload it again."))
    reader = files.Reader(path, job.file_format)
    headers = reader.headers()
    if headers[: len(job.headers)] != job.headers[: len(headers)]:
        raise ApplicationError(_("The file has changed since it was uploaded: upload it again."))
    neighbourhoods = None
    if job.kind in WITH_NEIGHBOURHOODS:
        neighbourhoods = fields.neighbourhood_lookup(
            area_selectors.neighbourhoods_of(municipality_ids=[job.municipality_id])
        )
    parser = fields.Parser(job.kind, job.mapping, neighbourhoods)
    outcome = Outcome()
    rows: list[tuple[int, dict[str, Any]]] = []
    limit = max_rows()
    parse_share = 30 if write else 60
    estimate = max(job.total_rows, 1)
    for number, cells in reader.rows():
        if len(outcome.statuses) >= limit:
            raise ApplicationError(
                _("The file has more than %(n)s rows: split it into smaller files.")
                % {"n": f"{limit:,}".replace(",", ".")}
            )
        values, problems = parser.parse(cells)
        if problems:
            outcome.statuses[number] = RowStatus.ERROR
            for field_name, message in problems:
                outcome.add_error(job, number, field_name, message)
        else:
            outcome.statuses[number] = RowStatus.NEW
            rows.append((number, values))
        if len(outcome.statuses) % 5000 == 0:
            _set_progress(job, parse_share * min(1, len(outcome.statuses) / estimate))
    _set_progress(job, parse_share)
    total = len(rows) or 1

    def progress(done: int) -> None:
        _set_progress(job, parse_share + (100 - parse_share) * done / total)

    importer = IMPORTERS[job.kind]
    user = job.created_by
    if not user.is_active:
        raise PermissionDenied
    if write:
        if any(s == RowStatus.ERROR for s in outcome.statuses.values()):
            raise _Refused
        with transaction.atomic():
            results = importer(
                user=user,
                team=job.team,
                source_system=job.source_system,
                rows=rows,
                write=True,
                progress=progress,
            )
            if any(r.status == bulk.ERROR for r in results):
                raise _Refused
    else:
        results = importer(
            user=user, team=job.team, source_system=job.source_system, rows=rows, write=False
        )
    for (number, _values), result in zip(rows, results, strict=True):
        outcome.statuses[number] = result.status
        for field_name, message in result.errors:
            outcome.add_error(job, number, field_name, message)
    outcome.errors.sort(key=lambda error: error[0])
    return outcome


def _finish(job: ImportJob, outcome: Outcome, *, write: bool, seconds: float) -> None:
    job.total_rows = job.processed_rows = len(outcome.statuses)
    job.new_count = outcome.count(RowStatus.NEW)
    job.changed_count = outcome.count(RowStatus.CHANGED)
    job.unchanged_count = outcome.count(RowStatus.UNCHANGED)
    job.error_count = outcome.count(RowStatus.ERROR)
    job.errors = outcome.errors
    job.preview = [[n, s] for n, s in sorted(outcome.statuses.items())[:PREVIEW_ROWS]]
    job.progress = 100
    job.seconds = round(seconds, 3)
    now = timezone.now()
    if write:
        job.status = JobStatus.DONE
        job.finished_at = now
    else:
        job.status = JobStatus.CHECKED
        job.checked_at = now
        if not job.total_rows:
            job.message = _("The file has no rows to import.")
    job.save()


def _fail(job: ImportJob, message: str) -> None:
    job.status = JobStatus.FAILED
    job.message = message[:300]
    job.finished_at = timezone.now()
    job.progress = 0
    job.save(update_fields=["status", "message", "finished_at", "progress"])


def _remove_file(job: ImportJob) -> None:
    if job.file_name:
        (import_dir() / job.file_name).unlink(missing_ok=True)
        ImportJob.objects.filter(pk=job.pk).update(file_name="")
        job.file_name = ""


def digest_conversations(*, job_id: int) -> int:
    """After an import of conversations: the digests the signals are counted from, for the
    municipality's conversations that have none yet (in batches, not one task per row)."""
    from wijkkompas.signals import selectors as signal_selectors
    from wijkkompas.signals import services as signal_services

    if not getattr(settings, "WIJKKOMPAS_IMPORT_DIGEST", True):
        return 0
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None:
        return 0
    ids = signal_selectors.conversations_without_digest(municipality_id=job.municipality_id)
    cache_: dict[Any, Any] = {}
    written = 0
    for part in bulk.chunks(ids):
        written += signal_services.digests_bulk_write(conversation_ids=list(part), cache=cache_)
    return written


def files_remove_expired() -> int:
    """Delete the files of imports that were not run within the retention period (and of
    finished ones, should one be left). Returns how many were removed."""
    cutoff = timezone.now() - retention()
    stale = ImportJob.objects.exclude(file_name="").filter(
        created_at__lt=cutoff,
        status__in=[JobStatus.UPLOADED, JobStatus.CHECKED, JobStatus.FAILED, JobStatus.DONE],
    )
    removed = 0
    for job in stale:
        _remove_file(job)
        removed += 1
    return removed
