import os

from django.core.management.base import BaseCommand, CommandError

from nabij.demo.generator import DEFAULT_SEED, seed_demo
from nabij.tenants.models import Household


def _dutch_int(value: int) -> str:
    return f"{value:,}".replace(",", ".")


class Command(BaseCommand):
    help = (
        "Generate the demo corporation (Woonstichting Voorbeeld): units, households, contact details, "
        "five years of rent bookings and two years of contacts and signals (with an energy-price crisis). "
        "Deterministic for a seed; all or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--units",
            type=int,
            default=int(os.environ.get("NABIJ_DEMO_UNITS") or 5000),
            help="number of homes (default: $NABIJ_DEMO_UNITS or 5000)",
        )
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"default {DEFAULT_SEED}")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="do nothing when the database already holds households (so `make demo` can be rerun)",
        )

    def handle(self, *args, units, seed, if_empty, **options):
        if units < 1:
            raise CommandError("--units moet minstens 1 zijn.")
        if Household.objects.exists():
            if if_empty:
                self.stdout.write(
                    "Er staan al huishoudens in de database; demodata wordt niet opnieuw aangemaakt. "
                    "(Households already present: skipping the demo seed.)"
                )
                return
            raise CommandError(
                "Er staan al huishoudens in de database. Gebruik een lege database, of --if-empty om "
                "dit over te slaan. (The database already holds households.)"
            )
        self.stdout.write(f"Woonstichting Voorbeeld aanmaken: {_dutch_int(units)} eenheden, seed {seed} …")
        verbose = options.get("verbosity", 1) >= 1

        def progress(done, total, rows, seconds):
            if verbose:
                rate = rows / seconds if seconds else 0
                self.stdout.write(
                    f"  {_dutch_int(done):>7}/{_dutch_int(total)} eenheden · {_dutch_int(rows)} rijen · "
                    f"{_dutch_int(round(rate))} rijen/s"
                )

        result = seed_demo(units, seed, progress=progress)
        self.stdout.write(
            self.style.SUCCESS(
                f"Klaar in {result.seconds:.1f} s: {_dutch_int(result.units)} eenheden, "
                f"{_dutch_int(result.households)} huishoudens, {_dutch_int(result.persons)} personen, "
                f"{_dutch_int(result.tenancies)} huurcontracten, {_dutch_int(result.bookings)} boekingen, "
                f"{_dutch_int(result.payment_arrangements)} betalingsregelingen, "
                f"{_dutch_int(result.contacts)} klantcontacten, {_dutch_int(result.signals)} signalen "
                f"({_dutch_int(round(result.rows / result.seconds))} rijen/s)."
            )
        )
