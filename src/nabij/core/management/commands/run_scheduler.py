"""Enqueue the daily jobs when they are due (see nabij.core.schedule); `db_worker` runs them."""

import time

from django.core.management.base import BaseCommand

from nabij.core import schedule


class Command(BaseCommand):
    help = "Zet de dagelijkse taken klaar voor de worker zodra ze aan de beurt zijn (elke minuut)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="één keer kijken en stoppen (voor cron)")
        parser.add_argument("--interval", type=int, default=60, help="seconden tussen twee keer kijken")

    def handle(self, *args, once=False, interval=60, **options):
        if not once:
            planned = ", ".join(f"{job.key} {job.at:%H:%M}" for job in schedule.jobs()) or "-"
            self.stdout.write(f"Dagelijkse taken: {planned}")
        while True:
            for key in schedule.enqueue_due():
                self.stdout.write(f"Klaargezet: {key}")
            if once:
                return
            time.sleep(interval)
