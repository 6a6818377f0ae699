"""What the ledger holds about a household (rent bookings and payment arrangements), registered with
`nabij.privacy.registry`. Erasure deletes both: no aggregate in Nabij counts them once the tenancy is gone,
and the ERP, not Nabij, keeps the financial administration for as long as the law asks."""

from django.utils.translation import gettext_lazy as _

from nabij.ledger.models import Booking, PaymentArrangement
from nabij.privacy import registry
from nabij.privacy.registry import HouseholdData, field_labels, model_records

BOOKING_FIELDS = ["id_extern", "kind", "detail_kind", "booking_date", "due_date", "description"]
ARRANGEMENT_FIELDS = [
    "id_extern",
    "status",
    "agreed_on",
    "start_date",
    "end_date",
    "instalment_count",
    "end_reason",
]


def _euros(cents: int) -> str:
    return f"€ {cents / 100:.2f}".replace(".", ",")


def export_bookings(household_id: int) -> list[dict]:
    bookings = (
        Booking.objects.filter(tenancy__household_id=household_id)
        .select_related("tenancy")
        .order_by("booking_date", "id")
    )
    return model_records(
        bookings,
        BOOKING_FIELDS,
        extra=lambda b: {"amount": _euros(b.amount_cents), "tenancy": b.tenancy.id_extern},
    )


def export_arrangements(household_id: int) -> list[dict]:
    arrangements = PaymentArrangement.objects.filter(tenancy__household_id=household_id).select_related(
        "tenancy"
    )
    return model_records(
        arrangements,
        ARRANGEMENT_FIELDS,
        extra=lambda a: {"amount": _euros(a.amount_cents), "tenancy": a.tenancy.id_extern},
    )


def erase_bookings(household_id: int) -> int:
    return Booking.objects.filter(tenancy__household_id=household_id).delete()[0]


def erase_arrangements(household_id: int) -> int:
    return PaymentArrangement.objects.filter(tenancy__household_id=household_id).delete()[0]


def register() -> None:
    registry.register(
        HouseholdData(
            key="ledger.bookings",
            label=_("Huur en betalingen"),
            description=_("De huur die we in rekening brachten, je betalingen en herinneringen."),
            fields={
                **field_labels(Booking, BOOKING_FIELDS),
                "id_extern": _("Boekingsnummer"),
                "amount": _("Bedrag"),
                "tenancy": _("Huurovereenkomst"),
            },
            export=export_bookings,
            erase=erase_bookings,
            order=300,
            position=100,
        )
    )
    registry.register(
        HouseholdData(
            key="ledger.arrangements",
            label=_("Betalingsregelingen"),
            description=_("Afspraken over het betalen van een achterstand."),
            fields={
                **field_labels(PaymentArrangement, ARRANGEMENT_FIELDS),
                "id_extern": _("Nummer regeling"),
                "amount": _("Totaalbedrag"),
                "tenancy": _("Huurovereenkomst"),
            },
            export=export_arrangements,
            erase=erase_arrangements,
            order=300,
            position=110,
        )
    )
