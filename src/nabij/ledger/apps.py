from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "nabij.ledger"
    verbose_name = "Huurincasso"

    def ready(self):
        from nabij.ledger import importer, panels, privacy_data

        importer.register()
        panels.register()
        privacy_data.register()
