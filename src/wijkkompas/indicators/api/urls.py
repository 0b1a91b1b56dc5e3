from .viewsets import IndicatorViewSet, StoryViewSet

routes = [
    ("indicators", IndicatorViewSet, "indicator"),
    ("stories", StoryViewSet, "story"),
]
