"""Vroegsignalering (Besluit gemeentelijke schuldhulpverlening 2021, art. 2; DESIGN.md §6).

A landlord may report a tenant's arrears to the municipality only after (a) an effort at personal
contact, (b) pointing the tenant to debt help, (c) at least one written reminder, in which (d) the report
was announced, and the tenant did not object. Nabij tracks the four per tenancy from what it and the ERP
know; a staff member reviews each candidate; approved signals leave in a file with only the allowed
fields, per municipality. A tenant who objected is never exported (checked again when the file is made).

Reads: `conditions`, `candidates`. Writes: `record_debt_help`, `record_objection`, `review`,
`export_for_municipality`. See docs/casework.md, "Vroegsignalering".
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from nabij.casework.models import Case, CaseKind, EarlySignal, EarlySignalExport, EarlySignalStep
from nabij.contacts.models import Channel, Contact, Direction
from nabij.core import clock
from nabij.core.csvfiles import csv_text, xlsx_bytes
from nabij.ledger.models import Booking
from nabij.ledger.selectors import ArrearsState, arrears_from_bookings
from nabij.privacy.access import ensure
from nabij.privacy.models import AccessLogEntry
from nabij.privacy.roles import REVIEW_EARLY_SIGNAL
from nabij.tenants.models import ContactPoint, Person, Tenancy

# The only fields that leave for the municipality (art. 2 lid 2: contact details and the arrears).
ALLOWED_FIELDS = [
    "naam",
    "adres",
    "postcode",
    "plaats",
    "geboortedatum",
    "telefoon",
    "e-mail",
    "achterstandsbedrag",
    "achterstand_sinds",
    "signaaldatum",
]
# How far back a contact effort or a debt-help step counts.
LOOKBACK_DAYS = 365

CONDITION_LABELS = {
    "contact": _lazy("Persoonlijk contact gezocht"),
    "debt_help": _lazy("Gewezen op schuldhulp"),
    "reminder": _lazy("Schriftelijke aanmaning verstuurd"),
    "announced": _lazy("Melding aangekondigd, geen bezwaar"),
}


def day_window() -> tuple[int, int]:
    low, _sep, high = settings.NABIJ_EARLY_SIGNAL_DAYS.partition("-")
    if not (low.strip().isdigit() and high.strip().isdigit()) or int(low) > int(high):
        raise ImproperlyConfigured("NABIJ_EARLY_SIGNAL_DAYS: expected 'min-max' days, e.g. 30-100")
    return int(low), int(high)


def announced_since() -> dt.date | None:
    value = settings.NABIJ_EARLY_SIGNAL_ANNOUNCED_SINCE.strip()
    return dt.date.fromisoformat(value) if value else None


@dataclass
class Conditions:
    """The four conditions of art. 2 for one tenancy, plus the arrears window."""

    tenancy: Tenancy
    contact: bool
    debt_help: bool
    reminder: bool
    announced: bool  # announced in the latest reminder and no objection recorded
    objected: bool
    last_reminder: dt.date | None
    arrears: ArrearsState
    in_window: bool

    @property
    def all_met(self) -> bool:
        return self.contact and self.debt_help and self.reminder and self.announced

    @property
    def is_candidate(self) -> bool:
        return self.all_met and self.in_window and not self.objected

    @property
    def checks(self) -> list[tuple[str, bool]]:
        return [(str(CONDITION_LABELS[key]), getattr(self, key)) for key in CONDITION_LABELS]


def _reminders(tenancy_ids, today):
    return Booking.objects.filter(
        tenancy_id__in=tenancy_ids,
        kind=Booking.Kind.CHARGE,
        detail_kind=Booking.DetailKind.REMINDER,
        booking_date__lte=today,
    )


def conditions(tenancy: Tenancy, today: dt.date | None = None) -> Conditions:
    """Where one tenancy stands on the four conditions today."""
    return conditions_for([tenancy], today or clock.today())[tenancy.pk]


CHUNK = 500  # ids per IN (…) list: SQLite allows 999 parameters


def conditions_for(tenancies: list[Tenancy], today: dt.date) -> dict[int, Conditions]:
    """The conditions of many tenancies at once: five queries per 500 tenancies, whatever their number."""
    result = {}
    for start in range(0, len(tenancies), CHUNK):
        result.update(_conditions_chunk(tenancies[start : start + CHUNK], today))
    return result


def _conditions_chunk(tenancies: list[Tenancy], today: dt.date) -> dict[int, Conditions]:
    since = today - dt.timedelta(days=LOOKBACK_DAYS)
    ids = [t.pk for t in tenancies]
    last_reminder = dict(
        _reminders(ids, today)
        .values("tenancy_id")
        .annotate(last=Max("booking_date"))
        .values_list("tenancy_id", "last")
    )
    steps: dict[int, set[str]] = defaultdict(set)
    for tenancy_id, kind in (
        EarlySignalStep.objects.filter(tenancy_id__in=ids)
        .filter(Q(kind=EarlySignalStep.Kind.OBJECTION) | Q(at__date__gte=since))
        .values_list("tenancy_id", "kind")
    ):
        steps[tenancy_id].add(kind)
    contacted = set(
        Contact.objects.filter(household_id__in={t.household_id for t in tenancies}, at__date__gte=since)
        .filter(Q(direction=Direction.OUTGOING, channel__in=PERSONAL_CHANNELS) | Q(cases__isnull=False))
        .values_list("household_id", flat=True)
    )
    bookings: dict[int, list] = defaultdict(list)
    for tenancy_id, *row in (
        Booking.objects.filter(tenancy_id__in=ids, booking_date__lte=today)
        .order_by("tenancy_id", "due_date", "booking_date", "id")
        .values_list("tenancy_id", "kind", "detail_kind", "due_date", "booking_date", "amount_cents")
    ):
        bookings[tenancy_id].append(row)
    first_announcing = announced_since()
    low, high = day_window()
    minimum = Decimal(settings.NABIJ_EARLY_SIGNAL_MIN_MONTHS)
    result = {}
    for tenancy in tenancies:
        last = last_reminder.get(tenancy.pk)
        objected = EarlySignalStep.Kind.OBJECTION in steps[tenancy.pk]
        arrears = arrears_from_bookings(
            bookings[tenancy.pk], tenancy.gross_rent_cents, today, settings.NABIJ_ARREARS_GRACE_DAYS
        )
        result[tenancy.pk] = Conditions(
            tenancy=tenancy,
            contact=tenancy.household_id in contacted,
            debt_help=EarlySignalStep.Kind.DEBT_HELP in steps[tenancy.pk],
            reminder=last is not None,
            announced=last is not None
            and (first_announcing is None or last >= first_announcing)
            and not objected,
            objected=objected,
            last_reminder=last,
            arrears=arrears,
            in_window=last is not None
            and low <= (today - last).days <= high
            and arrears.months_of_rent >= minimum,
        )
    return result


# Channels where a person speaks or writes to the tenant in person (a letter is the reminder itself).
PERSONAL_CHANNELS = [
    Channel.PHONE,
    Channel.SMS,
    Channel.WHATSAPP,
    Channel.EMAIL,
    Channel.DESK,
    Channel.HOME_VISIT,
]


def candidates(today: dt.date | None = None) -> list[Conditions]:
    """Tenancies to review: those where Nabij recorded a step toward vroegsignalering (debt help pointed
    out, or an open vroegsignaal case), whose latest reminder lies in the window and who owe enough, not
    yet reviewed since that reminder. Candidates (all four met) first, then those still missing a step.
    Starting from Nabij's own steps keeps this small at any portfolio size."""
    today = today or clock.today()
    low, high = day_window()
    since = today - dt.timedelta(days=LOOKBACK_DAYS)
    tracked = set(
        EarlySignalStep.objects.filter(kind=EarlySignalStep.Kind.DEBT_HELP, at__date__gte=since).values_list(
            "tenancy_id", flat=True
        )
    ) | set(
        Case.objects.filter(kind=CaseKind.EARLY_SIGNAL, is_open=True, tenancy__isnull=False).values_list(
            "tenancy_id", flat=True
        )
    )
    recent = (
        _reminders(tracked, today)
        .values("tenancy_id")
        .annotate(last=Max("booking_date"))
        .filter(last__gte=today - dt.timedelta(days=high), last__lte=today - dt.timedelta(days=low))
    )
    last_by_tenancy = {row["tenancy_id"]: row["last"] for row in recent}
    reviewed = dict(
        EarlySignal.objects.filter(tenancy_id__in=last_by_tenancy)
        .values("tenancy_id")
        .annotate(last=Max("signal_date"))
        .values_list("tenancy_id", "last")
    )
    tenancies = list(Tenancy.objects.filter(pk__in=last_by_tenancy).select_related("household", "unit"))
    unreviewed = [t for t in tenancies if reviewed.get(t.pk, dt.date.min) < last_by_tenancy[t.pk]]
    result = [c for c in conditions_for(unreviewed, today).values() if c.in_window and not c.objected]
    result.sort(key=lambda c: (not c.all_met, -c.arrears.days_overdue, c.tenancy.pk))
    return result


