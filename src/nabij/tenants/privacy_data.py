"""What the tenants app holds about a household, registered with `nabij.privacy.registry`.

Erasure keeps the household row itself as an empty shell — a new random key and external id, a neutral
name, no persons, contact details, preferences or tenancies — because other apps' rows that aggregates
count (signals for the developments monitor) point at it: the monitor counts *distinct households*, and
that count must not change when one household is erased.
"""

import uuid

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from nabij.core import clock
from nabij.privacy import registry
from nabij.privacy.registry import (
    HouseholdData,
    HouseholdDirectory,
    RetentionRule,
    Subject,
    field_labels,
    model_records,
)
from nabij.tenants import selectors
from nabij.tenants.models import ChannelPreference, ContactPoint, Household, Person, Tenancy

# The external id of an erased household starts with this; the rest is random.
ERASED_PREFIX = "verwijderd-"
ERASED_NAME = "Verwijderd huishouden"
SEARCH_LIMIT = 25

HOUSEHOLD_FIELDS = ["id_extern", "name", "composition", "preferred_language"]
PERSON_FIELDS = [
    "id_extern",
    "first_name",
    "initials",
    "name_prefix",
    "surname",
    "date_of_birth",
    "is_main_tenant",
]
CONTACT_POINT_FIELDS = ["kind", "value", "preferred", "status", "verified_at"]
PREFERENCE_FIELDS = ["purpose", "channel", "consent", "recorded_at", "source"]
TENANCY_FIELDS = ["id_extern", "start_date", "end_date", "payment_method", "monitoring_state"]


def is_erased(household: Household) -> bool:
    return household.id_extern.startswith(ERASED_PREFIX)


# --- Export --------------------------------------------------------------------------------------------


def export_household(household_id: int) -> list[dict]:
    return model_records(Household.objects.filter(pk=household_id), HOUSEHOLD_FIELDS)


def export_persons(household_id: int) -> list[dict]:
    return model_records(Person.objects.filter(household_id=household_id), PERSON_FIELDS)


def export_contact_points(household_id: int) -> list[dict]:
    return model_records(ContactPoint.objects.filter(household_id=household_id), CONTACT_POINT_FIELDS)


def export_preferences(household_id: int) -> list[dict]:
    return model_records(ChannelPreference.objects.filter(household_id=household_id), PREFERENCE_FIELDS)


def _tenancy_extra(tenancy: Tenancy) -> dict:
    unit = tenancy.unit
    return {
        "address": f"{unit.address_line}, {unit.postcode_display} {unit.city}",
        "gross_rent": f"€ {tenancy.gross_rent_cents / 100:.2f}".replace(".", ","),
    }


def export_tenancies(household_id: int) -> list[dict]:
    tenancies = Tenancy.objects.filter(household_id=household_id).select_related("unit")
    return model_records(tenancies, TENANCY_FIELDS, extra=_tenancy_extra)


# --- Erasure -------------------------------------------------------------------------------------------


def erase_contact_points(household_id: int) -> int:
    return ContactPoint.objects.filter(household_id=household_id).delete()[0]


def erase_preferences(household_id: int) -> int:
    return ChannelPreference.objects.filter(household_id=household_id).delete()[0]


def erase_persons(household_id: int) -> int:
    return Person.objects.filter(household_id=household_id).delete()[0]


def erase_tenancies(household_id: int) -> int:
    # The unit (the dwelling) stays: it is the corporation's, and the next tenant lives there.
    # What goes is the link between this household and it. Bookings and arrangements hang on the
    # tenancy; the ledger erases them first (order 300).
    return Tenancy.objects.filter(household_id=household_id).delete()[0]


def erase_household(household_id: int) -> int:
    return Household.objects.filter(pk=household_id).update(
        id_extern=f"{ERASED_PREFIX}{uuid.uuid4().hex}",
        key=uuid.uuid4(),
        name=ERASED_NAME,
        composition="",
        preferred_language=Household._meta.get_field("preferred_language").default,
    )


def import_keys(household_id: int) -> dict[str, list[str]]:
    """The ERP keys of the household, its persons and its tenancies: after an erasure on request the
    import must not bring them back (privacy.erasure keeps keyed hashes of them)."""
    return {
        "households": list(Household.objects.filter(pk=household_id).values_list("id_extern", flat=True)),
        "persons": list(Person.objects.filter(household_id=household_id).values_list("id_extern", flat=True)),
        "tenancies": list(Tenancy.objects.filter(household=household_id).values_list("id_extern", flat=True)),
    }


