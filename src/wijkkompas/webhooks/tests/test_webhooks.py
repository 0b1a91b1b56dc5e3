"""Webhooks: a system subscribes with its token, hears of changes to objects its account may
see (and nothing else), and gets signed notifications that carry ids only, with retries."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
from django.test import Client, override_settings

from wijkkompas.accounts.constants import Role
from wijkkompas.api.models import ApiClient
from wijkkompas.api.tokens import new_token
from wijkkompas.plans import services as plan_services
from wijkkompas.plans.tests.conftest import RESIDENT_NAME, SUMMARY, world  # noqa: F401
from wijkkompas.webhooks import services
from wijkkompas.webhooks.constants import MAX_ATTEMPTS, SIGNATURE_HEADER, DeliveryStatus
from wijkkompas.webhooks.models import Delivery, Subscription

pytestmark = pytest.mark.django_db
SUBSCRIPTIONS = "/api/v1/webhook-subscriptions/"


def api_client(account: Any, *, scopes: tuple[str, ...] = ("cases:read",)) -> tuple[Any, Client]:
    token, prefix, digest = new_token()
    client = ApiClient.objects.create(
        municipality_id=account.municipality_id,
        name=f"Systeem {prefix}",
        account=account,
        scopes=list(scopes),
        token_prefix=prefix,
        token_hash=digest,
    )
    return client, Client(HTTP_AUTHORIZATION=f"Token {token}")


def subscribe(http: Client, url: str = "https://ontvanger.example/hook") -> Any:
    return http.post(
        SUBSCRIPTIONS,
        json.dumps({"url": url, "events": ["plan.changed"]}),
        content_type="application/json",
    )


def change_plan(world: Any) -> None:  # noqa: F811
    plan = world.plan
    plan_services.plan_update(
        user=world.user(Role.COORDINATOR),
        plan=plan,
        version=plan.version,
        summary="Nieuwe samenvatting",
        coordinator=world.user(Role.COORDINATOR),
    )


def test_a_system_subscribes_and_sees_only_its_own_subscriptions(world):  # noqa: F811
    _client, http = api_client(world.user(Role.PROFESSIONAL))
    response = subscribe(http)
    assert response.status_code == 201, response.content
    assert len(response.json()["secret"]) == 64
    pk = response.json()["id"]
    assert "secret" not in http.get(f"{SUBSCRIPTIONS}{pk}/").json()
    _other, other_http = api_client(world.user(Role.COORDINATOR))
    assert other_http.get(f"{SUBSCRIPTIONS}{pk}/").status_code == 404
    assert other_http.get(SUBSCRIPTIONS).json()["results"] == []
    assert other_http.delete(f"{SUBSCRIPTIONS}{pk}/").status_code == 404
    assert http.delete(f"{SUBSCRIPTIONS}{pk}/").status_code == 204
    assert not Subscription.objects.exists()


def test_signed_in_users_do_not_manage_subscriptions(world, login_client):  # noqa: F811
    response = login_client(world.user(Role.ADMIN)).get(SUBSCRIPTIONS)
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize(
    "body, field",
    [
        ({"url": "http://ontvanger.example/hook", "events": ["plan.changed"]}, "url"),
        ({"url": "https://jan:geheim@ontvanger.example/", "events": ["plan.changed"]}, "url"),
        ({"url": "https://ontvanger.example/", "events": ["plan.deleted"]}, "events.0"),
        ({"url": "https://ontvanger.example/", "events": []}, "events"),
        ({"url": "niet een adres", "events": ["plan.changed"]}, "url"),
    ],
)
def test_bad_subscriptions_are_refused_and_nothing_is_saved(world, body, field):  # noqa: F811
    _client, http = api_client(world.user(Role.PROFESSIONAL))
    response = http.post(SUBSCRIPTIONS, json.dumps(body), content_type="application/json")
    assert response.status_code == 400
    assert field in {p["name"] for p in response.json()["invalidParams"]}
    assert not Subscription.objects.exists()


def test_a_plan_change_reaches_only_subscribers_who_may_see_the_plan(
    world,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    heard, _ = api_client(world.user(Role.COORDINATOR))
    no_scope, _ = api_client(world.user(Role.COORDINATOR), scopes=("collective:read",))
    other_team, _ = api_client(world.user("sibling_professional"))
    other_gm, _ = api_client(world.user("foreign_professional"))
    for client in (heard, no_scope, other_team, other_gm):
        services.subscription_create(
            client=client, url="https://ontvanger.example/hook", events=["plan.changed"]
        )
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    ):
        with django_capture_on_commit_callbacks(execute=True):
            change_plan(world)
    deliveries = list(Delivery.objects.select_related("subscription"))
    assert [d.subscription.client_id for d in deliveries] == [heard.pk]
    delivery = deliveries[0]
    assert (delivery.event, delivery.object_id) == ("plan.changed", world.plan.pk)
    assert delivery.path == f"/api/v1/plans/{world.plan.pk}/"


class _Receiver(BaseHTTPRequestHandler):
    answers: list[int] = []
    received: list[tuple[dict[str, str], bytes]] = []

    def do_POST(self) -> None:  # noqa: N802
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.received.append((dict(self.headers), body))
        self.send_response(self.answers.pop(0) if self.answers else 204)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def receiver() -> Any:
    server = HTTPServer(("127.0.0.1", 0), _Receiver)
    _Receiver.answers, _Receiver.received = [], []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hook", _Receiver
    server.shutdown()


@override_settings(WIJKKOMPAS_WEBHOOKS_ALLOW_HTTP=True)
def test_a_notification_is_signed_and_holds_ids_only(world, receiver):  # noqa: F811
    url, handler = receiver
    client, _ = api_client(world.user(Role.COORDINATOR))
    subscription = services.subscription_create(client=client, url=url, events=["plan.changed"])
    delivery = Delivery.objects.create(
        subscription=subscription,
        event="plan.changed",
        object_id=world.plan.pk,
        path=f"/api/v1/plans/{world.plan.pk}/",
        occurred_at="2026-11-23T12:00:00+00:00",
    )
    delivery = services.delivery_attempt(delivery_id=delivery.pk)
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.last_status_code == 204
    headers, body = handler.received[0]
    stamp, mac = (part.split("=", 1)[1] for part in headers[SIGNATURE_HEADER].split(","))
    expected = hmac.new(
        subscription.secret.encode(), f"{stamp}.".encode() + body, hashlib.sha256
    ).hexdigest()
    assert hmac.compare_digest(mac, expected)
    payload = json.loads(body)
    assert payload["objectId"] == world.plan.pk and payload["event"] == "plan.changed"
    text = body.decode()
    assert RESIDENT_NAME not in text and SUMMARY not in text


@override_settings(WIJKKOMPAS_WEBHOOKS_ALLOW_HTTP=True)
def test_a_failing_receiver_is_retried_then_given_up(world, receiver):  # noqa: F811
    url, handler = receiver
    handler.answers = [500] * MAX_ATTEMPTS
    client, _ = api_client(world.user(Role.COORDINATOR))
    subscription = services.subscription_create(client=client, url=url, events=["plan.changed"])
    delivery = Delivery.objects.create(
        subscription=subscription,
        event="plan.changed",
        object_id=world.plan.pk,
        path="/api/v1/plans/1/",
        occurred_at="2026-11-23T12:00:00+00:00",
    )
    delivery = services.delivery_attempt(delivery_id=delivery.pk)
    assert delivery.status == DeliveryStatus.PENDING and delivery.next_attempt_at is not None
    for _ in range(MAX_ATTEMPTS - 1):
        delivery = services.delivery_attempt(delivery_id=delivery.pk)
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempts == MAX_ATTEMPTS
    assert delivery.last_status_code == 500
    subscription.refresh_from_db()
    assert subscription.consecutive_failures == 1
    # A delivery that has failed is not sent again.
    assert services.delivery_attempt(delivery_id=delivery.pk).attempts == MAX_ATTEMPTS
