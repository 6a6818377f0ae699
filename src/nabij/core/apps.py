from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "nabij.core"
    verbose_name = "Nabij core"
