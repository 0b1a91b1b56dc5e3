from .viewsets import AreaSignalViewSet, ThemeViewSet

routes = [
    ("area-signals", AreaSignalViewSet, "area-signal"),
    ("themes", ThemeViewSet, "theme"),
]
