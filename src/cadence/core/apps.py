from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cadence.core"
    label = "core"
    verbose_name = "Core"
