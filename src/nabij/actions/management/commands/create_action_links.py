"""Make one-tap links in bulk (tests, benchmarks, a pilot), writing the links to a file, never to the log.

    manage.py create_action_links --kind terugbellen --count 500 --out var/links.txt [--base-url URL]

One line per link: the household's key (opaque), a tab, the link. The file is created with mode 0600.
"""

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from nabij.actions import services
from nabij.actions.models import STAFF_KINDS
from nabij.actions.ratelimit import prune
from nabij.tenants.models import Household


class Command(BaseCommand):
    help = "Make one-tap links for many households and write them to a file (not to the log)."

    def add_arguments(self, parser):
        parser.add_argument("--kind", required=True, choices=[str(k) for k in STAFF_KINDS])
        parser.add_argument("--count", type=int, help="at most this many households (default: all)")
        parser.add_argument("--out", required=True, help="file to write the links to (mode 0600)")
        parser.add_argument("--days", type=int, default=None, help="valid for this many days")
        parser.add_argument("--campaign", default="", help="label of the message or campaign")
        parser.add_argument("--base-url", default=None, help="start of the links (default NABIJ_PUBLIC_URL)")

    def handle(self, *args, kind, count, out, days, campaign, base_url, **options):
        households = Household.objects.order_by("id")
        if count is not None:
            if count < 1:
                raise CommandError("--count must be at least 1")
            households = households[:count]
        pairs = services.bulk_create_links(list(households), kind=kind, campaign=campaign, days=days)
        path = Path(out)
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            for link, token in pairs:
                handle.write(f"{link.household.key}\t{services.public_url(token, '', base_url)}\n")
        prune()
        self.stdout.write(f"{len(pairs)} links ({kind}) written to {path}")
