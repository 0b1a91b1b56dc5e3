from .viewsets import MeasurementRoundViewSet, SelfAssessmentViewSet

routes = [
    ("self-assessment-rounds", MeasurementRoundViewSet, "self-assessment-round"),
    ("self-assessments", SelfAssessmentViewSet, "self-assessment"),
]
