"""The session engine (``SESSION_ENGINE = "wijkkompas.accounts.sessions"``): Django's
database sessions, with the one read every signed-in request makes compiled once
(``core.compiled``) instead of built by the ORM each time.

Everything else is Django's ``db`` engine: the same table, the same writes, the same
expiry. The only difference is where the expiry is compared: the row is read by its key
alone and a session whose ``expire_date`` has passed is treated as missing, exactly as
Django's ``expire_date > now()`` in the query does.
"""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends import db
from django.db import DEFAULT_DB_ALIAS
from django.utils import timezone

from wijkkompas.core import compiled


class SessionStore(db.SessionStore):
    def _get_session_from_db(self) -> Any:
        key = self.session_key
        model = self.model
        rows = (
            compiled.objects(
                ("sessions.load", model._meta.label),
                lambda session_key: model.objects.using(DEFAULT_DB_ALIAS).filter(
                    session_key=session_key
                ),
                args={"session_key": key},
            )
            if isinstance(key, str)
            else []
        )
        if rows and rows[0].expire_date > timezone.now():
            return rows[0]
        self._session_key = None
        return None
