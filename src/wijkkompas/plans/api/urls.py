from .viewsets import CaseDiscussionViewSet, PlanViewSet

routes = [
    ("plans", PlanViewSet, "plan"),
    ("case-discussions", CaseDiscussionViewSet, "case-discussion"),
]
