"""Fixtures for the project-wide tests under tests/ (access walker, query counts, browser)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import transaction

from tests.world import World, build_world


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: object) -> Iterator[World]:
    """The access-test world, built once per module and rolled back afterwards.

    Tests that use it also request ``db``: each test then runs in a savepoint inside this
    transaction (the ``setUpTestData`` pattern of Django's TestCase).
    """
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
