from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "nabij.demo"
    verbose_name = "Demo corporation"
