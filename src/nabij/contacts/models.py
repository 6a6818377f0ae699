"""Customer contacts and the signals staff notice in them (DESIGN.md §4, capability C2).

Codes follow VERA where VERA has a list: channel COMMUNICATIEKANAAL, direction COMMUNICATIERICHTING, signal
status SIGNALERINGSTATUS, and each signal category's SIGNALERINGSOORT where one fits (`vera_kind`).
Health (`gezondheid`) is a special category (GDPR art. 9): see `SPECIAL_CATEGORIES` and docs/privacy.md.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nabij.tenants.models import Household


class Channel(models.TextChoices):
    """VERA COMMUNICATIEKANAAL."""

    PHONE = "TEL", _("Telefoon")
    EMAIL = "EMA", _("E-mail")
    SMS = "SMS", _("SMS")
    WHATSAPP = "APP", _("Whatsapp")
    LETTER = "BRI", _("Brief")
    DESK = "BAL", _("Balie")
    HOME_VISIT = "BEZ", _("Huisbezoek")
    INSPECTION = "INS", _("Inspectie")
    PORTAL = "INT", _("Internet / klantportaal")


class Direction(models.TextChoices):
    """VERA COMMUNICATIERICHTING."""

    INCOMING = "INK", _("Inkomend")
    OUTGOING = "UIT", _("Uitgaand")


class CustomerProcess(models.TextChoices):
    """The customer process a contact belongs to (klantproces). Which ones the form offers is
    configurable with NABIJ_CUSTOMER_PROCESSES; the codes are stable keys for workload and reports."""

    TELEPHONY = "telefonie", _("Telefonie")
    CALLBACK = "terugbellen", _("Terugbellen")
    PAYMENT_HELP = "betaalhulp", _("Betaalhulp")
    PROACTIVE = "proactief", _("Proactief")
    REPAIR = "reparatie", _("Reparatie")
    NUISANCE = "overlast", _("Overlast")
    GENERAL = "algemeen", _("Algemeen")


class Outcome(models.TextChoices):
    REACHED = "bereikt", _("Bereikt")
    NOT_REACHED = "niet_bereikt", _("Niet bereikt")


class SignalCategory(models.TextChoices):
    """Nabij's own taxonomy (DESIGN.md §4); `VERA_SIGNAL_KIND` maps it to SIGNALERINGSOORT."""

    PAYMENT_WORRIES = "betaalzorgen", _("Betaalzorgen")
    INCOME_DROP = "inkomensdaling", _("Inkomensdaling")
    HEALTH = "gezondheid", _("Gezondheid")
    LONELINESS = "eenzaamheid", _("Eenzaamheid")
    HOUSEHOLD = "huishouden", _("Huishouden")
    ENERGY_COSTS = "energiekosten", _("Energiekosten")
    DWELLING = "woning", _("Woning")
    NUISANCE = "overlast", _("Overlast")
    DIGITAL_SKILLS = "digitaal", _("Digitale vaardigheden")
    HELP_PRESENT = "hulp_aanwezig", _("Hulp aanwezig")
    POSITIVE = "positief", _("Positief")


# VERA SIGNALERINGSOORT per category, where one fits (Referentiedata.csv has AGR, ONB, ONE, OVE, SCH, WAN).
# Health is deliberately unmapped: the code would travel into exports.
VERA_SIGNAL_KIND = {
    SignalCategory.PAYMENT_WORRIES: "SCH",
    SignalCategory.LONELINESS: "ONB",
    SignalCategory.NUISANCE: "OVE",
    SignalCategory.HELP_PRESENT: "ONB",
}

# Special categories of personal data (GDPR art. 9): only roles with VIEW_SPECIAL_SIGNALS see them.
SPECIAL_CATEGORIES = frozenset({SignalCategory.HEALTH})


class Polarity(models.TextChoices):
    CONCERN = "zorg", _("Zorg")
    POSITIVE = "positief", _("Positief")


class Urgency(models.TextChoices):
    LOW = "laag", _("Laag")
    MEDIUM = "midden", _("Midden")
    HIGH = "hoog", _("Hoog")
    ACUTE = "acuut", _("Acuut")


URGENT = frozenset({Urgency.HIGH, Urgency.ACUTE})


class SignalStatus(models.TextChoices):
    """VERA SIGNALERINGSTATUS."""

    ACTIVE = "ACT", _("Actief")
    PASSIVE = "PAS", _("Passief")
    EXPIRED = "VER", _("Vervallen")


