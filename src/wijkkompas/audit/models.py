"""The access log: who read or changed what, when, and for which purpose.

The log is append-only. In Python, saving an existing entry and deleting or updating
entries through a queryset are refused (:class:`AppendOnlyQuerySet`); on PostgreSQL a
trigger refuses UPDATE and DELETE as well (migration 0006), except the retention purge of
the log itself (``audit.services.access_log_purge``). Entries keep the ids of accounts and
municipalities without a database constraint, so deleting an account never has to
change the log.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkkompas.accounts.access import AccessPolicy, ScopedQuerySet
from wijkkompas.accounts.constants import Role

from .constants import AUDIT_VIEW_ROLES, Event, Purpose, Status

#: Set only inside ``audit.services.access_log_purge``: the one place that deletes entries.
_purging: contextvars.ContextVar[bool] = contextvars.ContextVar("audit_purging", default=False)


class AppendOnlyError(RuntimeError):
    """Someone tried to change or delete access log entries."""


@contextmanager
def purge_allowed() -> Iterator[None]:
    """Allow deleting log entries in this context (the retention purge of the log only)."""
    token = _purging.set(True)
    try:
        yield
    finally:
        _purging.reset(token)


def _refuse(what: str) -> None:
    if not _purging.get():
        raise AppendOnlyError(f"the access log is append-only: {what} refused")


class AppendOnlyQuerySet(ScopedQuerySet[Any]):
    """Scoped, and without bulk updates or deletes (except in the log's own purge)."""

    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("the access log is append-only: update refused")

    def delete(self) -> tuple[int, dict[str, int]]:
        _refuse("delete")
        return super().delete()


class AccessLogEntry(models.Model):
    """One logged action. Holds ids and codes only: never names, BSNs or free text.

    The fields follow the Logboek Dataverwerkingen standard where it fits: see
    docs/operators/access-log.md for the mapping.
    """

    #: When the action ended (the standard's ``end_time``): the moment of writing the entry.
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    started_at = models.DateTimeField(
        _("started at"),
        null=True,
        blank=True,
        help_text=_("When the request or task that did this started."),
    )
    trace_id = models.CharField(
        _("trace id"),
        max_length=32,
        blank=True,
        db_index=True,
        help_text=_("Shared by every entry of one request or background task."),
    )
    span_id = models.CharField(_("span id"), max_length=16, blank=True)
    #: The standard's ``foreign_operation``: the calling application's trace and span, from
    #: the W3C Trace Context ``traceparent`` header of an API call.
    foreign_trace_id = models.CharField(
        _("trace id of the calling application"), max_length=32, blank=True, default=""
    )
    foreign_span_id = models.CharField(
        _("span id of the calling application"), max_length=16, blank=True, default=""
    )
    operation = models.CharField(
        _("operation"),
        max_length=150,
        blank=True,
        help_text=_("The name of the action in the code, e.g. a selector or service."),
    )
    status = models.PositiveSmallIntegerField(
        _("status"), choices=Status.choices, default=Status.OK
    )
    processing_activity_id = models.CharField(
        _("processing activity"),
        max_length=200,
        blank=True,
        help_text=_("Reference to the register of processing activities, from the purpose."),
    )
    # No database constraint: the log keeps the number of an account or municipality that
    # has since been deleted, and deleting one never updates the (append-only) log.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    username = models.CharField(_("username"), max_length=150, blank=True)
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, blank=True)
    organisations = models.CharField(
        _("organisations"),
        max_length=100,
        blank=True,
        help_text=_("Ids of the organisations the account worked for at the time."),
    )
    municipality = models.ForeignKey(
        "areas.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    event = models.CharField(_("event"), max_length=20, choices=Event.choices)
    purpose = models.CharField(_("purpose"), max_length=40, choices=Purpose.choices, blank=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=40, blank=True)
    object_count = models.PositiveIntegerField(_("number of objects"), default=0)
    path = models.CharField(_("page"), max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    objects = AppendOnlyQuerySet.as_manager()
    access_policy = AccessPolicy(tenant="municipality_id", view=AUDIT_VIEW_ROLES)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["municipality", "-at"], name="audit_tenant_at"),
            models.Index(fields=["municipality", "purpose", "-at"], name="audit_tenant_purpose_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.event} {self.username}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("the access log is append-only: update refused")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        _refuse("delete")
        return super().delete(*args, **kwargs)

    def subject_ids(self) -> list[int]:
        """The data subjects' resident ids (from a prefetch of ``subjects`` when there is one)."""
        return sorted(s.resident_id for s in self.subjects.all())


class AccessLogSubjectQuerySet(models.QuerySet["AccessLogSubject"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("the access log is append-only: update refused")

    def delete(self) -> tuple[int, dict[str, int]]:
        _refuse("delete")
        return super().delete()


class AccessLogSubject(models.Model):
    """A data subject (resident) whose data an access log entry touched, by id only.

    Lets a resident's access export say who viewed their data, and lets the privacy officer
    search the log per data subject, without any personal data in the log itself. Append-only
    like the entries.
    """

    entry = models.ForeignKey(
        AccessLogEntry,
        verbose_name=_("log entry"),
        on_delete=models.CASCADE,
        related_name="subjects",
    )
    resident_id = models.PositiveBigIntegerField(_("resident id"), db_index=True)

    objects = AccessLogSubjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("data subject of a log entry")
        verbose_name_plural = _("data subjects of log entries")

    def __str__(self) -> str:
        return f"{self.entry_id}: {self.resident_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("the access log is append-only: update refused")
        super().save(*args, **kwargs)
