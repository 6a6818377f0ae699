"""Erasing one household's personal data on request (AVG art. 17), with four eyes.

One privacy officer requests the erasure (with a reason code and the corporation's own reference); a
*different* privacy officer confirms it. Then every data class registered with `privacy.registry` erases or
anonymises its rows of the household, in one transaction: either all of it happens or nothing does.

What stays: rows that aggregates count (contacts and signals for the developments monitor and workload
figures), emptied of every free text and pointing at an empty household shell with a new random key; and the
access log, which holds a household id and kinds of access, never the household's personal data.
"""

import logging

from django.db import transaction
from django.utils.translation import gettext as _

from nabij.core import clock
from nabij.privacy import registry
from nabij.privacy.access import ensure
from nabij.privacy.models import ErasureRequest
from nabij.privacy.roles import CONFIRM_ERASURE, REQUEST_ERASURE

logger = logging.getLogger(__name__)
REFERENCE_MAX = ErasureRequest._meta.get_field("reference").max_length


class ErasureRefused(Exception):
    """Why the request or confirmation was refused, in words for the privacy officer."""


def erase_household(household_id: int) -> dict[str, int]:
    """Run every registered class's `erase` for the household; {class key: rows touched}."""
    counts = {}
    with transaction.atomic():
        for data in registry.providers():
            if data.erase is not None:
                counts[data.key] = data.erase(household_id)
    return counts


def request_erasure(user, household_id: int, reason: str, reference: str = "") -> ErasureRequest:
    ensure(user, REQUEST_ERASURE)
    reference = " ".join(reference.split())
    if reason not in ErasureRequest.Reason.values:
        raise ErasureRefused(_("Kies een reden."))
    if len(reference) > REFERENCE_MAX:
        raise ErasureRefused(_("Het kenmerk is te lang (hoogstens %(max)s tekens).") % {"max": REFERENCE_MAX})
    if "@" in reference:
        raise ErasureRefused(_("Het kenmerk mag geen e-mailadres of naam bevatten, alleen uw eigen nummer."))
    subject = registry.directory().by_id(household_id)
    if subject is None:
        raise ErasureRefused(_("Dit huishouden bestaat niet (meer)."))
    if subject.erased:
        raise ErasureRefused(_("De gegevens van dit huishouden zijn al verwijderd."))
    with transaction.atomic():
        if ErasureRequest.objects.filter(
            household_id=household_id, status=ErasureRequest.Status.REQUESTED
        ).exists():
            raise ErasureRefused(_("Voor dit huishouden staat al een verwijderverzoek klaar."))
        return ErasureRequest.objects.create(
            household_id=household_id,
            reason=reason,
            reference=reference,
            requested_by=user,
            requested_at=clock.now(),
        )


def _decide(erasure: ErasureRequest, user, status: str, counts: dict | None = None) -> bool:
    """Move a waiting request to `status`; False when someone else decided first."""
    return bool(
        ErasureRequest.objects.filter(pk=erasure.pk, status=ErasureRequest.Status.REQUESTED).update(
            status=status, decided_by=user, decided_at=clock.now(), counts=counts or {}
        )
    )


def confirm_erasure(erasure: ErasureRequest, user) -> ErasureRequest:
    """The second privacy officer confirms: the household's personal data is erased, now."""
    ensure(user, CONFIRM_ERASURE)
    if erasure.status != ErasureRequest.Status.REQUESTED:
        raise ErasureRefused(_("Over dit verzoek is al besloten."))
    if erasure.requested_by_id == user.pk:
        raise ErasureRefused(
            _(
                "U heeft dit verzoek zelf ingediend. Een andere privacy officer moet het bevestigen: "
                "zo kijken altijd twee mensen naar een verwijdering."
            )
        )
    try:
        with transaction.atomic():
            if not _decide(erasure, user, ErasureRequest.Status.DONE):
                raise ErasureRefused(_("Over dit verzoek is al besloten."))
            counts = erase_household(erasure.household_id)
            ErasureRequest.objects.filter(pk=erasure.pk).update(counts=counts)
    except ErasureRefused:
        raise
    except Exception:
        # All or nothing: the transaction is rolled back, the request waits as it was.
        logger.exception("Erasure request %s failed; nothing was erased", erasure.pk)
        raise ErasureRefused(
            _(
                "Het verwijderen is mislukt en er is niets verwijderd. "
                "De beheerder ziet in het logboek waarom."
            )
        ) from None
    erasure.refresh_from_db()
    return erasure


def withdraw_erasure(erasure: ErasureRequest, user) -> ErasureRequest:
    """Either privacy officer may withdraw a waiting request; nothing is erased."""
    ensure(user, REQUEST_ERASURE)
    if not _decide(erasure, user, ErasureRequest.Status.WITHDRAWN):
        raise ErasureRefused(_("Over dit verzoek is al besloten."))
    erasure.refresh_from_db()
    return erasure
