from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "nabij.actions"
    verbose_name = "Klik-acties"
