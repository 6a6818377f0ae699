from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "nabij.casework"
    verbose_name = "Zaken"

    def ready(self):
        import datetime as dt

        from nabij.casework import handlers, panels, privacy_data, tasks
        from nabij.contacts.extensions import register_follow_up_handler
        from nabij.core.schedule import register_daily

        register_follow_up_handler(handlers.open_signal_case)
        panels.register()
        privacy_data.register()
        register_daily("outreach", dt.time(5, 30), tasks.refresh_outreach)
        register_daily("erp_export", dt.time(6, 0), tasks.export_erp)
