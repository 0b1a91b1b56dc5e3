"""Data subject rights and retention: the register of data requests kept by the privacy
officer, the access exports made for them, and the runs of the retention purge.

Everything here refers to a resident by id only (the data subject may be erased later; the
register stays). The privacy officer never reads case content: access exports are built by
a background task and handed over as a file (``services.access_export_request``).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkkompas.accounts.access import AccessPolicy, ScopedQuerySet

from .constants import RIGHTS_ROLES, ExportStatus, RequestKind, RequestStatus


class DataRequest(models.Model):
    """A request of a data subject under the AVG (access, rectification, erasure)."""

    municipality = models.ForeignKey(
        "areas.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("kind of request"), max_length=20, choices=RequestKind.choices)
    resident_id = models.PositiveBigIntegerField(
        _("resident number"),
        db_index=True,
        help_text=_("The number of the resident (the data subject), as the team gave it."),
    )
    received_on = models.DateField(_("received on"))
    due_on = models.DateField(
        _("answer due on"),
        help_text=_("One month after receipt (AVG art. 12(3)); kept by the services."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.RECEIVED
    )
    handled_on = models.DateField(_("handled on"), null=True, blank=True)
    outcome_note = models.TextField(
        _("outcome"),
        blank=True,
        help_text=_("What was done and why, without case content (no names, no situation)."),
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    result = models.JSONField(
        _("result"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_("Numbers only, e.g. how many rows an erasure deleted."),
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ScopedQuerySet.as_manager()
    access_policy = AccessPolicy(
        tenant="municipality_id", view=RIGHTS_ROLES, change=RIGHTS_ROLES, personal=True
    )

    class Meta:
        verbose_name = _("data request")
        verbose_name_plural = _("data requests")
        ordering = ["-received_on", "-pk"]
        indexes = [
            models.Index(fields=["municipality", "status", "due_on"], name="datarequest_open_due")
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class AccessExport(models.Model):
    """The bundle (JSON and PDF) of an access request, waiting encrypted to be handed over.

    The file lies under ``WIJKKOMPAS_EXPORT_DIR`` (outside the web root) with a random name,
    encrypted; the privacy officer sees only its status, size and checksum, and downloads it
    once to hand it over, after which the file is removed.
    """

    data_request = models.ForeignKey(
        DataRequest,
        verbose_name=_("data request"),
        on_delete=models.CASCADE,
        related_name="exports",
    )
    municipality = models.ForeignKey(
        "areas.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ExportStatus.choices, default=ExportStatus.PENDING
    )
    file_name = models.CharField(_("file"), max_length=100, blank=True, editable=False)
    size = models.PositiveBigIntegerField(_("size in bytes"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    ready_at = models.DateTimeField(_("ready at"), null=True, blank=True)
    downloaded_at = models.DateTimeField(_("downloaded at"), null=True, blank=True)
    downloaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("downloaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    error = models.CharField(_("error"), max_length=100, blank=True)

    objects = ScopedQuerySet.as_manager()
    access_policy = AccessPolicy(
        tenant="municipality_id", view=RIGHTS_ROLES, change=RIGHTS_ROLES, personal=True
    )

    class Meta:
        verbose_name = _("access export")
        verbose_name_plural = _("access exports")
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class PurgeRun(models.Model):
    """One run of the retention purge in one municipality: what went, as counts and ids."""

    municipality = models.ForeignKey(
        "areas.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    ran_at = models.DateTimeField(_("ran at"), auto_now_add=True)
    closed_before = models.DateField(_("cases closed before"))
    household_ids = models.JSONField(_("households (ids)"), default=list)
    resident_ids = models.JSONField(_("residents (ids)"), default=list)
    counts = models.JSONField(
        _("deleted rows per kind"),
        default=dict,
        help_text=_("Numbers only, e.g. {'conversations.Conversation': 12}."),
    )

    objects = ScopedQuerySet.as_manager()
    access_policy = AccessPolicy(tenant="municipality_id", view=RIGHTS_ROLES)

    class Meta:
        verbose_name = _("retention purge")
        verbose_name_plural = _("retention purges")
        ordering = ["-ran_at", "-pk"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"
