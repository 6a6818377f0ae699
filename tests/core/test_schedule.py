"""Daily jobs: retention and the rate-limit counters at night, the outreach list and the ERP file in the
morning — each once a day."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from nabij.casework.models import ErpExport
from nabij.core import schedule
from nabij.core.clock import frozen_clock
from nabij.privacy.models import RetentionRun

AMS = ZoneInfo("Europe/Amsterdam")


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=AMS)


def queued() -> list[str]:
    return sorted(path.rsplit(".", 1)[1] for path in DBTaskResult.objects.values_list("task_path", flat=True))


@pytest.mark.django_db
def test_each_job_is_enqueued_once_its_time_has_passed_and_once_a_day():
    assert [job.key for job in schedule.jobs()] == ["retention", "rate_counters", "outreach", "erp_export"]
    assert schedule.enqueue_due(at(27, 2, 59)) == []
    assert schedule.enqueue_due(at(27, 3, 0)) == ["retention"]
    assert schedule.enqueue_due(at(27, 3, 1)) == []  # not twice the same day
    # A scheduler that was down in the morning catches up when it comes back the same day.
    assert schedule.enqueue_due(at(27, 11, 15)) == ["rate_counters", "outreach", "erp_export"]
    assert schedule.enqueue_due(at(27, 23, 59)) == []
    assert queued() == ["apply_retention_task", "export_erp", "prune_rate_counters", "refresh_outreach"]
    assert schedule.enqueue_due(at(28, 3, 5)) == ["retention"]  # the next night again


@pytest.mark.django_db
def test_a_job_can_be_moved_or_switched_off(settings):
    settings.NABIJ_SCHEDULE = {"retention": "01:30", "erp_export": "off", "rate_counters": "off"}
    assert [(job.key, job.at) for job in schedule.jobs()] == [
        ("retention", dt.time(1, 30)),
        ("outreach", dt.time(5, 30)),
    ]
    assert schedule.enqueue_due(at(27, 12)) == ["retention", "outreach"]
    settings.NABIJ_SCHEDULE = {"retention": "half vier"}
    with pytest.raises(ImproperlyConfigured, match="'half vier' for retention is no time"):
        schedule.jobs()


# Real commits: the worker claims the tasks in its own transaction, as in production.
@pytest.mark.django_db(transaction=True)
def test_the_scheduler_command_and_the_worker_produce_the_daily_results():
    with frozen_clock(at(27, 7)):
        call_command("run_scheduler", "--once", verbosity=0)
        call_command("run_scheduler", "--once", verbosity=0)  # a second scheduler adds nothing
        assert len(queued()) == 4
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert ErpExport.objects.count() == 1
    assert RetentionRun.objects.filter(status=RetentionRun.Status.SUCCEEDED).count() == 1
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
