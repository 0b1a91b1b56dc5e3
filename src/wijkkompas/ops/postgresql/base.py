"""``ENGINE = "wijkkompas.ops.postgresql"`` (production settings).

Django builds the pool of a database on first use and, with ``CONN_HEALTH_CHECKS``, has it
test every connection it lends (psycopg's ``check_connection``: an empty query, one more
round trip per request). Its ``check`` cannot be given in ``OPTIONS["pool"]`` (Django passes
its own), so this backend builds the same pool with :func:`wijkkompas.ops.dbpool.
check_unless_fresh` instead: a connection that came back a moment ago is lent unchecked.
Everything else is Django's pool as configured (``OPTIONS["pool"]``) and django-prometheus'
query metrics.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.backends.base.base import NO_DB_ALIAS
from django_prometheus.db.backends.postgresql.base import DatabaseWrapper as PrometheusWrapper
from psycopg_pool import ConnectionPool

from wijkkompas.ops.dbpool import check_unless_fresh, mark_returned


class DatabaseWrapper(PrometheusWrapper):  # type: ignore[misc]
    @property
    def pool(self) -> Any:
        options = self.settings_dict["OPTIONS"].get("pool")
        if self.alias == NO_DB_ALIAS or not options:
            return None
        if self.alias not in self._connection_pools:
            if self.settings_dict.get("CONN_MAX_AGE", 0) != 0:
                raise ImproperlyConfigured("Pooling doesn't support persistent connections.")
            kwargs = self.get_connection_params()
            kwargs["autocommit"] = True  # as Django's pool: Django sets it later on
            pool = ConnectionPool(
                kwargs=kwargs,
                open=False,
                configure=self._configure_connection,
                check=check_unless_fresh,
                reset=mark_returned,
                **({} if options is True else options),
            )
            # As Django: several threads may build one at start; the first one set wins.
            self._connection_pools.setdefault(self.alias, pool)
        return self._connection_pools[self.alias]
