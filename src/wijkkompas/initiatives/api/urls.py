from .viewsets import InitiativeViewSet, OpportunityViewSet

routes = [
    ("initiatives", InitiativeViewSet, "initiative"),
    ("opportunities", OpportunityViewSet, "opportunity"),
]