def municipality_of(tenancy: Tenancy) -> str:
    unit = tenancy.unit
    return unit.neighbourhood.municipality if unit.neighbourhood_id else unit.city


# --- Writes ---------------------------------------------------------------------------------------------


@transaction.atomic
def record_step(tenancy: Tenancy, kind: str, *, actor=None, case=None) -> EarlySignalStep:
    """Record that the tenant was pointed to debt help (b), or objected against the report (d)."""
    from nabij.casework.models import CaseEvent
    from nabij.casework.services import _event

    if kind not in EarlySignalStep.Kind.values:
        raise ValidationError({"kind": [_("Kies een stap uit de lijst.")]})
    step = EarlySignalStep.objects.create(tenancy=tenancy, case=case, kind=kind, at=clock.now(), actor=actor)
    if case is not None:
        _event(case, CaseEvent.Kind.NOTE, actor=actor, text=str(EarlySignalStep.Kind(kind).label))
    if kind == EarlySignalStep.Kind.OBJECTION:
        # An objection also withdraws signals approved but not yet sent.
        EarlySignal.objects.filter(tenancy=tenancy, status=EarlySignal.Status.APPROVED).update(
            status=EarlySignal.Status.REJECTED
        )
    return step


@transaction.atomic
def review(tenancy: Tenancy, *, approve: bool, actor) -> EarlySignal:
    """A staff member approves (or rejects) one candidate. Approval re-checks the four conditions."""
    ensure(actor, REVIEW_EARLY_SIGNAL)
    today = clock.today()
    state = conditions(tenancy, today)
    if approve and not state.is_candidate:
        missing = [label for label, met in state.checks if not met]
        if state.objected:
            message = _("De huurder heeft bezwaar gemaakt: er gaat geen melding naar de gemeente.")
        elif missing:
            message = _("Nog niet aan alle voorwaarden voldaan: %(missing)s.") % {
                "missing": ", ".join(m.lower() for m in missing)
            }
        else:
            message = _("De achterstand valt niet (meer) binnen de termijn voor vroegsignalering.")
        raise ValidationError({"tenancy": [message]})
    return EarlySignal.objects.create(
        tenancy=tenancy,
        municipality=municipality_of(tenancy),
        status=EarlySignal.Status.APPROVED if approve else EarlySignal.Status.REJECTED,
        signal_date=today,
        arrears_cents=state.arrears.amount_cents,
        arrears_since=state.arrears.oldest_unpaid_due_date,
        reviewed_at=clock.now(),
        reviewed_by=actor,
    )


