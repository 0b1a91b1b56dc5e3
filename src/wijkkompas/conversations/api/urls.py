from .viewsets import ConversationViewSet

routes = [("conversations", ConversationViewSet, "conversation")]
