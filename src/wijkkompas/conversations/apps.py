from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConversationsConfig(AppConfig):
    name = "wijkkompas.conversations"
    verbose_name = _("Kitchen-table conversations")

    def ready(self) -> None:
        from wijkkompas.components.sections import register_section

        from . import sections

        register_section("resident", sections.resident_conversations, order=20)
