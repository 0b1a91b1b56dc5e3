"""Choices and rules of data subject rights (AVG/GDPR) and retention."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkkompas.accounts.constants import Role


class RequestKind(models.TextChoices):
    """The right a data subject invokes."""

    ACCESS = "access", _("Access (AVG art. 15)")
    RECTIFICATION = "rectification", _("Rectification (AVG art. 16)")
    ERASURE = "erasure", _("Erasure (AVG art. 17)")


class RequestStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    REFUSED = "refused", _("Refused (partly or wholly)")


#: A request in one of these states is finished: it cannot be handled again.
FINAL_STATUSES = frozenset({RequestStatus.COMPLETED, RequestStatus.REFUSED})


class ExportStatus(models.TextChoices):
    PENDING = "pending", _("Being prepared")
    READY = "ready", _("Ready to download (once)")
    DOWNLOADED = "downloaded", _("Downloaded and removed")
    FAILED = "failed", _("Failed")
    EXPIRED = "expired", _("Expired and removed")


class ErasureObstacle(models.TextChoices):
    """Why a resident's data may not be erased now (AVG art. 17(3)(b): a legal obligation)."""

    WMO_OPEN = (
        "wmo_open",
        _(
            "A Wmo procedure is still open (a report without a decision): the file is needed "
            "to decide on it."
        ),
    )
    WMO_RETENTION = (
        "wmo_retention",
        _(
            "The file holds a Wmo decision: it must be kept for the legal retention period "
            "after the case was closed."
        ),
    )
    MELDCODE_OPEN = (
        "meldcode_open",
        _(
            "A signal of domestic violence or child abuse (Meldcode) is still open: the "
            "Meldcode requires its steps to be documented."
        ),
    )


#: Roles that keep the register of data requests (the privacy officer, "FG").
RIGHTS_ROLES = frozenset({Role.PRIVACY_OFFICER})

#: The name of the files in an access export bundle.
EXPORT_JSON_NAME = "gegevens.json"
EXPORT_PDF_NAME = "gegevens.pdf"
