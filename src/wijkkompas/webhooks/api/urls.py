from .viewsets import DeliveryViewSet, SubscriptionViewSet

routes = [
    ("webhook-subscriptions", SubscriptionViewSet, "webhook-subscription"),
    ("webhook-deliveries", DeliveryViewSet, "webhook-delivery"),
]
