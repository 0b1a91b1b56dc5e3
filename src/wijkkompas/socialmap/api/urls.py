from .viewsets import EntryViewSet

routes = [("social-map-entries", EntryViewSet, "social-map-entry")]
