from .viewsets import IdeaViewSet

routes = [("ideas", IdeaViewSet, "idea")]
