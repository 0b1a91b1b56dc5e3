"""Webhook subscriptions of API clients, and the deliveries of their notifications."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkkompas.accounts.access import AccessPolicy, ScopedQuerySet
from wijkkompas.accounts.constants import Role

from .constants import DeliveryStatus


class Subscription(models.Model):
    """Abonnement: an API client asks to be told (an HTTP POST to ``url``) when one of
    ``events`` happens to an object its account may see. ``secret`` signs every
    notification (HMAC-SHA256), so the receiver knows it came from Wijkkompas."""

    client = models.ForeignKey(
        "api.ApiClient",
        verbose_name=_("API client"),
        on_delete=models.CASCADE,
        related_name="subscriptions",
    )
    municipality = models.ForeignKey(
        "areas.Municipality", verbose_name=_("municipality"), on_delete=models.CASCADE
    )
    url = models.URLField(_("address"), max_length=500)
    events = models.JSONField(_("events"), default=list)
    secret = models.CharField(_("signing secret"), max_length=64)
    is_active = models.BooleanField(_("active"), default=True)
    consecutive_failures = models.PositiveIntegerField(_("failures in a row"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    access_policy = AccessPolicy(
        tenant="municipality_id",
        view=frozenset({Role.ADMIN, Role.PRIVACY_OFFICER}),
        change=frozenset({Role.ADMIN}),
    )

    class Meta:
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.client} → {self.url}"


class Delivery(models.Model):
    """One notification to one subscription, with its attempts. Holds ids and HTTP status
    codes only: the body is rebuilt from them, and no data of a resident is ever in it."""

    subscription = models.ForeignKey(
        Subscription,
        verbose_name=_("subscription"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    event = models.CharField(_("event"), max_length=40)
    object_id = models.PositiveBigIntegerField(_("object"), null=True, blank=True)
    path = models.CharField(_("API path"), max_length=200)
    occurred_at = models.DateTimeField(_("occurred at"))
    status = models.CharField(
        _("status"), max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(_("last HTTP status"), null=True)
    last_error = models.CharField(_("last error"), max_length=100, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    access_policy = AccessPolicy(
        tenant="subscription__municipality_id",
        view=frozenset({Role.ADMIN, Role.PRIVACY_OFFICER}),
        change=frozenset({Role.ADMIN}),
    )

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="delivery_due")]

    def __str__(self) -> str:
        return f"{self.event} #{self.object_id}"
