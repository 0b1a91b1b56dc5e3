"""The pool's check before lending a connection (ops.dbpool)."""

from __future__ import annotations

import pytest

from wijkkompas.ops import dbpool


class FakeConnection:
    pass


@pytest.fixture
def checked(monkeypatch):
    calls: list[object] = []
    monkeypatch.setattr(dbpool.ConnectionPool, "check_connection", calls.append)
    return calls


def test_a_connection_never_returned_is_checked(checked):
    connection = FakeConnection()
    dbpool.check_unless_fresh(connection)
    assert checked == [connection]


def test_a_connection_returned_a_moment_ago_is_lent_unchecked(checked, monkeypatch):
    connection = FakeConnection()
    monkeypatch.setattr(dbpool.time, "monotonic", lambda: 1000.0)
    dbpool.mark_returned(connection)
    monkeypatch.setattr(dbpool.time, "monotonic", lambda: 1000.0 + dbpool.FRESH_SECONDS - 0.1)
    dbpool.check_unless_fresh(connection)
    assert checked == []
    # Idle for longer: checked again.
    monkeypatch.setattr(dbpool.time, "monotonic", lambda: 1000.0 + dbpool.FRESH_SECONDS + 0.1)
    dbpool.check_unless_fresh(connection)
    assert checked == [connection]


def test_the_production_engine_builds_its_pool_with_the_check():
    """The engine (``wijkkompas.ops.postgresql``) gives Django's pool our check and reset
    instead of Django's check of every borrow; the pool is built, not opened."""
    from wijkkompas.ops.postgresql.base import DatabaseWrapper

    settings = {
        "ENGINE": "wijkkompas.ops.postgresql",
        "NAME": "wijkkompas",
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": "127.0.0.1",
        "PORT": "5432",
        "OPTIONS": {"pool": {"min_size": 1, "max_size": 2, "timeout": 1.0}},
        "CONN_MAX_AGE": 0,
        "CONN_HEALTH_CHECKS": False,
        "ATOMIC_REQUESTS": False,
        "AUTOCOMMIT": True,
        "TIME_ZONE": None,
        "TEST": {},
    }
    wrapper = DatabaseWrapper(settings, alias="wk-pool-test")
    try:
        pool = wrapper.pool
        assert pool._check is dbpool.check_unless_fresh
        assert pool._reset is dbpool.mark_returned
        assert (pool.min_size, pool.max_size, pool.timeout) == (1, 2, 1.0)
        assert pool is wrapper.pool  # one pool per alias
    finally:
        DatabaseWrapper._connection_pools.pop("wk-pool-test", None)
