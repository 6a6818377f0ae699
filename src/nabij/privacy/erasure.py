"""Erasing one household's personal data on request (AVG art. 17), with four eyes.

One privacy officer requests the erasure (with a reason code and the corporation's own reference); a
*different* privacy officer confirms it. Then every data class registered with `privacy.registry` erases or
anonymises its rows of the household, in one transaction: either all of it happens or nothing does.

What stays: rows that aggregates count (contacts and signals for the developments monitor and workload
figures), emptied of every free text and pointing at an empty household shell with a new random key; and the
access log, which holds a household id and kinds of access, never the household's personal data.

Tombstones: the ERP keeps the household (the corporation must keep rent records for tax law), so the next
VERA import would bring it back. In the same transaction as the erasure, the household's ERP keys
(household, persons, tenancies: what registered classes give as `import_keys`) are kept as
`ErasureTombstone`s: only an HMAC-SHA256 of each key, with a key derived from SECRET_KEY per kind of key.
The import hashes the keys it does not know and leaves out the rows that match (docs/import.md); a person
or tenancy the ERP added to the erased household later gets a `derived` tombstone of the same erasure from
the import (`write_derived_tombstones`). Erasure and import take one lock (`lock_against_import`). When a
former tenant returns, two privacy officers can lift the household's and persons' tombstones (request_lift,
confirm_lift), and the derived ones; the old tenancies' stay, so the old contracts and their bookings never
come back. Retention removes tombstones that stopped nothing for their period (`apply_tombstone_retention`).
"""

import datetime as dt
import logging

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from nabij.core import clock
from nabij.privacy import registry
from nabij.privacy.access import ensure
from nabij.privacy.models import ErasureRequest, ErasureTombstone
from nabij.privacy.roles import CONFIRM_ERASURE, REQUEST_ERASURE

logger = logging.getLogger(__name__)
REFERENCE_MAX = ErasureRequest._meta.get_field("reference").max_length


class ErasureRefused(Exception):
    """Why the request or confirmation was refused, in words for the privacy officer."""


# One PostgreSQL advisory lock (any constant; this one reads "nabijera") serialises confirming an erasure
# and running a VERA import: an import loads the tombstones and the keys Nabij holds early, and an erasure
# committed after that would be undone by its writes (the renamed household would be inserted again).
IMPORT_LOCK_ID = 0x6E6162696A657261


def lock_against_import() -> None:
    """Inside a transaction: wait for a running VERA import or erasure, and hold off the next one until
    this transaction ends. PostgreSQL only: on SQLite every write transaction already runs alone
    (IMMEDIATE transactions)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK_ID])


def erase_household(household_id: int) -> dict[str, int]:
    """Run every registered class's `erase` for the household; {class key: rows touched}."""
    counts = {}
    with transaction.atomic():
        for data in registry.providers():
            if data.erase is not None:
                counts[data.key] = data.erase(household_id)
    return counts


# --- Tombstones ------------------------------------------------------------------------------------------

# Tombstones of these kinds are lifted when a former tenant returns; tenancies stay (old contracts).
LIFTED_KINDS = (ErasureTombstone.Kind.HOUSEHOLD, ErasureTombstone.Kind.PERSON)


def tombstone_digest(kind: str, external_id: str, secret: str | None = None) -> str:
    """The keyed hash of one ERP key: HMAC-SHA256, its key derived from SECRET_KEY (or `secret`) and the
    kind, so the same text as a person and as a tenancy number gives unrelated hashes."""
    return salted_hmac(f"nabij.privacy.tombstone.{kind}", external_id, secret, algorithm="sha256").hexdigest()


