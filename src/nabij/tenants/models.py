"""Households, persons, units, tenancies, contact points and consent (DESIGN.md §4).

Codes follow VERA (../shared/standards/vera/Referentiedata.csv). `id_extern` is the key of the
source system (the ERP); re-imports update the row with the same `id_extern`.
Deliberately absent: BSN, nationality, ethnicity, country of birth, gender, religion.
"""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    """VERA TAAL."""

    DUTCH = "NLD", _("Nederlands")
    ENGLISH = "ENG", _("Engels")
    GERMAN = "DUI", _("Duits")
    FRENCH = "FRA", _("Frans")
    SPANISH = "SPA", _("Spaans")
    TURKISH = "TUR", _("Turks")


class Neighbourhood(models.Model):
    """A buurt within a wijk, in one municipality."""

    code = models.CharField(max_length=20, unique=True)
    name = models.CharField(_("buurt"), max_length=100)
    district = models.CharField(_("wijk"), max_length=100, blank=True)
    municipality = models.CharField(_("gemeente"), max_length=100)

    class Meta:
        ordering = ["municipality", "name"]
        permissions = [
            ("view_reachability", _("Mag de digitale bereikbaarheid per buurt zien (alleen totalen)"))
        ]

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """VERA Eenheid: a rentable unit with its address."""

    class Kind(models.TextChoices):
        """VERA EENHEIDSOORT (the ones a housing corporation rents to households)."""

        DWELLING = "WOO", _("Woonruimte")
        PARKING = "PAR", _("Parkeergelegenheid")
        COMMERCIAL = "BED", _("Bedrijfsruimte")
        OTHER = "OVE", _("Overig")

    id_extern = models.CharField(max_length=64, unique=True)
    kind = models.CharField(_("soort"), max_length=3, choices=Kind.choices, default=Kind.DWELLING)
    street = models.CharField(_("straat"), max_length=120)
    house_number = models.PositiveIntegerField(_("huisnummer"))
    house_letter = models.CharField(_("huisletter"), max_length=1, blank=True)
    house_number_addition = models.CharField(_("toevoeging"), max_length=10, blank=True)
    postcode = models.CharField(_("postcode"), max_length=6)  # "1234AB": no space, capitals
    city = models.CharField(_("plaats"), max_length=80)
    neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.PROTECT, null=True, blank=True, related_name="units"
    )

    class Meta:
        indexes = [models.Index(fields=["postcode", "house_number"], name="unit_postcode_number")]

    def __str__(self) -> str:
        return self.address_line

    @property
    def address_line(self) -> str:
        number = f"{self.house_number}{self.house_letter}"
        if self.house_number_addition:
            number += f"-{self.house_number_addition}"
        return f"{self.street} {number}"

    @property
    def postcode_display(self) -> str:
        return f"{self.postcode[:4]} {self.postcode[4:]}" if len(self.postcode) == 6 else self.postcode


class Household(models.Model):
    """VERA Relatiegroep of kind HUI: the people who live together in one unit."""

    class Composition(models.TextChoices):
        SINGLE = "single", _("Alleenstaand")
        COUPLE = "couple", _("Paar zonder kinderen")
        FAMILY = "family", _("Gezin met kinderen")
        SINGLE_PARENT = "single_parent", _("Eenoudergezin")
        SENIOR = "senior", _("Oudere(n)")
        OTHER = "other", _("Anders")

    id_extern = models.CharField(max_length=64, unique=True)
    # Opaque key for URLs: pages never carry names, addresses or ERP numbers in the address bar.
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("aanschrijfnaam"), max_length=200)
    composition = models.CharField(_("samenstelling"), max_length=20, choices=Composition.choices, blank=True)
    preferred_language = models.CharField(
        _("voorkeurstaal"), max_length=3, choices=Language.choices, default=Language.DUTCH
    )

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    """VERA NatuurlijkPersoon, member of one household."""

    id_extern = models.CharField(max_length=64, unique=True)
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="persons")
    first_name = models.CharField(_("voornaam"), max_length=100, blank=True)
    initials = models.CharField(_("voorletters"), max_length=20, blank=True)
    name_prefix = models.CharField(_("tussenvoegsels"), max_length=20, blank=True)
    surname = models.CharField(_("achternaam"), max_length=120)
    date_of_birth = models.DateField(_("geboortedatum"), null=True, blank=True)
    is_main_tenant = models.BooleanField(_("hoofdhuurder"), default=False)
    # Lower-case surname without accents or prefix, for index-friendly prefix search.
    search_name = models.CharField(max_length=120, db_index=True, editable=False)

    class Meta:
        ordering = ["-is_main_tenant", "date_of_birth"]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        from nabij.tenants.search import normalise_name

        self.search_name = normalise_name(self.surname)
        super().save(*args, **kwargs)

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name or self.initials, self.name_prefix, self.surname) if p)


class MonitoringState(models.TextChoices):
    """VERA BEWAKINGSSTATUS of a tenancy's account."""

    NORMAL = "NOR", _("Normale bewaking")
    COLLECTION = "INC", _("In incasso")
    ON_HOLD = "ONH", _("Incassostop (on hold)")


