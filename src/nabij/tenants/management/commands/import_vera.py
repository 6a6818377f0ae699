"""manage.py import_vera DIR: import the ERP's VERA CSV files, all or nothing (docs/import.md)."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from nabij.tenants.importer import run_import


def format_error(error: dict) -> str:
    """ "boekingen.csv, regel 7, kolom boekdatum: '31-02-2026' is geen geldige datum (...)" """
    place = [error["file"]] if error.get("file") else []
    if error.get("line"):
        place.append(f"regel {error['line']}")
    if error.get("column"):
        place.append(f"kolom {error['column']}")
    return f"{', '.join(place)}: {error['message']}" if place else error["message"]


class Command(BaseCommand):
    help = (
        "Importeer VERA-bestanden (relaties.csv, eenheden.csv, huurovereenkomsten.csv, "
        "contactgegevens.csv, boekingen.csv, betalingsregelingen.csv) uit een map. "
        "Alles of niets: bij één fout verandert er niets."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="map met de CSV-bestanden")

    def handle(self, *args, directory, **options):
        path = Path(directory).resolve()
        started = time.perf_counter()
        run = run_import(path, source=str(path))
        seconds = time.perf_counter() - started
        for notice in run.notices:
            self.stdout.write(f"Let op: {notice}")
        for name, count in run.row_counts.items():
            self.stdout.write(f"{name}.csv: {count:,} regels".replace(",", "."))
        if skipped := run.skipped_erased_total:
            lines = "1 regel" if skipped == 1 else f"{skipped:,} regels".replace(",", ".")
            self.stdout.write(f"{lines} overgeslagen: gegevens gewist op verzoek (AVG art. 17)")
        if run.status == run.Status.SUCCEEDED:
            self.stdout.write(self.style.SUCCESS(f"Import gelukt in {seconds:.1f} s (import {run.pk})."))
            return
        for error in run.errors:
            self.stderr.write(format_error(error))
        count = "1 fout" if run.error_count == 1 else f"{run.error_count} fouten"
        raise CommandError(f"Import afgewezen: {count}. Er is niets veranderd (import {run.pk}).")
