from django.core.management.base import BaseCommand

from nabij.casework.erp_export import make_erp_export


class Command(BaseCommand):
    help = "Make today's ERP file of dunning pauses and payment arrangements (kept for download)."

    def add_arguments(self, parser):
        parser.add_argument("--stdout", action="store_true", help="also print the file")

    def handle(self, *args, **options):
        export = make_erp_export()
        if options["stdout"]:
            self.stdout.write(export.content)
        self.stderr.write(f"ERP export {export.filename}: {export.rows} lines")
