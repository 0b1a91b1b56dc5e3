from .viewsets import MembershipViewSet, PartnerViewSet, TeamViewSet

routes = [
    ("teams", TeamViewSet, "team"),
    ("memberships", MembershipViewSet, "membership"),
    ("partners", PartnerViewSet, "partner"),
]
