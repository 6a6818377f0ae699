from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "nabij.contacts"
    verbose_name = "Klantcontact"

    def ready(self):
        from nabij.contacts import panels, privacy_data

        panels.register()
        privacy_data.register()