def pending_by_municipality() -> list[tuple[str, int]]:
    """Approved signals not yet sent, counted per municipality."""
    from django.db.models import Count

    return list(
        EarlySignal.objects.filter(status=EarlySignal.Status.APPROVED)
        .values("municipality")
        .annotate(n=Count("id"))
        .order_by("municipality")
        .values_list("municipality", "n")
    )


def _euro(cents: int) -> str:
    return f"{Decimal(cents) / 100:.2f}".replace(".", ",")


def _row(signal: EarlySignal) -> list:
    tenancy = signal.tenancy
    unit = tenancy.unit
    person = (
        Person.objects.filter(household_id=tenancy.household_id).order_by("-is_main_tenant", "id").first()
    )
    points = list(
        ContactPoint.objects.filter(household_id=tenancy.household_id)
        .exclude(status=ContactPoint.Status.INVALID)
        .order_by("-preferred", "id")
    )
    phone = next(
        (p.value for p in points if p.kind in (ContactPoint.Kind.MOBILE, ContactPoint.Kind.PHONE)), ""
    )
    email = next((p.value for p in points if p.kind == ContactPoint.Kind.EMAIL), "")
    return [
        person.full_name if person else tenancy.household.name,
        unit.address_line,
        unit.postcode_display,
        unit.city,
        person.date_of_birth.isoformat() if person and person.date_of_birth else "",
        phone,
        email,
        _euro(signal.arrears_cents),
        signal.arrears_since.isoformat() if signal.arrears_since else "",
        signal.signal_date.isoformat(),
    ]


