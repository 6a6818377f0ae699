from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "nabij.privacy"
    verbose_name = "Privacy"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from nabij.privacy.roles import sync_roles_after_migrate

        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="nabij.privacy.sync_roles")

        from nabij.privacy import checks, privacy_data, services  # noqa: F401  (checks registers itself)

        privacy_data.register()
        services.connect_receivers()

        import datetime as dt

        from nabij.core.schedule import register_daily
        from nabij.privacy.retention import apply_retention_task

        register_daily("retention", dt.time(3, 0), apply_retention_task)
