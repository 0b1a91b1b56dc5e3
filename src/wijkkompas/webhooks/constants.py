"""Events another system can subscribe to, and the life of one delivery."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventType(models.TextChoices):
    """What happened. A notification carries ids and the API path only, never the data:
    the receiving system reads the object through the API with its own token (and that
    read is logged like any other)."""

    PLAN_CHANGED = "plan.changed", _("A plan was created or changed")
    INITIATIVE_CHANGED = "initiative.changed", _("An initiative was created or changed")
    SIGNALS_CHANGED = "area-signals.changed", _("A municipality's neighbourhood signals changed")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed (given up)")


#: Waits before the 2nd, 3rd … attempt; after the last one the delivery has failed.
RETRY_DELAYS = (
    dt.timedelta(minutes=1),
    dt.timedelta(minutes=5),
    dt.timedelta(minutes=30),
    dt.timedelta(hours=2),
    dt.timedelta(hours=12),
)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
#: Seconds to wait for the receiving system.
TIMEOUT_SECONDS = 5
#: A subscription is switched off after this many deliveries failed in a row.
MAX_CONSECUTIVE_FAILURES = 20
#: The header with the HMAC-SHA256 signature of the body (see docs/operators/webhooks.md).
SIGNATURE_HEADER = "Wijkkompas-Signature"