@transaction.atomic
def export_for_municipality(
    municipality: str, *, actor, request=None, fmt: str = "csv"
) -> tuple[EarlySignalExport, str | bytes]:
    """The file of approved signals for one municipality, ALLOWED_FIELDS only: CSV text, or XLSX bytes
    (`fmt="xlsx"`). Signals of a tenant who objected in the meantime are withdrawn, never sent. Each
    export is in the access log."""
    ensure(actor, REVIEW_EARLY_SIGNAL)
    if fmt not in ("csv", "xlsx"):
        raise ValidationError({"fmt": [_("Kies CSV of XLSX.")]})
    signals = list(
        EarlySignal.objects.select_for_update()
        .filter(municipality=municipality, status=EarlySignal.Status.APPROVED)
        .select_related("tenancy__unit", "tenancy__household")
        .order_by("id")
    )
    objected = set(
        EarlySignalStep.objects.filter(
            tenancy_id__in=[s.tenancy_id for s in signals], kind=EarlySignalStep.Kind.OBJECTION
        ).values_list("tenancy_id", flat=True)
    )
    sent = [s for s in signals if s.tenancy_id not in objected]
    if not sent:
        raise ValidationError({"municipality": [_("Er zijn geen goedgekeurde signalen voor deze gemeente.")]})
    export = EarlySignalExport.objects.create(
        municipality=municipality, created_at=clock.now(), created_by=actor, rows=len(sent)
    )
    rows = [_row(s) for s in sent]
    text = (
        xlsx_bytes(ALLOWED_FIELDS, rows, sheet="Vroegsignalen")
        if fmt == "xlsx"
        else csv_text(ALLOWED_FIELDS, rows)
    )
    EarlySignal.objects.filter(pk__in=[s.pk for s in sent]).update(
        status=EarlySignal.Status.EXPORTED, export=export
    )
    EarlySignal.objects.filter(pk__in=[s.pk for s in signals if s.tenancy_id in objected]).update(
        status=EarlySignal.Status.REJECTED
    )
    log_system_export("vroegsignalering export", rows=len(sent), user=actor, request=request)
    return export, text


def log_system_export(what: str, *, rows: int, user=None, request=None) -> AccessLogEntry:
    """An export in the access log: through the request when a person downloads it, else as the system
    (the scheduled task) or the user who ran it from the command line."""
    from nabij.privacy.services import log_export

    if request is not None:
        return log_export(request, what, rows=rows)
    return AccessLogEntry.objects.create(
        at=clock.now(), user=user, action=AccessLogEntry.Action.EXPORT, what=what, result_count=rows
    )
