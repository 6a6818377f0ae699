"""Read-side queries over the ledger that other apps use."""

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

from nabij.core import clock
from nabij.ledger.models import Booking, PaymentArrangement
from nabij.tenants.models import Tenancy


@dataclass(frozen=True)
class ArrearsState:
    """What a tenancy owes today, derived from its bookings.

    Payments settle the oldest charges first, so `oldest_unpaid_due_date` is the due date of the
    first charge that is not fully paid.
    """

    amount_cents: int
    months_of_rent: Decimal
    oldest_unpaid_due_date: dt.date | None
    days_overdue: int
    reminders: int  # in the last 12 months

    @property
    def in_arrears(self) -> bool:
        return self.amount_cents > 0


def arrears_state(tenancy: Tenancy, today: dt.date | None = None) -> ArrearsState:
    """The tenancy's arrears today. Charges count once they are more than
    NABIJ_ARREARS_GRACE_DAYS past due, so a direct debit that lands on the 3rd does not make every
    tenant look in arrears on the 1st."""
    today = today or clock.today()
    rows = (
        Booking.objects.filter(tenancy=tenancy, booking_date__lte=today)
        .order_by("due_date", "booking_date", "id")
        .values_list("kind", "detail_kind", "due_date", "booking_date", "amount_cents")
    )
    return arrears_from_bookings(rows, tenancy.gross_rent_cents, today, settings.NABIJ_ARREARS_GRACE_DAYS)


def arrears_from_bookings(rows, gross_rent_cents: int, today: dt.date, grace_days: int = 0) -> ArrearsState:
    """Pure calculation over (kind, detail_kind, due_date, booking_date, amount_cents) tuples.

    Payments settle the due charges oldest first; what stays unpaid of charges past the grace period
    is the arrears.
    """
    overdue_before = today - dt.timedelta(days=grace_days)
    charges: list[tuple[dt.date, int, bool]] = []  # (due, amount, past grace)
    paid = 0
    reminders = 0
    for kind, detail_kind, due_date, booking_date, amount in rows:
        if kind == Booking.Kind.CHARGE:
            if detail_kind == Booking.DetailKind.REMINDER and booking_date > today - dt.timedelta(days=365):
                reminders += 1
            due = due_date or booking_date
            if due <= today and amount:
                # A storno reopens rent that was already due: no grace period for it.
                overdue = due <= overdue_before or detail_kind == Booking.DetailKind.REVERSAL
                charges.append((due, amount, overdue))
        else:
            paid += amount
    charges.sort(key=lambda charge: charge[0])
    remaining = paid
    amount_cents = 0
    oldest_unpaid = None
    for due, amount, overdue in charges:
        covered = min(remaining, amount)
        remaining -= covered
        if amount > covered and overdue:
            amount_cents += amount - covered
            oldest_unpaid = oldest_unpaid or due
    months = (
        (Decimal(amount_cents) / Decimal(gross_rent_cents)).quantize(Decimal("0.01"), ROUND_HALF_UP)
        if gross_rent_cents
        else Decimal(0)
    )
    if months >= Decimal("0.1"):
        months = months.quantize(Decimal("0.1"), ROUND_HALF_UP)
    days_overdue = (today - oldest_unpaid).days if oldest_unpaid else 0
    return ArrearsState(amount_cents, months, oldest_unpaid, days_overdue, reminders)


def arrangements_for(tenancy: Tenancy):
    return PaymentArrangement.objects.filter(tenancy=tenancy).order_by("-start_date")
