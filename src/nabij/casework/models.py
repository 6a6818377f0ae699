"""Casework (DESIGN.md §4, issue 6): cases with an SLA and a state machine, their history, callback slots
and dunning pauses (incassostop, VERA BEWAKINGSSTATUS ONH). Writes go through `casework.services`."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from nabij.contacts.models import Contact, Signal, Team
from nabij.tenants.models import Household, MonitoringState, Tenancy


class CaseKind(models.TextChoices):
    CALLBACK = "terugbellen", _("Terugbellen")
    PAYMENT_HELP = "betaalhulp", _("Betaalhulp")
    PROACTIVE = "proactief", _("Proactief contact")
    SIGNAL_FOLLOW_UP = "opvolging_signaal", _("Opvolging signaal")
    REFERRAL = "doorverwijzing", _("Doorverwijzing")
    EARLY_SIGNAL = "vroegsignaal", _("Vroegsignaal")


class CaseStatus(models.TextChoices):
    NEW = "nieuw", _("Nieuw")
    IN_PROGRESS = "in_behandeling", _("In behandeling")
    WAITING_TENANT = "wacht_op_huurder", _("Wacht op huurder")
    WAITING_PARTNER = "wacht_op_partner", _("Wacht op partner")
    DONE = "afgerond", _("Afgerond")
    CANCELLED = "vervallen", _("Vervallen")


OPEN_STATUSES = frozenset(
    {CaseStatus.NEW, CaseStatus.IN_PROGRESS, CaseStatus.WAITING_TENANT, CaseStatus.WAITING_PARTNER}
)

# The state machine: from each status, the statuses a case may move to. Afgerond and vervallen are final.
TRANSITIONS: dict[str, frozenset[str]] = {
    CaseStatus.NEW: frozenset({CaseStatus.IN_PROGRESS, CaseStatus.CANCELLED}),
    CaseStatus.IN_PROGRESS: frozenset(
        {CaseStatus.WAITING_TENANT, CaseStatus.WAITING_PARTNER, CaseStatus.DONE, CaseStatus.CANCELLED}
    ),
    CaseStatus.WAITING_TENANT: frozenset({CaseStatus.IN_PROGRESS, CaseStatus.DONE, CaseStatus.CANCELLED}),
    CaseStatus.WAITING_PARTNER: frozenset({CaseStatus.IN_PROGRESS, CaseStatus.DONE, CaseStatus.CANCELLED}),
    CaseStatus.DONE: frozenset(),
    CaseStatus.CANCELLED: frozenset(),
}


def _not_reached_label() -> str:
    """The label names NABIJ_CASE_MIN_ATTEMPTS, the number of attempts that "niet bereikt" needs."""
    n = settings.NABIJ_CASE_MIN_ATTEMPTS
    return ngettext("Niet bereikt na %(n)s poging", "Niet bereikt na %(n)s pogingen", n) % {"n": n}


class CaseOutcome(models.TextChoices):
    ARRANGEMENT = "betalingsregeling", _("Betalingsregeling afgesproken")
    REFERRED = "doorverwezen", _("Doorverwezen")
    HELPED = "geholpen", _("Vraag beantwoord of geholpen")
    NO_HELP_NEEDED = "geen_hulp_nodig", _("Geen hulp nodig")
    NOT_REACHED = "niet_bereikt", lazy(_not_reached_label, str)()


class Priority(models.IntegerChoices):
    """Lower is more urgent; queues sort on it after the deadline."""

    URGENT = 1, _("Spoed")
    HIGH = 2, _("Hoog")
    NORMAL = 3, _("Normaal")
    LOW = 4, _("Laag")


class Case(models.Model):
    """Follow-up work for a team: a named owner does it before `due_at` and records an outcome."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="cases")
    tenancy = models.ForeignKey(Tenancy, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    kind = models.CharField(_("soort"), max_length=20, choices=CaseKind.choices)
    team = models.CharField(_("team"), max_length=20, choices=Team.choices)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("behandelaar"),
    )
    priority = models.PositiveSmallIntegerField(
        _("prioriteit"), choices=Priority.choices, default=Priority.NORMAL
    )
    status = models.CharField(_("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.NEW)
    # Kept in step with `status` by save(): the queues' indexes start with it.
    is_open = models.BooleanField(default=True, editable=False)
    outcome = models.CharField(_("uitkomst"), max_length=20, choices=CaseOutcome.choices, blank=True)
    source = models.CharField(_("bron"), max_length=30)
    summary = models.CharField(_("omschrijving"), max_length=200, blank=True)
    due_at = models.DateTimeField(_("uiterlijk"))
    created_at = models.DateTimeField(_("aangemaakt op"))
    closed_at = models.DateTimeField(_("afgesloten op"), null=True, blank=True)
    signal = models.ForeignKey(Signal, on_delete=models.SET_NULL, null=True, blank=True, related_name="cases")
    # Contact attempts (calls, messages) logged with contacts.services.log_contact for this case.
    contacts = models.ManyToManyField(Contact, blank=True, related_name="cases")

    class Meta:
        ordering = ["due_at", "priority", "id"]
        verbose_name = _("zaak")
        verbose_name_plural = _("zaken")
        # Partial indexes over open cases only: the queues never read closed ones, and SQLite uses an
        # index on `is_open` only through such a condition (Django writes the filter as a bare column).
        indexes = [
            # Team queue: open cases of a team by deadline, then priority.
            models.Index(
                fields=["team", "due_at", "priority"], condition=Q(is_open=True), name="case_open_team"
            ),
            # "Volgende zaak" and the count in the navigation: nobody's open cases of a team.
            models.Index(
                fields=["team", "due_at", "priority"],
                condition=Q(is_open=True, owner__isnull=True),
                name="case_open_unowned",
            ),
            # "Mijn zaken" (only owned cases: the unowned ones are the index above).
            models.Index(
                fields=["owner", "due_at"],
                condition=Q(is_open=True, owner__isnull=False),
                name="case_open_owner",
            ),
        ]
        permissions = [("assign_case", _("Mag zaken aan collega's toewijzen"))]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.due_at:%Y-%m-%d %H:%M} ({self.get_status_display()})"

    def save(self, *args, **kwargs):
        self.is_open = self.status in OPEN_STATUSES
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "status" in update_fields:
            kwargs["update_fields"] = {*update_fields, "is_open"}
        super().save(*args, **kwargs)

    @property
    def allowed_statuses(self) -> list[str]:
        return [s for s in CaseStatus.values if s in TRANSITIONS[self.status]]


class CaseEvent(models.Model):
    """One line of a case's history: created, status change, assignment, note, contact attempt, ..."""

    class Kind(models.TextChoices):
        CREATED = "aangemaakt", _("Aangemaakt")
        STATUS = "status", _("Status gewijzigd")
        ASSIGNED = "toegewezen", _("Toegewezen")
        NOTE = "notitie", _("Notitie")
        CONTACT = "contact", _("Contactpoging")
        DUNNING_PAUSE = "incassostop", _("Incassostop")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("tijdstip"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    from_status = models.CharField(max_length=20, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=CaseStatus.choices, blank=True)
    text = models.TextField(_("tekst"), max_length=2000, blank=True)
    contact = models.ForeignKey(Contact, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("zaakgebeurtenis")
        verbose_name_plural = _("zaakgeschiedenis")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind}"


class DayPart(models.TextChoices):
    MORNING = "ochtend", _("Ochtend")
    AFTERNOON = "middag", _("Middag")


class CallbackSlot(models.Model):
    """How many callbacks are booked for one date and day part. Booking raises `booked` with a conditional
    UPDATE (booked < capacity), so concurrent bookings never overbook."""

    date = models.DateField(_("datum"))
    day_part = models.CharField(_("dagdeel"), max_length=10, choices=DayPart.choices)
    booked = models.PositiveIntegerField(_("geboekt"), default=0)

    class Meta:
        ordering = ["date", "day_part"]
        constraints = [models.UniqueConstraint(fields=["date", "day_part"], name="callback_slot_unique")]

    def __str__(self) -> str:
        return f"{self.date} {self.day_part}: {self.booked}"


class Callback(models.Model):
    """A tenant's callback request (terugbelverzoek), booked into a slot, worked as a "terugbellen" case."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="callbacks")
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="callback")
    date = models.DateField(_("datum"))
    day_part = models.CharField(_("dagdeel"), max_length=10, choices=DayPart.choices)
    source = models.CharField(_("bron"), max_length=30)
    phone_note = models.CharField(_("telefoonnotitie"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("aangevraagd op"))

    class Meta:
        ordering = ["date", "day_part", "id"]
        verbose_name = _("terugbelverzoek")
        verbose_name_plural = _("terugbelverzoeken")
        indexes = [models.Index(fields=["date", "day_part"], name="callback_date_part")]

    def __str__(self) -> str:
        return f"{self.date} {self.day_part}"

    @property
    def starts(self):
        from nabij.casework.config import DAY_PARTS

        return DAY_PARTS[self.day_part][0]

    @property
    def ends(self):
        from nabij.casework.config import DAY_PARTS

        return DAY_PARTS[self.day_part][1]

    @property
    def is_today(self) -> bool:
        from nabij.core import clock

        return self.date == clock.today()


class DunningPause(models.Model):
    """Incassostop: the tenancy's account is on hold (VERA BEWAKINGSSTATUS ONH) from `starts` until
    `until` (inclusive). It is active while today lies in that range and it was not ended early, so it
    ends by itself when its date passes; nothing needs to run for that."""

    tenancy = models.ForeignKey(Tenancy, on_delete=models.CASCADE, related_name="dunning_pauses")
    case = models.ForeignKey(
        Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="dunning_pauses"
    )
    monitoring_state = models.CharField(
        _("bewakingsstatus"), max_length=3, choices=MonitoringState.choices, default=MonitoringState.ON_HOLD
    )
    reason = models.CharField(_("reden"), max_length=200)
    starts = models.DateField(_("ingangsdatum"))
    until = models.DateField(_("tot en met"))
    ended_on = models.DateField(_("eerder beëindigd op"), null=True, blank=True)
    created_at = models.DateTimeField(_("vastgelegd op"))
    updated_at = models.DateTimeField(_("gewijzigd op"))

    class Meta:
        ordering = ["-starts", "-id"]
        verbose_name = _("incassostop")
        verbose_name_plural = _("incassostops")
        indexes = [models.Index(fields=["tenancy", "until"], name="dunning_pause_tenancy")]

    def __str__(self) -> str:
        return f"{self.tenancy_id} {self.starts}–{self.until}"

    def is_active_on(self, day) -> bool:
        return self.ended_on is None and self.starts <= day <= self.until

    @property
    def is_active(self) -> bool:
        from nabij.core import clock

        return self.is_active_on(clock.today())


# --- Proactive outreach list (precomputed by casework.outreach.refresh_outreach_list) -------------------


class OutreachCandidate(models.Model):
    """One household on the proactive outreach list, with the facts behind its place and the reasons in
    plain Dutch. Rebuilt as a whole by the batch (`manage.py refresh_outreach`); pages only read it."""

    household = models.OneToOneField(Household, on_delete=models.CASCADE, related_name="+")
    tenancy = models.ForeignKey(Tenancy, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveIntegerField(_("volgorde"))
    arrears_cents = models.BigIntegerField(_("achterstand (centen)"), default=0)
    months_in_arrears = models.DecimalField(
        _("maanden achterstand"), max_digits=6, decimal_places=2, default=0
    )
    reminders = models.PositiveSmallIntegerField(_("aanmaningen (12 maanden)"), default=0)
    earlier_spells = models.PositiveSmallIntegerField(_("eerdere achterstanden"), default=0)
    broken_arrangements = models.PositiveSmallIntegerField(_("afgebroken regelingen"), default=0)
    recent_signals = models.PositiveSmallIntegerField(_("recente signalen"), default=0)
    reasons = models.JSONField(_("redenen"), default=list)
    municipality = models.CharField(_("gemeente"), max_length=100, blank=True)
    computed_at = models.DateTimeField(_("berekend op"))

    class Meta:
        ordering = ["-score", "household_id"]
        indexes = [
            models.Index(fields=["-score", "household"], name="outreach_order"),
            models.Index(fields=["municipality", "-score"], name="outreach_municipality"),
        ]

    def __str__(self) -> str:
        return f"{self.household_id}: {self.score}"


# --- Call scripts -------------------------------------------------------------------------------------


class CallScript(models.Model):
    """Belscript per case kind: what to say first (empathy), advice to give, and the action to propose.
    Edited by functioneel beheer."""

    kind = models.CharField(_("soort zaak"), max_length=20, choices=CaseKind.choices, unique=True)
    empathy = models.TextField(_("begrip tonen"), max_length=2000)
    advice = models.TextField(_("advies"), max_length=2000)
    action = models.TextField(_("actie"), max_length=2000)
    updated_at = models.DateTimeField(_("gewijzigd op"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["kind"]
        verbose_name = _("belscript")

    def __str__(self) -> str:
        return self.kind


# --- Payment arrangements proposed or agreed in Nabij (for the ERP) ---------------------------------


class ArrangementStatus(models.TextChoices):
    """VERA BETALINGSREGELINGSTATUS."""

    REQUESTED = "AAN", _("Aangevraagd")
    ACTIVE = "ACT", _("Actief")
    CANCELLED = "ANN", _("Geannuleerd")
    ENDED = "BEE", _("Beëindigd")
    FROZEN = "BEV", _("Bevroren")
    DELETED = "VER", _("Verwijderd")


class Arrangement(models.Model):
    """A VERA Betalingsregeling the rent-collection team proposed or agreed on a case. Nabij hands it to
    the ERP in the daily export; the ERP's own arrangements (ledger.PaymentArrangement) come back in the
    import and stay the ERP's."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="arrangements")
    tenancy = models.ForeignKey(Tenancy, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(_("status"), max_length=3, choices=ArrangementStatus.choices)
    instalment_count = models.PositiveSmallIntegerField(_("aantal termijnen"))
    instalment_cents = models.PositiveIntegerField(_("bedrag per termijn (centen)"))
    start_date = models.DateField(_("begindatum"))
    agreed_on = models.DateField(_("afspraakdatum"), null=True, blank=True)
    created_at = models.DateTimeField(_("vastgelegd op"))
    updated_at = models.DateTimeField(_("gewijzigd op"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("betalingsregeling")
        verbose_name_plural = _("betalingsregelingen")

    def __str__(self) -> str:
        return f"{self.tenancy_id} {self.instalment_count}x{self.instalment_cents}"

    @property
    def total_cents(self) -> int:
        return self.instalment_count * self.instalment_cents

    @property
    def end_date(self):
        """The first day of the month of the last instalment (monthly terms)."""
        months = self.start_date.month - 1 + self.instalment_count - 1
        return self.start_date.replace(year=self.start_date.year + months // 12, month=months % 12 + 1, day=1)


class ErpExport(models.Model):
    """One daily file of dunning pauses and arrangements for the ERP (CSV, kept for download)."""

    created_at = models.DateTimeField(_("gemaakt op"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    rows = models.PositiveIntegerField(_("regels"))
    content = models.TextField()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("ERP-export")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} ({self.rows})"

    @property
    def filename(self) -> str:
        from django.utils import timezone

        return f"nabij-erp-{timezone.localtime(self.created_at):%Y%m%d-%H%M}-{self.pk}.csv"


# --- Referrals ------------------------------------------------------------------------------------------


class PartnerKind(models.TextChoices):
    DEBT_HELP = "schuldhulp", _("Schuldhulpverlening")
    SOCIAL_TEAM = "sociaal_team", _("Sociaal team")
    NEIGHBOURHOOD_TEAM = "wijkteam", _("Wijkteam van de gemeente")
    OTHER = "anders", _("Anders")


class Partner(models.Model):
    """An organisation cases are referred to (managed by functioneel beheer)."""

    name = models.CharField(_("naam"), max_length=120)
    kind = models.CharField(_("soort"), max_length=20, choices=PartnerKind.choices)
    municipality = models.CharField(_("gemeente"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    active = models.BooleanField(_("actief"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner")

    def __str__(self) -> str:
        return self.name


class ReferralStatus(models.TextChoices):
    SENT = "overgedragen", _("Overgedragen")
    ACCEPTED = "in_behandeling", _("In behandeling bij partner")
    DONE = "afgerond", _("Afgerond door partner")
    DECLINED = "niet_gestart", _("Niet gestart")


class Referral(models.Model):
    """A warm hand-over of a case to a partner, with the tenant's recorded consent."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="referrals")
    consent_given_by = models.CharField(_("toestemming gegeven door"), max_length=120)
    consent_at = models.DateTimeField(_("toestemming op"))
    consent_purpose = models.CharField(_("toestemming voor"), max_length=300)
    handover_note = models.TextField(_("overdrachtsnotitie"), max_length=2000)
    status = models.CharField(_("status"), max_length=20, choices=ReferralStatus.choices)
    result_note = models.TextField(_("resultaat"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("vastgelegd op"))
    updated_at = models.DateTimeField(_("gewijzigd op"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("doorverwijzing")

    def __str__(self) -> str:
        return f"{self.case_id} → {self.partner_id}"


# --- Vroegsignalering (Besluit gemeentelijke schuldhulpverlening art. 2; DESIGN.md §6) ----------------


class EarlySignalStep(models.Model):
    """A recorded step of the four conditions that Nabij itself knows: debt help pointed out (b), or the
    tenant's objection against the report (d). Contacts (a) and reminders (c) come from contacts/ledger."""

    class Kind(models.TextChoices):
        DEBT_HELP = "schuldhulp_gewezen", _("Gewezen op schuldhulp")
        OBJECTION = "bezwaar", _("Bezwaar tegen melding")

    tenancy = models.ForeignKey(Tenancy, on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    at = models.DateTimeField(_("tijdstip"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["tenancy", "kind"], name="early_step_tenancy")]

    def __str__(self) -> str:
        return f"{self.tenancy_id} {self.kind}"


class EarlySignalExport(models.Model):
    """One file of approved early signals for one municipality's platform."""

    municipality = models.CharField(_("gemeente"), max_length=100)
    created_at = models.DateTimeField(_("gemaakt op"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    rows = models.PositiveIntegerField(_("regels"))

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.municipality} {self.created_at:%Y-%m-%d}"


class EarlySignal(models.Model):
    """A vroegsignaal a staff member reviewed: approved signals go to the municipality in the next file."""

    class Status(models.TextChoices):
        APPROVED = "goedgekeurd", _("Goedgekeurd")
        REJECTED = "afgewezen", _("Afgewezen")
        EXPORTED = "gemeld", _("Gemeld")

    tenancy = models.ForeignKey(Tenancy, on_delete=models.CASCADE, related_name="+")
    municipality = models.CharField(_("gemeente"), max_length=100)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    signal_date = models.DateField(_("signaaldatum"))
    arrears_cents = models.BigIntegerField(_("achterstand (centen)"))
    arrears_since = models.DateField(_("achterstand sinds"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("beoordeeld op"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    export = models.ForeignKey(
        EarlySignalExport, on_delete=models.SET_NULL, null=True, blank=True, related_name="signals"
    )

    class Meta:
        ordering = ["-reviewed_at", "-id"]
        indexes = [models.Index(fields=["municipality", "status"], name="early_signal_status")]
        permissions = [
            ("review_earlysignal", _("Mag vroegsignalen beoordelen en exporteren")),
            ("export_erp", _("Mag de ERP-export van incassostops en regelingen downloaden")),
        ]

    def __str__(self) -> str:
        return f"{self.tenancy_id} {self.signal_date} {self.status}"
