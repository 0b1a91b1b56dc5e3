from .viewsets import ConsentViewSet, HouseholdViewSet, ResidentViewSet, RiskSignalViewSet

routes = [
    ("households", HouseholdViewSet, "household"),
    ("residents", ResidentViewSet, "resident"),
    ("consents", ConsentViewSet, "consent"),
    ("risk-signals", RiskSignalViewSet, "risk-signal"),
]
