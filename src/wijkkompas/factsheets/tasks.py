"""Background work of the factsheets. Arguments are ids (and the language), never data."""

from __future__ import annotations

from django_tasks import task

from wijkkompas.audit.services import processing_trace


@task()
def build_factsheet_pdf(*, run_id: int, language: str = "") -> str:
    """Make the PDF of a queued :class:`~.models.FactsheetRun` (queued on commit)."""
    from .services import factsheet_run_execute

    with processing_trace():
        return str(factsheet_run_execute(run_id=run_id, language=language or None).status)
