from django.apps import AppConfig


class TenantsConfig(AppConfig):
    name = "nabij.tenants"
    verbose_name = "Huurders"

    def ready(self):
        from nabij.tenants.importer import tenant_files

        tenant_files.register()

        from nabij.tenants import privacy_data

        privacy_data.register()
