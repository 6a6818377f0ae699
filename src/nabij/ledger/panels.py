"""The ledger's contributions to tenants' pages: the rent panel on the tenant 360 and data counts."""

from django.utils.translation import gettext_lazy as _

from nabij.core import clock
from nabij.ledger.models import Booking, PaymentArrangement
from nabij.ledger.selectors import arrangements_for, arrears_state
from nabij.tenants.extensions import Panel, register_count, register_panel
from nabij.tenants.selectors import current_tenancy, household_tenancies


def rent_panel(request, household) -> dict:
    """Arrears and arrangements of the current tenancy, and anything still owed on other ones."""
    today = clock.today()
    tenancies = household_tenancies(household, today)
    current = current_tenancy(tenancies, today)
    others = []
    for tenancy in tenancies:
        if tenancy != current:
            arrears = arrears_state(tenancy, today)
            if arrears.in_arrears:
                others.append((tenancy, arrears))
    return {
        "tenancy": current,
        "arrears": arrears_state(current, today) if current else None,
        "arrangements": list(arrangements_for(current)) if current else [],
        "others_in_arrears": others,
    }


def register() -> None:
    register_panel(Panel(template="ledger/_rent_panel.html", context=rent_panel, slot="overview", order=10))
    register_count("bookings", _("Boekingen"), Booking.objects.count)
    register_count("payment_arrangements", _("Betalingsregelingen"), PaymentArrangement.objects.count)
