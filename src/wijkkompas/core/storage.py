"""Storing uploaded files when the disk may be full.

A full disk (``ENOSPC``, or a user's quota: ``EDQUOT``) while a file is written is a refusal
the user can understand, not a server error: :func:`store_field_file` and the import's
``save_upload`` turn it into an :class:`ApplicationError` with one clear message and leave no
half-written file behind. The record that would point at the file is not saved either (the
service's transaction is rolled back by the error).
"""

from __future__ import annotations

import contextlib
import errno
from typing import Any

from django.utils.translation import gettext as _

from .exceptions import ApplicationError

DISK_FULL = frozenset({errno.ENOSPC, errno.EDQUOT})


def is_disk_full(error: BaseException) -> bool:
    return isinstance(error, OSError) and error.errno in DISK_FULL


def disk_full_error(*, field: str | None = None) -> ApplicationError:
    return ApplicationError(
        _(
            "There is no room left to store the file, so nothing was saved. Try again later; "
            "if this keeps happening, tell your administrator."
        ),
        field=field,
    )


def store_field_file(field_file: Any, *, instance: Any, field: str) -> None:
    """Write a file assigned to a ``FileField`` but not stored yet (``story.photo =
    ContentFile(...)``) to its storage now, before the record is saved: a full disk is
    refused with :func:`disk_full_error` and the partial file is removed."""
    if not field_file or getattr(field_file, "_committed", True):
        return
    storage = field_file.storage
    name = storage.get_available_name(
        field_file.field.generate_filename(instance, field_file.name),
        max_length=field_file.field.max_length,
    )
    try:
        field_file.name = storage.save(
            name, field_file.file, max_length=field_file.field.max_length
        )
    except OSError as exc:
        if not is_disk_full(exc):
            raise
        with contextlib.suppress(OSError):
            storage.delete(name)
        raise disk_full_error(field=field) from None
    field_file._committed = True
