"""Entry point for `manage.py` and the `nabij` console script."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nabij.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
