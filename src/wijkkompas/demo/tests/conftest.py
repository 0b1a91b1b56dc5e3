"""The demo, loaded once per test module (the load takes seconds) and rolled back after it.

Tests that use ``demo`` also request ``db``: each then runs in a savepoint inside the
module's transaction (the ``setUpTestData`` pattern), so one test's changes do not reach
the next.
"""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction


def load() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: object) -> Iterator[str]:
    """The output of one ``load_demo``; the database holds the demo until the module ends."""
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield load()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
