from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "nabij.actions"
    verbose_name = "Klik-acties"

    def ready(self):
        from nabij.actions import panels, privacy_data

        panels.register()
        privacy_data.register()
