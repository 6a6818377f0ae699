"""Writes of the tenants app that views and other apps call."""

from django.db import transaction
from django.utils.translation import gettext as _

from nabij.core import clock
from nabij.tenants.models import ContactPoint, ImportFile, ImportRun


class UploadRefused(ValueError):
    """The uploaded files cannot be queued; `str(exc)` is the Dutch reason."""


MAX_UPLOAD_FILES = 6
MAX_UPLOAD_BYTES = 500 * 1024 * 1024


def queue_import(uploads, user) -> ImportRun:
    """Store uploaded VERA files and queue their import for the background worker.

    The ImportRun, the files and the task are committed together (the task queue lives in the same
    database), so a queued import is never lost and never runs without its files.
    """
    from nabij.tenants.tasks import import_uploaded_files

    uploads = list(uploads)
    if not uploads:
        raise UploadRefused(_("Kies een of meer CSV-bestanden."))
    if len(uploads) > MAX_UPLOAD_FILES:
        raise UploadRefused(_("Kies hoogstens %(n)s bestanden.") % {"n": MAX_UPLOAD_FILES})
    names = [upload.name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1] for upload in uploads]
    if len({name.lower() for name in names}) != len(names):
        raise UploadRefused(_("Twee bestanden hebben dezelfde naam."))
    if sum(upload.size for upload in uploads) > MAX_UPLOAD_BYTES:
        raise UploadRefused(
            _("De bestanden zijn samen groter dan 500 MB; importeer ze met manage.py import_vera.")
        )
    with transaction.atomic():
        run = ImportRun.objects.create(
            started_at=clock.now(),
            status=ImportRun.Status.QUEUED,
            source="upload: " + ", ".join(names),
            started_by=user,
        )
        for name, upload in zip(names, uploads, strict=True):
            ImportFile.objects.create(run=run, name=name[:100], content=b"".join(upload.chunks()))
        import_uploaded_files.enqueue(run.pk)
    run.refresh_from_db()
    return run


def mark_contact_points_checked(household, kinds=("EMA", "MOB")) -> int:
    """Staff checked the household's e-mail addresses and mobile numbers with the tenant in a conversation:
    every one of them that is not marked invalid becomes validated as of now. Returns how many."""
    return (
        household.contact_points.filter(kind__in=kinds)
        .exclude(status=ContactPoint.Status.INVALID)
        .update(verified_at=clock.now(), status=ContactPoint.Status.VALIDATED)
    )
