"""Background work of the rights app. Arguments are ids only, never personal data."""

from __future__ import annotations

from django_tasks import task

from wijkkompas.audit.services import processing_trace


@task()
def build_access_export(*, export_id: int) -> str:
    """Build and store the access export ``export_id`` (queued on commit of the request)."""
    from .services import access_export_store

    with processing_trace():
        return str(access_export_store(export_id=export_id).status)


@task()
def purge_closed_cases() -> dict[str, int]:
    """Delete closed cases past their retention period and expired access exports."""
    from .services import closed_cases_purge, exports_expire

    with processing_trace():
        runs = closed_cases_purge()
        return {
            "municipalities": len(runs),
            "households": sum(len(run.household_ids) for run in runs),
            "expired_exports": exports_expire(),
        }
