from django.core.management.base import BaseCommand

from nabij.casework.outreach import refresh_outreach_list


class Command(BaseCommand):
    help = "Rebuild the proactive outreach list (households to contact first, with their reasons)."

    def handle(self, *args, **options):
        count = refresh_outreach_list()
        self.stdout.write(f"Outreach list: {count} households")
