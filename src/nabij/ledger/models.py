"""Rent bookings (VERA Boeking) and payment arrangements (VERA Betalingsregeling).

A booking is a charge (soort VOR, e.g. the monthly rent: detailsoort PRO) or a payment received
(soort ONT). A reminder sent by the ERP is a charge with detailsoort AAN (usually with amount 0 or a
small fee). Arrears are derived from the bookings; see `ledger.selectors.arrears_state`.
Amounts are integer cents, always positive; `kind` says which way the money goes.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from nabij.tenants.models import Tenancy


class Booking(models.Model):
    class Kind(models.TextChoices):
        """VERA BOEKINGSOORT."""

        CHARGE = "VOR", _("Vordering")
        PAYMENT = "ONT", _("Ontvangst")

    class DetailKind(models.TextChoices):
        """VERA BOEKINGDETAILSOORT (the ones rent collection uses)."""

        RENT = "PRO", _("Prolongatie (huur)")
        REMINDER = "AAN", _("Aanmaning")
        BANK = "BAN", _("Bank")
        ARRANGEMENT_TERM = "BRT", _("Termijn betalingsregeling")
        FINAL_STATEMENT = "EIN", _("Eindafrekening")
        INVOICE = "FAC", _("Factuur")
        CREDIT_NOTE = "CRE", _("Creditnota")
        REVERSAL = "STO", _("Storno")
        WRITE_OFF = "AFB", _("Afboeking")
        REFUND = "TER", _("Terugbetaling")

    # Null for bookings Nabij generated itself (demo data); set for everything imported.
    id_extern = models.CharField(max_length=64, unique=True, null=True, blank=True)
    # No index of its own: `booking_tenancy_date` (tenancy, booking_date) serves every lookup by tenancy,
    # and one index less makes bulk imports of bookings about a third faster.
    tenancy = models.ForeignKey(Tenancy, on_delete=models.CASCADE, related_name="bookings", db_index=False)
    kind = models.CharField(_("soort"), max_length=3, choices=Kind.choices)
    detail_kind = models.CharField(_("detailsoort"), max_length=3, choices=DetailKind.choices, blank=True)
    booking_date = models.DateField(_("boekdatum"))
    due_date = models.DateField(_("vervaldatum"), null=True, blank=True)
    amount_cents = models.BigIntegerField(_("bedrag (centen)"))
    description = models.CharField(_("omschrijving"), max_length=200, blank=True)

    class Meta:
        indexes = [models.Index(fields=["tenancy", "booking_date"], name="booking_tenancy_date")]

    def __str__(self) -> str:
        return f"{self.kind} {self.booking_date} {self.amount_cents}"


class PaymentArrangement(models.Model):
    """VERA Betalingsregeling, as agreed in (and mastered by) the ERP."""

    class Status(models.TextChoices):
        """VERA BETALINGSREGELINGSTATUS."""

        REQUESTED = "AAN", _("Aangevraagd")
        ACTIVE = "ACT", _("Actief")
        CANCELLED = "ANN", _("Geannuleerd")
        ENDED = "BEE", _("Beëindigd")
        FROZEN = "BEV", _("Bevroren")
        DELETED = "VER", _("Verwijderd")

    id_extern = models.CharField(max_length=64, unique=True)
    tenancy = models.ForeignKey(Tenancy, on_delete=models.CASCADE, related_name="payment_arrangements")
    status = models.CharField(_("status"), max_length=3, choices=Status.choices)
    agreed_on = models.DateField(_("afspraakdatum"), null=True, blank=True)
    start_date = models.DateField(_("begindatum"))
    end_date = models.DateField(_("einddatum"), null=True, blank=True)
    amount_cents = models.BigIntegerField(_("totaalbedrag (centen)"))
    instalment_count = models.PositiveSmallIntegerField(_("aantal termijnen"))
    end_reason = models.CharField(_("reden einde"), max_length=200, blank=True)

    class Meta:
        ordering = ["-start_date"]

    def __str__(self) -> str:
        return self.id_extern

    @property
    def instalment_cents(self) -> int:
        return -(-self.amount_cents // self.instalment_count) if self.instalment_count else self.amount_cents
