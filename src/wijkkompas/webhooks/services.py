"""Webhooks: subscriptions of API clients, notifications fanned out after a change commits,
and their delivery with signature and retries.

A change (a plan, an initiative, a municipality's signals) calls :func:`event_emit` inside
its service. After the commit, every active subscription of that municipality for that
event whose client may read the object (its account through the permission layer, and the
scope of the right family) gets a :class:`~.models.Delivery`, sent by a background task.

The notification holds the event, the object's id and its API path, never its data: the
receiving system reads the object with its own token, and that read is logged.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
import urllib.error
import urllib.request
from collections.abc import Iterable
from functools import partial
from typing import Any
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import default_task_backend

from wijkkompas.accounts.access import can, may_use
from wijkkompas.accounts.constants import Action
from wijkkompas.core.exceptions import ApplicationError, full_clean_or_refuse

from .constants import (
    MAX_ATTEMPTS,
    MAX_CONSECUTIVE_FAILURES,
    RETRY_DELAYS,
    SIGNATURE_HEADER,
    TIMEOUT_SECONDS,
    DeliveryStatus,
    EventType,
)
from .models import Delivery, Subscription

#: The read scope a client needs for each event (``api.constants.ApiScope``).
EVENT_SCOPES: dict[str, str] = {
    EventType.PLAN_CHANGED: "cases:read",
    EventType.INITIATIVE_CHANGED: "collective:read",
    EventType.SIGNALS_CHANGED: "collective:read",
}
#: The model whose access decides whether a client hears of an event.
EVENT_MODELS: dict[str, str] = {
    EventType.PLAN_CHANGED: "plans.Plan",
    EventType.INITIATIVE_CHANGED: "initiatives.Initiative",
    EventType.SIGNALS_CHANGED: "signals.AreaSignal",
}


# --- subscriptions -------------------------------------------------------------------------


def _clean_url(url: str) -> str:
    url = (url or "").strip()
    parts = urlsplit(url)
    allow_http = getattr(settings, "WIJKKOMPAS_WEBHOOKS_ALLOW_HTTP", False)
    if parts.scheme not in (("https", "http") if allow_http else ("https",)) or not parts.hostname:
        raise ApplicationError(_("The address must start with https://."), field="url")
    if parts.username or parts.password:
        raise ApplicationError(
            _("Put no user name or password in the address; check the signature instead."),
            field="url",
        )
    return url


def _clean_events(events: Iterable[str]) -> list[str]:
    chosen = sorted(set(events))
    if not chosen or any(event not in EventType.values for event in chosen):
        raise ApplicationError(_("Choose at least one known event."), field="events")
    return chosen


@transaction.atomic
def subscription_create(*, client: Any, url: str, events: Iterable[str]) -> Subscription:
    """A new subscription of ``client``; its signing secret is returned with it once."""
    subscription = Subscription(
        client=client,
        municipality_id=client.municipality_id,
        url=_clean_url(url),
        events=_clean_events(events),
        secret=secrets.token_hex(32),
    )
    full_clean_or_refuse(subscription)
    subscription.save()
    return subscription


@transaction.atomic
def subscription_update(
    *,
    client: Any,
    subscription: Subscription,
    url: str | None = None,
    events: Iterable[str] | None = None,
    is_active: bool | None = None,
) -> Subscription:
    """Change a subscription of ``client`` (switching it on again resets its failures)."""
    if subscription.client_id != client.pk:
        raise ApplicationError(_("This subscription belongs to another API client."))
    if url is not None:
        subscription.url = _clean_url(url)
    if events is not None:
        subscription.events = _clean_events(events)
    if is_active is not None:
        if is_active and not subscription.is_active:
            subscription.consecutive_failures = 0
        subscription.is_active = is_active
    full_clean_or_refuse(subscription)
    subscription.save()
    return subscription


@transaction.atomic
def subscription_delete(*, client: Any, subscription: Subscription) -> None:
    if subscription.client_id != client.pk:
        raise ApplicationError(_("This subscription belongs to another API client."))
    subscription.delete()


# --- events --------------------------------------------------------------------------------


def event_emit(*, event: str, municipality_id: int, object_id: int | None, path: str) -> None:
    """Tell the subscribers of ``event`` in the municipality, once the change commits."""
    occurred_at = timezone.now()
    transaction.on_commit(
        lambda: _fan_out(
            event=event,
            municipality_id=municipality_id,
            object_id=object_id,
            path=path,
            occurred_at=occurred_at,
        )
    )


def _may_hear(account: Any, client: Any, event: str, object_id: int | None) -> bool:
    if EVENT_SCOPES[event] not in client.scopes:
        return False
    model = apps.get_model(EVENT_MODELS[event])
    if object_id is None:
        return may_use(account, model, Action.VIEW)
    return can(account, Action.VIEW, model(pk=object_id))


def _fan_out(
    *, event: str, municipality_id: int, object_id: int | None, path: str, occurred_at: Any
) -> list[Delivery]:
    subscriptions = [
        s
        for s in Subscription.objects.filter(
            municipality_id=municipality_id,
            is_active=True,
            client__revoked_at__isnull=True,
            client__account__is_active=True,
        ).select_related("client__account")
        if event in s.events
    ]
    deliveries = [
        Delivery(
            subscription=s,
            event=event,
            object_id=object_id,
            path=path,
            occurred_at=occurred_at,
        )
        for s in subscriptions
        if _may_hear(s.client.account, s.client, event, object_id)
    ]
    if not deliveries:
        return []
    with transaction.atomic():
        created = Delivery.objects.bulk_create(deliveries)
        from .tasks import deliver_webhook

        for delivery in created:
            transaction.on_commit(partial(deliver_webhook.enqueue, delivery_id=delivery.pk))
    return created


# --- delivery ------------------------------------------------------------------------------


def payload_of(delivery: Delivery) -> bytes:
    """The body of a notification: ids and the API path, nothing else."""
    return json.dumps(
        {
            "id": delivery.pk,
            "event": delivery.event,
            "objectId": delivery.object_id,
            "path": delivery.path,
            "municipality": delivery.subscription.municipality_id,
            "occurredAt": delivery.occurred_at.isoformat(),
        },
        separators=(",", ":"),
    ).encode()


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """``t=<unix time>,v1=<hex HMAC-SHA256 of "<t>." + body with the secret>``."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer, not a place to send the notification to."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def _post(url: str, body: bytes, headers: dict[str, str]) -> int:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with _opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def delivery_attempt(*, delivery_id: int) -> Delivery:
    """Send one pending notification; on failure plan the next attempt (or give up)."""
    delivery = Delivery.objects.select_related("subscription").get(pk=delivery_id)
    subscription = delivery.subscription
    if delivery.status != DeliveryStatus.PENDING:
        return delivery
    if not subscription.is_active:
        delivery.status = DeliveryStatus.FAILED
        delivery.last_error = "subscription inactive"
        delivery.save(update_fields=["status", "last_error"])
        return delivery
    body = payload_of(delivery)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Wijkkompas-Webhooks/1",
        SIGNATURE_HEADER: signature(subscription.secret, int(time.time()), body),
        "Wijkkompas-Event": delivery.event,
        "Wijkkompas-Delivery": str(delivery.pk),
    }
    delivery.attempts += 1
    status_code: int | None = None
    error = ""
    try:
        status_code = _post(subscription.url, body, headers)
    except (OSError, ValueError) as exc:  # refused, timed out, name not found …
        error = type(exc).__name__
    delivery.last_status_code = status_code
    delivery.last_error = error
    if status_code is not None and 200 <= status_code < 300:
        delivery.status = DeliveryStatus.DELIVERED
        delivery.delivered_at = timezone.now()
        delivery.next_attempt_at = None
        Subscription.objects.filter(pk=subscription.pk).update(consecutive_failures=0)
    elif delivery.attempts >= MAX_ATTEMPTS:
        delivery.status = DeliveryStatus.FAILED
        delivery.next_attempt_at = None
        failures = subscription.consecutive_failures + 1
        Subscription.objects.filter(pk=subscription.pk).update(
            consecutive_failures=failures,
            is_active=failures < MAX_CONSECUTIVE_FAILURES,
        )
    else:
        delivery.next_attempt_at = timezone.now() + RETRY_DELAYS[delivery.attempts - 1]
    delivery.save()
    if delivery.status == DeliveryStatus.PENDING and default_task_backend.supports_defer:
        from .tasks import deliver_webhook

        deliver_webhook.using(run_after=delivery.next_attempt_at).enqueue(delivery_id=delivery.pk)
    return delivery
