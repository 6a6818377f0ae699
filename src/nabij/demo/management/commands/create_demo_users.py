from django.core.management.base import BaseCommand

from nabij.demo.users import DEMO_PASSWORD, create_demo_users


class Command(BaseCommand):
    help = "Create one demo login per role and print them (demo databases only)."

    def handle(self, *args, **options):
        accounts = create_demo_users()
        self.stdout.write(f"\nDemo-logins (wachtwoord voor allemaal: {DEMO_PASSWORD})\n")
        for username, role in accounts:
            self.stdout.write(f"  {username:<15} {role}")
        self.stdout.write("")
