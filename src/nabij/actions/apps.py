from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "nabij.actions"
    verbose_name = "Klik-acties"

    def ready(self):
        import datetime as dt

        from nabij.actions import panels, privacy_data, tasks
        from nabij.core.schedule import register_daily

        panels.register()
        privacy_data.register()
        register_daily("rate_counters", dt.time(3, 30), tasks.prune_rate_counters)
