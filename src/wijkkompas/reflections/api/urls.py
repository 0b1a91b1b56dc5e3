from .viewsets import ReflectionViewSet

routes = [("reflections", ReflectionViewSet, "reflection")]
