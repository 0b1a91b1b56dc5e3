"""The access log: who read or changed what, when, and for which purpose."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkkompas.accounts.access import AccessPolicy, ScopedQuerySet

from .constants import AUDIT_VIEW_ROLES, Event, Purpose


class AccessLogEntry(models.Model):
    """One logged event. Holds ids and codes only: never names, BSNs or free text."""

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    username = models.CharField(_("username"), max_length=150, blank=True)
    municipality = models.ForeignKey(
        "areas.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.SET_NULL,
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

    objects = ScopedQuerySet.as_manager()
    access_policy = AccessPolicy(tenant="municipality_id", view=AUDIT_VIEW_ROLES)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["municipality", "-at"], name="audit_tenant_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.event} {self.username}"


class AccessLogSubject(models.Model):
    """A data subject (resident) whose data an access log entry touched, by id only.

    Lets a resident's access export say who viewed their data, and lets the privacy officer
    search the log per data subject, without any personal data in the log itself.
    """

    entry = models.ForeignKey(
        AccessLogEntry,
        verbose_name=_("log entry"),
        on_delete=models.CASCADE,
        related_name="subjects",
    )
    resident_id = models.PositiveBigIntegerField(_("resident id"), db_index=True)

    class Meta:
        verbose_name = _("data subject of a log entry")
        verbose_name_plural = _("data subjects of log entries")

    def __str__(self) -> str:
        return f"{self.entry_id}: {self.resident_id}"
