from .viewsets import DistrictViewSet, MunicipalityViewSet, NeighbourhoodViewSet

routes = [
    ("municipalities", MunicipalityViewSet, "municipality"),
    ("districts", DistrictViewSet, "district"),
    ("neighbourhoods", NeighbourhoodViewSet, "neighbourhood"),
]
