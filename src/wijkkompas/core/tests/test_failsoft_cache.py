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


def test_lazy_texts_come_back_lazy_through_one_proxy_class() -> None:
    from django.utils import translation
    from django.utils.functional import Promise
    from django.utils.translation import gettext_lazy

    from wijkkompas.core.failsoft_cache import LazyTextSerializer

    serializer = LazyTextSerializer()
    kept = {"labels": (gettext_lazy("Cancel"), gettext_lazy("Save")), "count": 3, "plain": "x"}
    first = serializer.loads(serializer.dumps(kept))
    second = serializer.loads(serializer.dumps(kept))
    assert isinstance(first["labels"][0], Promise)
    # One proxy class for every lazy text of a function, not a new class per text.
    assert type(first["labels"][0]) is type(first["labels"][1]) is type(second["labels"][0])
    # Still lazy: translated when shown, into the language of the page.
    with translation.override("nl"):
        assert str(first["labels"][0]) == "Annuleren"
    with translation.override("en"):
        assert str(first["labels"][0]) == "Cancel"
    assert first["count"] == 3 and first["plain"] == "x"
    # Integers stay unpickled (Django's incr() and decr() rely on it).
    assert serializer.dumps(5) == 5
    assert serializer.loads(serializer.dumps(True)) is True
