"""The ``recover`` job: work whose worker died is queued again (see :mod:`.scheduler`).

An import or a signal recomputation still marked running (or waiting) long after it began —
longer than ``WIJKKOMPAS_RECOVER_AFTER`` seconds, more than the task timeout, so its worker
is gone — is queued again and runs from the start. Imports write everything in one
transaction and match rows by external id, and a recomputation rewrites its year, so a run
after a dead one makes no duplicates.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from wijkkompas.imports import services as import_services
from wijkkompas.signals import services as signal_services


@transaction.atomic
def recover(*, now: dt.datetime | None = None) -> dict[str, int]:
    before = (now or timezone.now()) - dt.timedelta(seconds=settings.WIJKKOMPAS_RECOVER_AFTER)
    return {
        "imports": import_services.jobs_requeue_stalled(before=before),
        "signal_runs": signal_services.signal_runs_requeue_stalled(before=before),
    }
