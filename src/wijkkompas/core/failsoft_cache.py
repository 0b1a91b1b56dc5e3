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

import logging
import time
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
WARN_EVERY = 60.0


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