# --- Retention -----------------------------------------------------------------------------------------


def households_with_ended_tenancies(cutoff) -> list[int]:
    """Households whose every tenancy ended before `cutoff` (and that have at least one)."""
    still_running = Tenancy.objects.filter(household=OuterRef("pk")).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=cutoff)
    )
    return list(
        Household.objects.filter(tenancies__isnull=False)
        .exclude(Exists(still_running))
        .exclude(id_extern__startswith=ERASED_PREFIX)
        .values_list("pk", flat=True)
        .distinct()
    )


# --- Directory: how the privacy officer finds a household ----------------------------------------------


def _subject(household: Household, detail: str = "") -> Subject:
    return Subject(
        id=household.pk, key=household.key, label=household.name, detail=detail, erased=is_erased(household)
    )


def _subjects(households) -> list[Subject]:
    """With the current (else the latest) address and tenancy number, to tell households apart."""
    subjects = []
    for row in selectors.search_rows(list(selectors.with_search_details(households)), clock.today()):
        detail = ""
        if row.tenancy:
            unit = row.tenancy.unit
            detail = f"{unit.address_line}, {unit.postcode_display} {unit.city} · {row.tenancy.id_extern}"
        subjects.append(_subject(row.household, detail))
    return subjects


def search_subjects(query: str) -> list[Subject]:
    return _subjects(selectors.search_households(query).households[:SEARCH_LIMIT])


def subject_by_key(key) -> Subject | None:
    found = _subjects(Household.objects.filter(key=key))
    return found[0] if found else None


def subject_by_id(household_id: int) -> Subject | None:
    household = Household.objects.filter(pk=household_id).first()
    return _subject(household) if household else None


def register() -> None:
    registry.register_directory(
        HouseholdDirectory(search=search_subjects, by_key=subject_by_key, by_id=subject_by_id)
    )
    registry.register(
        HouseholdData(
            key="tenants.household",
            label=_("Je huishouden"),
            description=_(
                "De naam waarmee we je aanschrijven, de samenstelling van je huishouden en je taal."
            ),
            fields={**field_labels(Household, HOUSEHOLD_FIELDS), "id_extern": _("Relatienummer")},
            export=export_household,
            erase=erase_household,
            order=1100,
            position=10,
            import_keys=import_keys,
        )
    )
    registry.register(
        HouseholdData(
            key="tenants.persons",
            label=_("Personen"),
            description=_("De mensen in je huishouden: namen en geboortedatum."),
            fields={**field_labels(Person, PERSON_FIELDS), "id_extern": _("Persoonsnummer")},
            export=export_persons,
            erase=erase_persons,
            order=1010,
            position=20,
        )
    )
    registry.register(
        HouseholdData(
            key="tenants.contact_points",
            label=_("Contactgegevens"),
            description=_(
                "Je e-mailadres en telefoonnummers, en wanneer ze voor het laatst zijn gecontroleerd."
            ),
            fields=field_labels(ContactPoint, CONTACT_POINT_FIELDS),
            export=export_contact_points,
            erase=erase_contact_points,
            order=1000,
            position=30,
        )
    )
    registry.register(
        HouseholdData(
            key="tenants.preferences",
            label=_("Voorkeuren en toestemming"),
            description=_("Hoe je berichten van ons wilt krijgen, en of je toestemming gaf."),
            fields=field_labels(ChannelPreference, PREFERENCE_FIELDS),
            export=export_preferences,
            erase=erase_preferences,
            order=1000,
            position=40,
        )
    )
    registry.register(
        HouseholdData(
            key="tenants.tenancies",
            label=_("Huurovereenkomsten"),
            description=_("Welke woning je huurt of huurde, sinds wanneer, en de huur."),
            fields={
                **field_labels(Tenancy, TENANCY_FIELDS),
                "address": _("Adres"),
                "gross_rent": _("Brutohuur"),
            },
            export=export_tenancies,
            erase=erase_tenancies,
            order=1005,
            position=50,
            retention=(
                RetentionRule(
                    key="tenants.ended_tenancies",
                    label=_("Huishoudens met beëindigde huur (geanonimiseerd)"),
                    period_key="ended_tenancies",
                    explanation=_(
                        "Alle huurovereenkomsten van het huishouden zijn langer dan de termijn geleden "
                        "beëindigd."
                    ),
                    households_due=households_with_ended_tenancies,
                ),
            ),
        )
    )
