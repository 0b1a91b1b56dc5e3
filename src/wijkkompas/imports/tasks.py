"""Background work of the imports. The only argument is the job's id: never data."""

from __future__ import annotations

from django_tasks import task

from wijkkompas.audit.services import processing_trace


@task()
def run_import_job(*, job_id: int) -> str:
    """Check (dry run) or import the file of an :class:`~.models.ImportJob` (queued on
    commit by ``services.job_map`` and ``services.job_confirm``)."""
    from .services import job_execute

    with processing_trace():
        return str(job_execute(job_id=job_id).status)


@task()
def digest_imported_conversations(*, job_id: int) -> int:
    """After an import of conversations: their digests for the signals, in batches."""
    from .services import digest_conversations

    with processing_trace():
        return digest_conversations(job_id=job_id)
