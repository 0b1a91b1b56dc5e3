from .viewsets import DisciplineViewSet, OrganisationViewSet

routes = [
    ("organisations", OrganisationViewSet, "organisation"),
    ("disciplines", DisciplineViewSet, "discipline"),
]
