"""The Redis cache fails soft: with Redis unreachable every call answers as a miss or a
skipped write, quickly, instead of raising (the fault tests stop a real Redis)."""

from __future__ import annotations

import socket

import pytest

from wijkkompas.core.failsoft_cache import FailSoftRedisCache


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def cache() -> FailSoftRedisCache:
    return FailSoftRedisCache(
        f"redis://127.0.0.1:{closed_port()}/0",
        {"OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2}},
    )


def test_reads_miss_and_writes_are_skipped(cache: FailSoftRedisCache) -> None:
    assert cache.get("k") is None
    assert cache.get("k", "default") == "default"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.has_key("k") is False
    cache.set("k", 1)
    assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
    assert cache.add("k", 1) is False
    assert cache.touch("k") is False
    assert cache.delete("k") is False
    cache.delete_many(["a"])
    cache.clear()


def test_incr_says_missing_as_for_an_expired_key(cache: FailSoftRedisCache) -> None:
    with pytest.raises(ValueError):
        cache.incr("k")


def test_other_errors_are_not_hidden(cache: FailSoftRedisCache) -> None:
    with pytest.raises(TypeError):
        cache.get_many(None)  # type: ignore[arg-type]
