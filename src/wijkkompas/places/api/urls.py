from .viewsets import PlaceViewSet

routes = [("places", PlaceViewSet, "place")]
