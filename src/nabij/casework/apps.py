from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "nabij.casework"
    verbose_name = "Zaken"

    def ready(self):
        from nabij.casework import handlers, panels, privacy_data
        from nabij.contacts.extensions import register_follow_up_handler

        register_follow_up_handler(handlers.open_signal_case)
        panels.register()
        privacy_data.register()
