"""Background work of casework (run by `manage.py db_worker`; schedule them daily, see docs/casework.md)."""

from django_tasks import task


@task()
def export_erp() -> int:
    """The daily ERP file of dunning pauses and arrangements; returns the number of lines."""
    from nabij.casework.erp_export import make_erp_export

    return make_erp_export().rows


@task()
def refresh_outreach() -> int:
    """Rebuild the proactive outreach list; returns the number of households on it."""
    from nabij.casework.outreach import refresh_outreach_list

    return refresh_outreach_list()