def tombstone_digests(kind: str, external_id: str) -> list[str]:
    """The key's hash under SECRET_KEY and every SECRET_KEY_FALLBACKS entry: tombstones made before a key
    rotation keep working as long as the old key is listed there."""
    secrets = [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    return [tombstone_digest(kind, external_id, secret) for secret in secrets]


def tombstone_sets() -> dict[str, dict[str, int]]:
    """{kind: {digest: erasure request id}} of every tombstone, in one query (the import loads it once
    per run)."""
    sets: dict[str, dict[str, int]] = {}
    tombstones = ErasureTombstone.objects.values_list("kind", "digest", "erasure_id")
    for kind, digest, erasure_id in tombstones.iterator(chunk_size=20000):
        sets.setdefault(kind, {})[digest] = erasure_id
    return sets


def write_derived_tombstones(keys: dict[str, dict[str, int]]) -> None:
    """Tombstones for keys ({kind: {key: erasure request id}}) the ERP made after the erasure that an
    import left out because they hang on an erased key (a new person of the erased household, a new
    tenancy of it): so that a later run with only the rows hanging on *them* (bookings of the new tenancy,
    contact details of the new person) leaves those out too instead of refusing them as unknown."""
    today = clock.today()
    ErasureTombstone.objects.bulk_create(
        [
            ErasureTombstone(
                kind=kind,
                digest=tombstone_digest(kind, key),
                erased_on=today,
                last_skipped_on=today,
                erasure_id=erasure_id,
                derived=True,
            )
            for kind, found in sorted(keys.items())
            for key, erasure_id in sorted(found.items())
        ],
        ignore_conflicts=True,
    )


def mark_skipped(digests: dict[str, set[str]]) -> None:
    """Note today on the tombstones ({kind: digests}) that made an import leave rows out."""
    today = clock.today()
    for kind, found in digests.items():
        found = list(found)
        for start in range(0, len(found), 500):
            ErasureTombstone.objects.filter(kind=kind, digest__in=found[start : start + 500]).update(
                last_skipped_on=today
            )


def import_keys(household_id: int) -> dict[str, set[str]]:
    """{kind: ERP keys} of the household, from every registered class that gives them."""
    keys: dict[str, set[str]] = {}
    for data in registry.providers():
        if data.import_keys is not None:
            for kind, found in data.import_keys(household_id).items():
                keys.setdefault(kind, set()).update(found)
    return keys


def _write_tombstones(erasure: ErasureRequest, keys: dict[str, set[str]]) -> None:
    today = clock.today()
    ErasureTombstone.objects.bulk_create(
        [
            ErasureTombstone(kind=kind, digest=tombstone_digest(kind, key), erased_on=today, erasure=erasure)
            for kind, found in sorted(keys.items())
            for key in sorted(found)
        ],
        # The same key erased twice (a person who moved between erased households) is one tombstone.
        ignore_conflicts=True,
    )


def with_tombstones(requests):
    """Annotate erasure requests for the officer's pages: `blocks_household` (the import still leaves the
    household and its persons out) and `blocks_tenancies` (and its old tenancies)."""
    tombstones = ErasureTombstone.objects.filter(erasure=OuterRef("pk"))
    return requests.annotate(
        blocks_household=Exists(tombstones.filter(kind__in=LIFTED_KINDS)),
        blocks_tenancies=Exists(tombstones.filter(kind=ErasureTombstone.Kind.TENANCY)),
    )


def liftable(erasure: ErasureRequest) -> bool:
    """True when the erasure still holds tombstones a returning tenant's import would meet."""
    return erasure.tombstones.filter(kind__in=LIFTED_KINDS).exists()


def request_lift(erasure: ErasureRequest, user) -> ErasureRequest:
    """A privacy officer asks to let the household be imported again (a former tenant returns)."""
    ensure(user, REQUEST_ERASURE)
    with transaction.atomic():
        if not liftable(erasure):
            raise ErasureRefused(_("Voor dit verzoek houdt de import niets (meer) tegen."))
        updated = ErasureRequest.objects.filter(pk=erasure.pk, lift_requested_by__isnull=True).update(
            lift_requested_by=user, lift_requested_at=clock.now()
        )
        if not updated:
            raise ErasureRefused(_("Het opheffen is al aangevraagd."))
    logger.info("Lifting the tombstones of erasure request %s requested by user %s", erasure.pk, user.pk)
    erasure.refresh_from_db()
    return erasure


def _own_lift_refusal() -> ErasureRefused:
    return ErasureRefused(
        _("Je hebt het opheffen zelf aangevraagd. Een andere privacy officer moet het bevestigen.")
    )


def confirm_lift(erasure: ErasureRequest, user) -> ErasureRequest:
    """A second privacy officer confirms: the household and its persons may be imported again. The
    tombstones of the old tenancies stay, so their contracts, bookings and arrangements do not return;
    those imports made for keys the ERP created after the erasure go (ErasureTombstone.derived)."""
    ensure(user, CONFIRM_ERASURE)
    if erasure.lift_requested_by_id is None or erasure.lifted_at is not None:
        raise ErasureRefused(_("Er is geen aanvraag om op te heffen."))
    if erasure.lift_requested_by_id == user.pk:
        raise _own_lift_refusal()
    with transaction.atomic():
        # The request confirmed is the one checked above: not one the confirming officer made meanwhile
        # (withdrawn and asked again), which would lift with one pair of eyes.
        updated = (
            ErasureRequest.objects.filter(
                pk=erasure.pk, lift_requested_by_id=erasure.lift_requested_by_id, lifted_at__isnull=True
            )
            .exclude(lift_requested_by=user)
            .update(lifted_by=user, lifted_at=clock.now())
        )
        if not updated:
            now = ErasureRequest.objects.get(pk=erasure.pk)
            if now.lifted_at is None and now.lift_requested_by_id is None:
                raise ErasureRefused(_("Er is geen aanvraag om op te heffen."))
            if now.lifted_at is None and now.lift_requested_by_id == user.pk:
                raise _own_lift_refusal()
            raise ErasureRefused(_("Over het opheffen is al besloten."))
        # Also what imports tombstoned after the erasure (a tenancy the ERP made for the returning tenant
        # under the reused relation number is theirs, not an erased contract).
        removed = erasure.tombstones.filter(Q(kind__in=LIFTED_KINDS) | Q(derived=True)).delete()[0]
    logger.info("Erasure request %s: %s tombstones lifted by user %s", erasure.pk, removed, user.pk)
    erasure.refresh_from_db()
    return erasure


def withdraw_lift(erasure: ErasureRequest, user) -> ErasureRequest:
    """Either privacy officer may withdraw a waiting request to lift; the tombstones stay."""
    ensure(user, REQUEST_ERASURE)
    updated = ErasureRequest.objects.filter(
        pk=erasure.pk, lift_requested_by__isnull=False, lifted_at__isnull=True
    ).update(lift_requested_by=None, lift_requested_at=None)
    if not updated:
        raise ErasureRefused(_("Er is geen aanvraag om op te heffen."))
    erasure.refresh_from_db()
    return erasure


def apply_tombstone_retention(cutoff: dt.date, dry_run: bool) -> int:
    """Remove tombstones that stopped no import row since `cutoff` (nor were made since)."""
    expired = ErasureTombstone.objects.annotate(last_needed=Coalesce("last_skipped_on", "erased_on")).filter(
        last_needed__lt=cutoff
    )
    if dry_run:
        return expired.count()
    return expired.delete()[0]


# --- Requests -------------------------------------------------------------------------------------------


def request_erasure(user, household_id: int, reason: str, reference: str = "") -> ErasureRequest:
    ensure(user, REQUEST_ERASURE)
    reference = " ".join(reference.split())
    if reason not in ErasureRequest.Reason.values:
        raise ErasureRefused(_("Kies een reden."))
    if len(reference) > REFERENCE_MAX:
        raise ErasureRefused(_("Het kenmerk is te lang (hoogstens %(max)s tekens).") % {"max": REFERENCE_MAX})
    if "@" in reference:
        raise ErasureRefused(_("Het kenmerk mag geen e-mailadres of naam bevatten, alleen je eigen nummer."))
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
                "Je hebt dit verzoek zelf ingediend. Een andere privacy officer moet het bevestigen: "
                "zo kijken altijd twee mensen naar een verwijdering."
            )
        )
    try:
        with transaction.atomic():
            lock_against_import()  # waits while an import runs (see IMPORT_LOCK_ID)
            if not _decide(erasure, user, ErasureRequest.Status.DONE):
                raise ErasureRefused(_("Over dit verzoek is al besloten."))
            keys = import_keys(erasure.household_id)  # before erasure renames and deletes them
            counts = erase_household(erasure.household_id)
            _write_tombstones(erasure, keys)
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
