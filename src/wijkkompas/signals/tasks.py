"""Background work of the signals app. Arguments are ids only, never personal data."""

from __future__ import annotations

from django_tasks import task

from wijkkompas.audit.services import processing_trace


@task()
def refresh_conversation_signals(*, conversation_id: int) -> int:
    """Digest one saved conversation and update its areas' signals (queued on commit)."""
    from .services import conversation_signals_refresh

    with processing_trace():
        return conversation_signals_refresh(conversation_id=conversation_id)


@task()
def refresh_conversation_themes(*, conversation_id: int) -> int:
    """The themes of one saved conversation's areas (queued by the task above)."""
    from .services import conversation_themes_refresh

    with processing_trace():
        return conversation_themes_refresh(conversation_id=conversation_id)


@task()
def recompute_signals(*, run_id: int) -> str:
    """Recompute a municipality's year of signals (a :class:`~.models.SignalRun`)."""
    from .services import signal_run_execute

    with processing_trace():
        return str(signal_run_execute(run_id=run_id).status)
