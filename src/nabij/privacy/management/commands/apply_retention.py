"""Apply the retention periods (NABIJ_RETENTION) and report what was removed, per data class."""

from django.core.management.base import BaseCommand

from nabij.privacy import retention


class Command(BaseCommand):
    help = "Apply the retention periods (NABIJ_RETENTION): remove or anonymise what is older, report counts."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count what would go; remove nothing.")
        parser.add_argument(
            "--queue", action="store_true", help="Hand the run to the background worker (db_worker) instead."
        )

    def handle(self, *args, dry_run=False, queue=False, **options):
        if queue:
            result = retention.apply_retention_task.enqueue(dry_run=dry_run)
            self.stdout.write(f"Queued retention run ({result.id}).")
            return
        run = retention.apply_retention(dry_run=dry_run, trigger="commando")
        heading = "Dry run: would remove" if dry_run else "Removed"
        self.stdout.write(f"{heading} (retention run {run.pk}):")
        for label, count, cutoff in retention.run_lines(run):
            self.stdout.write(f"  {label}: {count} (before {cutoff})")
        for key, period in retention.unused_periods():
            self.stdout.write(f"  {key}: {period} configured, no data class applies it yet")
