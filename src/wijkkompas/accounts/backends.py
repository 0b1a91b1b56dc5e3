"""The authentication backend (``AUTHENTICATION_BACKENDS``): Django's ``ModelBackend``, with
the user of a signed-in request loaded by a compiled query (``core.compiled``).

Every signed-in request loads its user by the id kept in the session. The ORM builds and
compiles that query anew each time (about a quarter of a millisecond of Python); here it is
compiled once per process and prepared on the connection. The answer is the same: the whole
user row (so Django's check of the session against the password hash works as before), and
an inactive user is refused (``user_can_authenticate``) as by ``ModelBackend``.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.db import DEFAULT_DB_ALIAS

from wijkkompas.core import compiled


class ModelBackend(DjangoModelBackend):
    def get_user(self, user_id: Any) -> Any:
        if isinstance(user_id, bool) or not isinstance(user_id, int):
            return super().get_user(user_id)
        model = get_user_model()
        rows = compiled.objects(
            ("accounts.get_user", model._meta.label),
            lambda pk: model._default_manager.using(DEFAULT_DB_ALIAS).filter(pk=pk),
            args={"pk": user_id},
        )
        user = rows[0] if rows else None
        return user if user is not None and self.user_can_authenticate(user) else None
