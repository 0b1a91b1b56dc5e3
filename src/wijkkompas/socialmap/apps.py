from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SocialMapConfig(AppConfig):
    name = "wijkkompas.socialmap"
    label = "socialmap"
    verbose_name = _("Social map (sociale kaart)")

    def ready(self) -> None:
        from wijkkompas.components.sections import register_section
        from wijkkompas.conversations.extensions import register_form_extension

        from . import suggestion_views

        # The suggestions in the conversation form, and the entries used on its page.
        register_form_extension(suggestion_views.SuggestionsExtension())
        register_section("conversation", suggestion_views.conversation_uses, order=50)