class Team(models.TextChoices):
    """The team that owns follow-up work."""

    CUSTOMER_CONTACT = "klantcontact", _("Klantcontact")
    COLLECTION = "incasso", _("Huurincasso")
    NEIGHBOURHOOD = "wijk", _("Wijkteam")


class Contact(models.Model):
    """VERA Klantcontact: one conversation or message with a household."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="contacts")
    at = models.DateTimeField(_("tijdstip"), db_index=True)
    channel = models.CharField(_("kanaal"), max_length=3, choices=Channel.choices, default=Channel.PHONE)
    direction = models.CharField(
        _("richting"), max_length=3, choices=Direction.choices, default=Direction.INCOMING
    )
    process = models.CharField(
        _("klantproces"), max_length=20, choices=CustomerProcess.choices, default=CustomerProcess.TELEPHONY
    )
    subject = models.CharField(_("onderwerp"), max_length=120, blank=True)
    outcome = models.CharField(
        _("resultaat"), max_length=12, choices=Outcome.choices, default=Outcome.REACHED
    )
    note = models.TextField(_("notitie"), max_length=1000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("klantcontact")
        verbose_name_plural = _("klantcontacten")
        indexes = [models.Index(fields=["household", "-at"], name="contact_household_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.channel} {self.direction}"


class Signal(models.Model):
    """VERA Signalering: something staff noticed about a household, attached to a contact or standalone."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="signals")
    contact = models.ForeignKey(
        Contact, on_delete=models.SET_NULL, null=True, blank=True, related_name="signals"
    )
    category = models.CharField(_("categorie"), max_length=20, choices=SignalCategory.choices)
    vera_kind = models.CharField(_("VERA-signaleringsoort"), max_length=3, blank=True)
    polarity = models.CharField(_("soort"), max_length=10, choices=Polarity.choices, default=Polarity.CONCERN)
    urgency = models.CharField(_("urgentie"), max_length=10, choices=Urgency.choices, default=Urgency.LOW)
    follow_up_wanted = models.BooleanField(_("huurder wil opvolging"), default=False)
    # When the tenant agreed to follow-up (and to passing the signal on to the team that does it).
    follow_up_consent_at = models.DateTimeField(_("toestemming vastgelegd op"), null=True, blank=True)
    note = models.TextField(_("notitie"), max_length=1000, blank=True)
    status = models.CharField(
        _("status"), max_length=3, choices=SignalStatus.choices, default=SignalStatus.ACTIVE
    )
    end_date = models.DateField(_("einddatum"), null=True, blank=True)
    created_at = models.DateTimeField(_("vastgelegd op"), db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Copied when the signal is recorded, so the developments monitor aggregates over this one table:
    # the Monday of the week it was recorded (Amsterdam time), the household's neighbourhood then, and
    # the customer process of the contact it came up in.
    week_start = models.DateField(_("week"))
    neighbourhood = models.ForeignKey(
        "tenants.Neighbourhood", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    process = models.CharField(_("klantproces"), max_length=20, choices=CustomerProcess.choices, blank=True)
    developments = models.ManyToManyField("Development", blank=True, related_name="signals")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("signaal")
        verbose_name_plural = _("signalen")
        indexes = [
            models.Index(fields=["household", "status"], name="signal_household_status"),
            # Covers every query of the developments monitor (contacts.monitor): the counts of distinct
            # households per week, category, neighbourhood and customer process come from the index alone.
            models.Index(
                fields=["week_start", "category", "neighbourhood", "process", "household"],
                name="signal_monitor",
            ),
        ]
        permissions = [
            ("view_special_signal", _("Mag signalen over gezondheid zien")),
            ("view_monitor", _("Mag de ontwikkelingenmonitor zien (alleen totalen)")),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d} {self.status}"

    @property
    def is_special(self) -> bool:
        return self.category in SPECIAL_CATEGORIES


class Development(models.Model):
    """An external development policy staff log (energy prices up, a factory closes, a heat wave),
    drawn on the developments monitor's timeline; signals can be tagged to it."""

    title = models.CharField(_("titel"), max_length=150)
    date = models.DateField(_("datum"))
    description = models.TextField(_("beschrijving"), max_length=4000, blank=True)
    expected_effect = models.TextField(_("verwacht effect op huurders"), max_length=2000, blank=True)
    link = models.URLField(_("link"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("vastgelegd op"))

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("ontwikkeling")
        verbose_name_plural = _("ontwikkelingen")

    def __str__(self) -> str:
        return self.title
