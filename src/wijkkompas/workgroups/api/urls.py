from .viewsets import WorkGroupViewSet

routes = [("work-groups", WorkGroupViewSet, "work-group")]
