from .viewsets import ImportJobViewSet

routes = [("imports", ImportJobViewSet, "import-job")]
