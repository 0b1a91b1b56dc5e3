from .viewsets import AssessmentViewSet, InstrumentViewSet

routes = [
    ("instruments", InstrumentViewSet, "instrument"),
    ("assessments", AssessmentViewSet, "assessment"),
]
