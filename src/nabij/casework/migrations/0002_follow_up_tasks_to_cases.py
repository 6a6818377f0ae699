"""Urgent signals' follow-up tasks (contacts.FollowUpTask, removed in contacts 0004) become
"opvolging signaal" cases with a history line, before the old table goes."""

import datetime as dt
import zoneinfo

from django.conf import settings
from django.db import migrations


def tasks_to_cases(apps, schema_editor):
    FollowUpTask = apps.get_model("contacts", "FollowUpTask")
    Case = apps.get_model("casework", "Case")
    CaseEvent = apps.get_model("casework", "CaseEvent")
    amsterdam = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    for task in FollowUpTask.objects.select_related("signal").iterator():
        done = task.status == "klaar"
        due_at = dt.datetime.combine(task.due_date, dt.time(17, 0), tzinfo=amsterdam)
        case = Case.objects.create(
            household_id=task.household_id,
            kind="opvolging_signaal",
            team=task.team,
            priority=1 if task.signal.urgency == "acuut" else 2,
            status="afgerond" if done else "nieuw",
            is_open=not done,
            outcome="geholpen" if done else "",
            source="signaal",
            summary="Opvolging signaal",
            due_at=due_at,
            created_at=task.created_at,
            closed_at=due_at if done else None,
            signal_id=task.signal_id,
        )
        CaseEvent.objects.create(case=case, at=task.created_at, kind="aangemaakt", to_status="nieuw")


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0001_initial"),
        ("contacts", "0003_monitor_permission"),
    ]
    run_before = [("contacts", "0004_remove_follow_up_task")]

    operations = [migrations.RunPython(tasks_to_cases, migrations.RunPython.noop)]
