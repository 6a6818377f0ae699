"""Retention: how long each data class is kept, and the run that removes what is older.

Periods come from the setting NABIJ_RETENTION ("signals=2y,notes=2y,messages=1y,access_log=5y,
ended_tenancies=7y"), with DEFAULT_PERIODS for what it does not name (erasure tombstones: 7 years); the
rules that apply them are registered by the apps that own the data
(`privacy.registry.RetentionRule`). A run — `manage.py apply_retention [--dry-run]`, or the background task
`apply_retention_task` — applies every rule in one transaction and stores a `RetentionRun` with the count
per rule, which the privacy officer sees under *Bewaartermijnen*. A dry run counts without removing.

Schedule it once a day (cron or a systemd timer: `manage.py apply_retention`, or
`manage.py apply_retention --queue` to hand it to the background worker).
"""

import datetime as dt
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from nabij.core import clock
from nabij.privacy import erasure, registry
from nabij.privacy.models import RetentionRun

PERIOD_RE = re.compile(r"^\s*([a-z_]+)\s*=\s*(\d+)\s*([dmy])\s*$")
UNIT_WORDS = {"d": ("dag", "dagen"), "m": ("maand", "maanden"), "y": ("jaar", "jaar")}


@dataclass(frozen=True)
class Period:
    amount: int
    unit: str  # "d", "m" or "y"

    def cutoff(self, today: dt.date) -> dt.date:
        """The first day that is still kept: rows whose last activity is before it are removed."""
        if self.unit == "d":
            return today - dt.timedelta(days=self.amount)
        months = self.amount * (12 if self.unit == "y" else 1)
        year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
        month += 1
        day = today.day
        while True:  # 29 February minus a year is 28 February
            try:
                return dt.date(year, month, day)
            except ValueError:
                day -= 1

    def __str__(self) -> str:
        one, many = UNIT_WORDS[self.unit]
        return f"{self.amount} {one if self.amount == 1 else many}"


def parse_periods(text: str) -> dict[str, Period]:
    periods = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        match = PERIOD_RE.match(part)
        if not match:
            raise ImproperlyConfigured(
                f"NABIJ_RETENTION: {part!r} is not '<class>=<n>d|m|y' (e.g. 'signals=2y')."
            )
        key, amount, unit = match.groups()
        periods[key] = Period(int(amount), unit)
    return periods


# Periods that apply when NABIJ_RETENTION does not name them. Erasure tombstones (privacy.erasure) are
# needed only while the ERP still exports the erased household: its fiscal retention duty is seven years
# (art. 52 AWR), counted here from the last import a tombstone stopped a row of.
DEFAULT_PERIODS = {"tombstones": Period(7, "y")}


def periods() -> dict[str, Period]:
    return {**DEFAULT_PERIODS, **parse_periods(settings.NABIJ_RETENTION)}


@dataclass(frozen=True)
class RuleStatus:
    """A rule as the privacy officer's page lists it."""

    rule: registry.RetentionRule
    period: Period | None  # None: not configured, kept until erased on request


def rule_statuses() -> list[RuleStatus]:
    configured = periods()
    return [RuleStatus(rule, configured.get(rule.period_key)) for rule in registry.retention_rules()]


# Names for configured periods that no registered rule applies yet, for the officer's page.
PERIOD_LABELS = {"messages": _("Verzonden berichten")}


def unused_periods() -> list[tuple[str, Period]]:
    """(label, period) of configured periods no registered rule applies yet (`messages` before outreach)."""
    used = {rule.period_key for rule in registry.retention_rules()}
    return [
        (str(PERIOD_LABELS.get(key, key)), period) for key, period in periods().items() if key not in used
    ]


def apply_retention(*, dry_run: bool = False, trigger: str = "commando", user=None) -> RetentionRun:
    """Apply every registered rule with a configured period; all or nothing. Returns the stored run."""
    configured = periods()
    today = clock.today()
    run = RetentionRun.objects.create(
        started_at=clock.now(), dry_run=dry_run, trigger=trigger, started_by=user
    )
    counts, cutoffs = {}, {}
    try:
        with transaction.atomic():
            for rule in registry.retention_rules():
                period = configured.get(rule.period_key)
                if period is None:
                    continue
                cutoff = period.cutoff(today)
                cutoffs[rule.key] = cutoff.isoformat()
                if rule.households_due is not None:
                    household_ids = list(rule.households_due(cutoff))
                    if not dry_run:
                        for household_id in household_ids:
                            erasure.erase_household(household_id)
                    counts[rule.key] = len(household_ids)
                else:
                    counts[rule.key] = rule.apply(cutoff, dry_run)
    except Exception as exc:
        RetentionRun.objects.filter(pk=run.pk).update(
            status=RetentionRun.Status.FAILED, finished_at=clock.now(), error=f"{type(exc).__name__}: {exc}"
        )
        raise
    RetentionRun.objects.filter(pk=run.pk).update(
        status=RetentionRun.Status.SUCCEEDED, finished_at=clock.now(), counts=counts, cutoffs=cutoffs
    )
    run.refresh_from_db()
    return run


def run_lines(run: RetentionRun) -> list[tuple[str, int, dt.date | None]]:
    """(label, count, cutoff) per rule of a run, labels from the registry (the key if a rule is gone)."""
    labels = {rule.key: str(rule.label) for rule in registry.retention_rules()}
    return [
        (labels.get(key, key), count, dt.date.fromisoformat(run.cutoffs[key]) if key in run.cutoffs else None)
        for key, count in run.counts.items()
    ]


@task()
def apply_retention_task(dry_run: bool = False) -> dict:
    """The background worker's retention run; returns the counts per rule."""
    return apply_retention(dry_run=dry_run, trigger="taak").counts
