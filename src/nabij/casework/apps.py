from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "nabij.casework"
    verbose_name = "Zaken"
