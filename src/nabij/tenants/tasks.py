"""Background work of the tenants app (run by `manage.py db_worker`)."""

import tempfile
from pathlib import Path

from django_tasks import task

from nabij.tenants.importer import run_import
from nabij.tenants.models import ImportFile, ImportRun


@task()
def import_uploaded_files(run_id: int) -> str:
    """Import the files uploaded for `run_id` (all or nothing), then delete the uploaded copies."""
    run = ImportRun.objects.get(pk=run_id)
    with tempfile.TemporaryDirectory(prefix="nabij-import-") as directory:
        for upload in ImportFile.objects.filter(run=run).iterator():
            (Path(directory) / upload.name).write_bytes(upload.content)
        run = run_import(directory, run=run)
    # The files hold personal data; Nabij keeps what it imported, not the files.
    ImportFile.objects.filter(run=run).delete()
    return run.status
