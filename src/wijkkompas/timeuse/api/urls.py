from .viewsets import TeamTimeSplitViewSet, TimeSplitViewSet

routes = [
    ("time-splits", TimeSplitViewSet, "time-split"),
    ("team-time-splits", TeamTimeSplitViewSet, "team-time-split"),
]
