"""The connection pool's check before it lends a connection (production settings).

Django's own check (``CONN_HEALTH_CHECKS`` with a pool) sends an empty query on every
borrow: one more round trip to PostgreSQL per request, about a tenth of a request's time
under load. A connection that came back to the pool a moment ago was working a moment ago;
only one that has been idle longer is checked. After a database restart the few
connections lent unchecked fail their first query (a 503, as during the outage itself) and
the pool throws them away when they come back, as it does with every broken connection; the
idle ones are checked and replaced before they are lent.

Used by the production engine (``wijkkompas.ops.postgresql``), which gives Django's pool
:func:`check_unless_fresh` as its ``check`` and :func:`mark_returned` as its ``reset``; the
production settings turn Django's own check (``CONN_HEALTH_CHECKS``) off.
"""

from __future__ import annotations

import time
from typing import Any

from psycopg_pool import ConnectionPool

#: A connection returned to the pool less than this many seconds ago is lent unchecked.
FRESH_SECONDS = 2.0

_RETURNED_AT = "_wk_returned_at"


def mark_returned(connection: Any) -> None:
    """The pool's ``reset`` callback: note when the connection came back."""
    setattr(connection, _RETURNED_AT, time.monotonic())


def check_unless_fresh(connection: Any) -> None:
    """The pool's ``check`` callback: psycopg's own check (an empty query; raises when the
    connection is broken, and the pool then takes another) unless the connection came back
    less than :data:`FRESH_SECONDS` ago."""
    returned_at = getattr(connection, _RETURNED_AT, None)
    if returned_at is not None and time.monotonic() - returned_at < FRESH_SECONDS:
        return
    ConnectionPool.check_connection(connection)
