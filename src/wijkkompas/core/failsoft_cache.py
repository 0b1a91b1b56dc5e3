"""Django's Redis cache that fails soft: when Redis is away, a read is a miss and a write is
skipped, so the pages keep working (computed instead of kept) instead of failing.

Nothing the cache holds is needed for correctness: kept aggregate pages are recomputed, a
missing data version (``core.versions``) is made anew on every read (so nothing stale is
served), the idea form's rate limit counts nothing while Redis is away, and an import's
progress shows 0 until the import is done. One warning is logged per minute while Redis
cannot be reached. The connection and socket timeouts are short
(``WIJKKOMPAS_CACHE_TIMEOUT`` seconds, default 0.5), so a Redis that does not answer costs
a request at most that long per cache call.
"""

from __future__ import annotations

import functools
import io
import logging
import pickle
import time
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisSerializer
from django.utils.functional import (  # type: ignore[attr-defined]  # Django's own reducer
    Promise,
    _lazy_proxy_unpickle,
    lazy,
)
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
WARN_EVERY = 60.0


@functools.lru_cache(maxsize=512)
def _lazy_factory(func: Any, resultclasses: tuple[type, ...]) -> Any:
    return lazy(func, *resultclasses)


def _lazy_unpickle(func: Any, args: Any, kwargs: Any, *resultclasses: type) -> Any:
    """A lazy text (``gettext_lazy``) read back from the cache: the same lazy object as
    Django's own unpickling makes, from one proxy class per function (see
    :class:`LazyTextSerializer`)."""
    return _lazy_factory(func, resultclasses)(*args, **kwargs)


class _Pickler(pickle.Pickler):
    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, Promise):
            unpickle, args = obj.__reduce__()
            if unpickle is _lazy_proxy_unpickle:
                return _lazy_unpickle, args
        return NotImplemented


class LazyTextSerializer(RedisSerializer):
    """Django's Redis serializer (pickle; integers as they are), but lazy texts come back
    cheaply.

    Kept figures and pages hold labels as lazy texts (``gettext_lazy``), translated when a
    page shows them. Django unpickles each one through ``lazy()``, which builds a new proxy
    class every time: a kept dashboard with a few hundred labels spent most of its time
    there (80 ms of a 190 ms request). Written by this serializer, a lazy text is read back
    through one proxy class per function, made once per process; it stays lazy, so it is
    translated into the language of the page that shows it, as before.
    """

    def dumps(self, obj: Any) -> Any:
        if type(obj) is int:
            return obj
        buffer = io.BytesIO()
        protocol: int = getattr(self, "protocol", pickle.HIGHEST_PROTOCOL)
        _Pickler(buffer, protocol).dump(obj)
        return buffer.getvalue()


class FailSoftRedisCache(RedisCache):
    """``django.core.cache.backends.redis.RedisCache`` whose calls never fail because Redis
    is unreachable."""

    _warned_at = 0.0

    def _unreachable(self, operation: str) -> None:
        now = time.monotonic()
        if now - FailSoftRedisCache._warned_at >= WARN_EVERY:
            FailSoftRedisCache._warned_at = now
            logger.warning("cache unreachable (Redis): %s skipped; pages are computed", operation)

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        try:
            return super().get(key, default, version)
        except UNREACHABLE:
            self._unreachable("get")
            return default

    def get_many(self, keys: Any, version: int | None = None) -> dict[Any, Any]:
        try:
            return super().get_many(keys, version)
        except UNREACHABLE:
            self._unreachable("get_many")
            return {}

    def has_key(self, key: Any, version: int | None = None) -> bool:
        try:
            return super().has_key(key, version)
        except UNREACHABLE:
            self._unreachable("has_key")
            return False

    def add(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        try:
            return super().add(key, value, timeout, version)
        except UNREACHABLE:
            self._unreachable("add")
            return False

    def set(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> None:
        try:
            super().set(key, value, timeout, version)
        except UNREACHABLE:
            self._unreachable("set")

    def set_many(
        self, data: dict[Any, Any], timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> list[Any]:
        try:
            return super().set_many(data, timeout, version)
        except UNREACHABLE:
            self._unreachable("set_many")
            return list(data)

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        try:
            return super().touch(key, timeout, version)
        except UNREACHABLE:
            self._unreachable("touch")
            return False

    def delete(self, key: Any, version: int | None = None) -> bool:
        try:
            return super().delete(key, version)
        except UNREACHABLE:
            self._unreachable("delete")
            return False

    def delete_many(self, keys: Any, version: int | None = None) -> None:
        try:
            super().delete_many(keys, version)
        except UNREACHABLE:
            self._unreachable("delete_many")

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        try:
            return super().incr(key, delta, version)
        except UNREACHABLE:
            self._unreachable("incr")
            raise ValueError(f"Key {key!r} not found (the cache is unreachable)") from None

    def clear(self) -> None:
        try:
            super().clear()
        except UNREACHABLE:
            self._unreachable("clear")