class PaymentMethod(models.TextChoices):
    """VERA BETAALWIJZESOORT."""

    DIRECT_DEBIT = "INC", _("Automatische incasso")
    TRANSFER = "OVB", _("Overboeking")
    MANUAL_TRANSFER = "HND", _("Handmatige overboeking")
    ONLINE = "ONL", _("Online")
    PIN = "PIN", _("Pin-betaling")
    CASH = "CON", _("Contant")


class Tenancy(models.Model):
    """VERA Huurovereenkomst. `id_extern` is the tenancy number staff search by."""

    id_extern = models.CharField(_("huurcontractnummer"), max_length=64, unique=True)
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="tenancies")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="tenancies")
    start_date = models.DateField(_("begindatum"))
    end_date = models.DateField(_("einddatum"), null=True, blank=True)
    payment_method = models.CharField(
        _("betaalwijze"), max_length=3, choices=PaymentMethod.choices, default=PaymentMethod.TRANSFER
    )
    gross_rent_cents = models.PositiveIntegerField(_("brutohuur (centen)"))
    monitoring_state = models.CharField(
        _("bewakingsstatus"), max_length=3, choices=MonitoringState.choices, default=MonitoringState.NORMAL
    )

    class Meta:
        verbose_name_plural = "tenancies"
        ordering = ["-start_date"]

    def __str__(self) -> str:
        return self.id_extern

    def is_active_on(self, day) -> bool:
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)


class ContactPoint(models.Model):
    """VERA Contactgegeven: an e-mail address, mobile or landline number, or postal address."""

    class Kind(models.TextChoices):
        """VERA CONTACTGEGEVENSOORT."""

        EMAIL = "EMA", _("E-mail")
        MOBILE = "MOB", _("Mobiel")
        PHONE = "TEL", _("Telefoon")
        POST = "POS", _("Post")

    class Status(models.TextChoices):
        """VERA CONTACTGEGEVENSTATUS."""

        CREATED = "AAN", _("Aangemaakt")
        VALIDATED = "GEV", _("Gevalideerd")
        INVALID = "ONG", _("Ongeldig")

    id_extern = models.CharField(max_length=64, unique=True, null=True, blank=True)
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="contact_points")
    person = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="contact_points"
    )
    kind = models.CharField(_("soort"), max_length=3, choices=Kind.choices)
    value = models.CharField(_("waarde"), max_length=254)
    preferred = models.BooleanField(_("voorkeur"), default=False)
    status = models.CharField(_("status"), max_length=3, choices=Status.choices, default=Status.CREATED)
    verified_at = models.DateTimeField(_("laatst gecontroleerd"), null=True, blank=True)

    class Meta:
        ordering = ["kind", "-preferred"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value}"


class ChannelPreference(models.Model):
    """Consent and channel preference per purpose (service messages vs. campaigns)."""

    class Purpose(models.TextChoices):
        SERVICE = "service", _("Berichten over eigen huur en zaken")
        CAMPAIGN = "campaign", _("Campagnes en nieuws")

    class Channel(models.TextChoices):
        """VERA COMMUNICATIEKANAAL (the ones Nabij sends over)."""

        EMAIL = "EMA", _("E-mail")
        SMS = "SMS", _("SMS")
        LETTER = "BRI", _("Brief")
        PHONE = "TEL", _("Telefoon")

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="channel_preferences")
    purpose = models.CharField(_("doel"), max_length=10, choices=Purpose.choices)
    channel = models.CharField(_("kanaal"), max_length=3, choices=Channel.choices)
    consent = models.BooleanField(_("toestemming"), default=True)
    recorded_at = models.DateTimeField(_("vastgelegd op"))
    source = models.CharField(_("bron"), max_length=60, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["household", "purpose"], name="one_preference_per_purpose")
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()}: {self.get_channel_display()}"


class ImportRun(models.Model):
    """One run of the VERA import: what came in, or every reason it was refused."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("In de wachtrij")
        RUNNING = "running", _("Bezig")
        SUCCEEDED = "succeeded", _("Gelukt")
        FAILED = "failed", _("Afgewezen")

    started_at = models.DateTimeField(_("gestart"))
    finished_at = models.DateTimeField(_("klaar"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    source = models.CharField(_("bron"), max_length=255)
    started_by = models.ForeignKey(
        "auth.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # {"relaties": 120, "boekingen": 10000, ...}: rows read per file.
    row_counts = models.JSONField(default=dict, blank=True)
    # {"relaties": 3, "boekingen": 60, ...}: rows per file left out because the household they belong to
    # was erased on request (AVG art. 17; privacy.erasure). Counts only, never which rows.
    skipped_erased = models.JSONField(default=dict, blank=True)
    # [{"file": ..., "line": ..., "column": ..., "message": ...}, ...]
    errors = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} {self.status}"

    @property
    def skipped_erased_total(self) -> int:
        return sum(self.skipped_erased.values())


class ImportFile(models.Model):
    """A CSV file uploaded on the "Gegevens" page, kept in the database until the background worker
    has imported it (web and worker need not share a disk), then deleted."""

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(max_length=100)
    content = models.BinaryField()

    def __str__(self) -> str:
        return self.name
