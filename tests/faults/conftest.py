"""Fixtures of the fault tests: one private PostgreSQL and Redis per session, a database per
test copied from a prepared template (migrated, demo loaded), the production processes.

These tests restart services and take minutes: they run only through ``bin/run-fault-tests``
(``make test-faults``), which sets ``WIJKKOMPAS_FAULT_TESTS=1``; the normal suite does not
collect them.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator

import pytest

if os.environ.get("WIJKKOMPAS_FAULT_TESTS") != "1":
    collect_ignore_glob = ["test_*.py"]
else:
    from .harness import App, Postgres, Redis, Workdir, services, tail

    TEMPLATE = "wk_faults_template"

    @pytest.fixture(scope="session")
    def cluster() -> Iterator[tuple[Workdir, Postgres, Redis]]:
        """The private services, and a template database with the demo loaded."""
        with services() as (work, pg, redis):
            assert redis is not None
            pg.create_database(TEMPLATE)
            app = App(work, database_url=pg.url(TEMPLATE), redis_url=redis.url(15))
            # Prepared once: static files (the manifest the production storage needs), the
            # schema and the demo; its tasks run inline (nobody would run them from Redis).
            app.environ["TASKS_BACKEND"] = "django_tasks.backends.immediate.ImmediateBackend"
            app.manage("collectstatic", "--noinput", "--verbosity", "0")
            app.manage("migrate", "--noinput", "--verbosity", "0")
            app.manage("load_demo", "--verbosity", "0")
            redis.client(15).flushdb()
            yield work, pg, redis

    @pytest.fixture
    def make_app(
        cluster: tuple[Workdir, Postgres, Redis], request: pytest.FixtureRequest
    ) -> Iterator[Callable[..., App]]:
        """``make_app()``: a fresh database (a copy of the template) and the app's environment
        for it (its own Redis database number); every process it started is stopped after
        the test, and its logs are shown when the test failed."""
        work, pg, redis = cluster
        apps: list[App] = []
        numbers = iter(range(1, 15))

        def make(**env: str) -> App:
            name = "wk_faults_" + secrets.token_hex(4)
            pg.create_database(name, template=TEMPLATE)
            number = next(numbers)
            redis.client(number).flushdb()
            app = App(work, database_url=pg.url(name), redis_url=redis.url(number), env=env)
            apps.append(app)
            return app

        yield make
        failed = getattr(request.node, "rep_call", None)
        for app in apps:
            app.stop_all()
            if failed is not None and failed.failed:
                for process in app.processes:
                    print(f"--- {process.log.name}\n{tail(process.log, 60)}")

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> object:
        report = yield
        setattr(item, "rep_" + report.when, report)
        return report
