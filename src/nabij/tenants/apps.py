from django.apps import AppConfig


class TenantsConfig(AppConfig):
    name = "nabij.tenants"
    verbose_name = "Huurders"
