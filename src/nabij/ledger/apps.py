from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "nabij.ledger"
    verbose_name = "Huurincasso"
