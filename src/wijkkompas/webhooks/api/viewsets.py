"""/api/v1/webhook-subscriptions/ and /api/v1/webhook-deliveries/: a system manages its own
subscriptions with its token, and sees how their notifications were delivered.

Only API clients (token) use these endpoints, each only for itself: a subscription is
bound to the client that made it, not to a team or municipality role.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from wijkkompas.api.models import ApiClient
from wijkkompas.api.viewsets import (
    CreateMixin,
    ListMixin,
    RetrieveMixin,
    ScopedViewSet,
    UpdateMixin,
)

from .. import services
from ..models import Delivery, Subscription
from .serializers import (
    DeliverySerializer,
    SubscriptionCreatedSerializer,
    SubscriptionInputSerializer,
    SubscriptionSerializer,
)


class IsApiClient(BasePermission):
    message = _("Only an API client (with its token) manages webhook subscriptions.")

    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user and request.user.is_authenticated) and isinstance(
            request.auth, ApiClient
        )


class _ClientBound(ScopedViewSet):
    permission_classes = [IsApiClient]  # type: ignore[assignment,misc]

    def client(self) -> ApiClient:
        client = self.request.auth
        assert isinstance(client, ApiClient)
        return client


_TAGS = ["webhooks"]


@extend_schema_view(
    list=extend_schema(summary="The client's webhook subscriptions", tags=_TAGS),
    retrieve=extend_schema(summary="One webhook subscription", tags=_TAGS),
    create=extend_schema(
        summary="Subscribe to events (the answer holds the signing secret, once)",
        tags=_TAGS,
        responses={201: SubscriptionCreatedSerializer},
    ),
    update=extend_schema(summary="Change a webhook subscription", tags=_TAGS),
    partial_update=extend_schema(summary="Change part of a webhook subscription", tags=_TAGS),
    destroy=extend_schema(summary="Remove a webhook subscription", tags=_TAGS),
)
class SubscriptionViewSet(ListMixin, RetrieveMixin, CreateMixin, UpdateMixin, _ClientBound):
    access_model = Subscription
    serializer_class = SubscriptionSerializer
    input_serializer_class = SubscriptionInputSerializer

    def get_queryset(self) -> QuerySet[Subscription]:
        if getattr(self, "swagger_fake_view", False):
            return Subscription.objects.none()
        return Subscription.objects.filter(client=self.client())

    def perform_create(self, data: dict[str, Any]) -> Subscription:
        return services.subscription_create(
            client=self.client(), url=data["url"], events=data["events"]
        )

    def written(self, instance: Any, *, status_code: int) -> Response:
        if status_code == status.HTTP_201_CREATED:
            data = SubscriptionCreatedSerializer(instance).data
            return Response(data, status=status_code)
        return super().written(instance, status_code=status_code)

    def perform_update(self, instance: Subscription, data: dict[str, Any]) -> Subscription:
        return services.subscription_update(
            client=self.client(),
            subscription=instance,
            url=data.get("url"),
            events=data.get("events"),
            is_active=data.get("is_active"),
        )

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        services.subscription_delete(client=self.client(), subscription=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    list=extend_schema(summary="Deliveries of the client's notifications", tags=_TAGS),
    retrieve=extend_schema(summary="One delivery", tags=_TAGS),
)
class DeliveryViewSet(ListMixin, RetrieveMixin, _ClientBound):
    access_model = Delivery
    serializer_class = DeliverySerializer
    filterset_fields = {"subscription": ["exact"], "event": ["exact"], "status": ["exact"]}
    ordering = ["-pk"]

    def get_queryset(self) -> QuerySet[Delivery]:
        if getattr(self, "swagger_fake_view", False):
            return Delivery.objects.none()
        return Delivery.objects.filter(subscription__client=self.client())
