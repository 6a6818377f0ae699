"""Writes of the tenants app that views and other apps call."""

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import transaction
from django.utils.translation import gettext as _

from nabij.core import clock
from nabij.privacy.access import ensure
from nabij.privacy.roles import IMPORT_DATA
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
    ensure(user, IMPORT_DATA)
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


def normalise_email(value: str) -> str:
    """An e-mail address as Nabij stores it: trimmed, the domain in lower case. Raises ValidationError
    (Dutch message) when it is not a valid address."""
    value = (value or "").strip()
    local, _at, domain = value.rpartition("@")
    value = f"{local}@{domain.lower()}" if local else value
    message = _("Dit is geen geldig e-mailadres. Een e-mailadres ziet eruit als naam@voorbeeld.nl.")
    if len(value) > 254:
        raise ValidationError(message, code="invalid")
    EmailValidator(message=message)(value)
    return value


def normalise_mobile(value: str) -> str:
    """A Dutch mobile number in E.164 (`+31612345678`), however it was typed: 0612345678, 06-12345678,
    +31 6 1234 5678, 0031612345678. Raises ValidationError (Dutch message) for anything else: landlines,
    foreign numbers and typos. Pages show it as `06 12345678` (the `contact_value` filter)."""
    try:
        number = phonenumbers.parse((value or "").strip(), "NL")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("Dit is geen geldig telefoonnummer. Een mobiel nummer ziet eruit als 06 12345678."),
            code="invalid",
        )
    if phonenumbers.region_code_for_number(number) != "NL":
        raise ValidationError(
            _("Alleen Nederlandse mobiele nummers (06 of +31 6) kunnen hier worden vastgelegd."),
            code="foreign",
        )
    if phonenumbers.number_type(number) != phonenumbers.PhoneNumberType.MOBILE:
        raise ValidationError(
            _("Dit is geen mobiel nummer: een Nederlands mobiel nummer begint met 06."), code="not_mobile"
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


NORMALISERS = {ContactPoint.Kind.EMAIL: normalise_email, ContactPoint.Kind.MOBILE: normalise_mobile}


def _same_value(kind: str, stored: str, new: str) -> bool:
    """Whether a stored value (perhaps imported in another notation) is the new, normalised one."""
    try:
        return NORMALISERS[kind](stored).lower() == new.lower()
    except ValidationError:
        return False


@transaction.atomic
def correct_contact_point(household, kind: str, value: str, *, checked_in_conversation: bool = True):
    """Staff corrected or added the household's e-mail address (EMA) or mobile number (MOB).

    The value is validated and normalised (e-mail: domain in lower case; mobile: E.164) or a Dutch
    ValidationError is raised and nothing changes. The new value becomes the preferred one of its kind;
    checked with the tenant in the conversation, it is validated (GEV) as of now. The value it replaces —
    the previously preferred one of that kind — is marked invalid (ONG): the tenant said it is no longer
    right, so neither outreach nor a later "checked in conversation" may use it again. Other values of that
    kind (perhaps another household member's) only lose their preference. Returns the contact point.
    """
    if kind not in NORMALISERS:
        raise ValueError(f"contact points of kind {kind!r} cannot be corrected here")
    value = NORMALISERS[kind](value)
    points = list(household.contact_points.select_for_update().filter(kind=kind))
    point = next((p for p in points if _same_value(kind, p.value, value)), None)
    replaced = [p for p in points if p.preferred and p is not point]
    for other in points:
        if other is point:
            continue
        if other in replaced:
            other.status = ContactPoint.Status.INVALID
        other.preferred = False
        other.save(update_fields=["preferred", "status"])
    if point is None:
        point = ContactPoint(household=household, kind=kind, person=replaced[0].person if replaced else None)
    point.value = value
    point.preferred = True
    if checked_in_conversation:
        point.status = ContactPoint.Status.VALIDATED
        point.verified_at = clock.now()
    elif point.pk is None:
        point.status = ContactPoint.Status.CREATED
    point.save()
    return point


def set_campaign_consent(household, *, consent: bool, source: str):
    """Record the household's consent for campaign messages (news, campaigns), e.g. an opt-out from a link.
    Messages about the tenant's own rent and cases (purpose "service") are not affected. Takes effect at
    once: outreach reads this row before every send. Returns the ChannelPreference."""
    from nabij.tenants.models import ChannelPreference

    preference, _created = ChannelPreference.objects.update_or_create(
        household=household,
        purpose=ChannelPreference.Purpose.CAMPAIGN,
        defaults={"consent": consent, "recorded_at": clock.now(), "source": source[:60]},
        create_defaults={
            "consent": consent,
            "recorded_at": clock.now(),
            "source": source[:60],
            "channel": ChannelPreference.Channel.EMAIL,
        },
    )
    return preference
