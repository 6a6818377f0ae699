"""Background work of the actions app (run by `manage.py db_worker`, enqueued daily by the scheduler)."""

from django_tasks import task


@task()
def prune_rate_counters() -> int:
    """Delete the rate-limit counters of minutes that are over; returns how many."""
    from nabij.actions.ratelimit import prune

    return prune()
