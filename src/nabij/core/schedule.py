"""Daily jobs: the background work that must happen every day (retention, the outreach list, the ERP file).

Apps register their jobs from `AppConfig.ready()` with `register_daily(key, at, task)`; the scheduler
(`manage.py run_scheduler`, started beside `db_worker` by `make serve`) calls `enqueue_due()` every minute.
A job is due once its time has passed today; it is enqueued at most once per day, also with two schedulers
running (a unique row per job and day, written in the same transaction as the enqueue). A scheduler that was
down at the job's time enqueues it when it comes back the same day; a day missed entirely is not repeated —
the jobs work on "now" (today's list, today's file), so the next run covers it.

`NABIJ_SCHEDULE` moves a job or switches it off: "retention=02:30,erp_export=off".
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.utils import timezone

from nabij.core import clock


@dataclass(frozen=True)
class DailyJob:
    key: str
    at: dt.time  # Amsterdam time
    task: object  # a django-tasks Task; enqueued without arguments


_jobs: dict[str, DailyJob] = {}


def register_daily(key: str, at: dt.time, task) -> None:
    _jobs[key] = DailyJob(key, at, task)


def jobs() -> list[DailyJob]:
    """The registered jobs with the times from NABIJ_SCHEDULE applied (switched-off jobs left out)."""
    chosen = []
    for job in sorted(_jobs.values(), key=lambda j: (j.at, j.key)):
        override = settings.NABIJ_SCHEDULE.get(job.key)
        if override == "off":
            continue
        try:
            at = dt.time.fromisoformat(override) if override else job.at
        except ValueError:
            raise ImproperlyConfigured(
                f"NABIJ_SCHEDULE: '{override}' for {job.key} is no time (HH:MM) and not 'off'"
            ) from None
        chosen.append(DailyJob(job.key, at, job.task))
    return chosen


def enqueue_due(now: dt.datetime | None = None) -> list[str]:
    """Enqueue every job whose time has passed today and that was not enqueued today; returns their keys."""
    from nabij.core.models import ScheduledRun

    local = timezone.localtime(now or clock.now())
    enqueued = []
    for job in jobs():
        if local.time() < job.at:
            continue
        try:
            with transaction.atomic():
                ScheduledRun.objects.create(job=job.key, day=local.date(), enqueued_at=local)
                job.task.enqueue()
        except IntegrityError:
            continue  # already enqueued today (by us earlier, or by another scheduler)
        enqueued.append(job.key)
    return enqueued
