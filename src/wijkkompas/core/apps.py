from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "wijkkompas.core"
    verbose_name = "Core"
