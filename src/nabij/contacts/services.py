"""Writes of the contacts app: logging a contact with its signals (views now, the API later) and the
external developments policy staff log."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nabij.contacts import extensions
from nabij.contacts.models import (
    SPECIAL_CATEGORIES,
    URGENT,
    VERA_SIGNAL_KIND,
    Channel,
    Contact,
    CustomerProcess,
    Development,
    Direction,
    Outcome,
    Polarity,
    Signal,
    SignalCategory,
    SignalStatus,
    Team,
    Urgency,
)
from nabij.core import clock
from nabij.privacy.access import ensure, may
from nabij.privacy.roles import LOG_CONTACT, MANAGE_DEVELOPMENTS, VIEW_SPECIAL_SIGNALS
from nabij.tenants.selectors import current_tenancy, household_tenancies

NOTE_MAX = 1000
SUBJECT_MAX = 120


@dataclass(frozen=True)
class SignalInput:
    """One signal to log. `polarity` defaults to positief for the category positief, else zorg.
    `follow_up_wanted` needs `consent`: the tenant agreed that a team follows it up."""

    category: str
    urgency: str = Urgency.LOW
    polarity: str = ""
    follow_up_wanted: bool = False
    consent: bool = False
    note: str = ""


def _choice(value, choices, field: str, message: str, errors: dict) -> None:
    if value not in choices.values:
        errors.setdefault(field, []).append(message)


def _validate(*, channel, direction, process, outcome, subject, note, signals) -> None:
    errors: dict[str, list[str]] = {}
    _choice(channel, Channel, "channel", _("Kies een kanaal uit de lijst."), errors)
    _choice(direction, Direction, "direction", _("Kies inkomend of uitgaand."), errors)
    _choice(outcome, Outcome, "outcome", _("Kies of de huurder bereikt is."), errors)
    if process not in CustomerProcess.values or process not in settings.NABIJ_CUSTOMER_PROCESSES:
        errors.setdefault("process", []).append(_("Kies een klantproces uit de lijst."))
    if len(subject) > SUBJECT_MAX:
        errors.setdefault("subject", []).append(
            _("Het onderwerp is te lang (hoogstens %(n)s tekens).") % {"n": SUBJECT_MAX}
        )
    if len(note) > NOTE_MAX:
        errors.setdefault("note", []).append(
            _("De notitie is te lang (hoogstens %(n)s tekens).") % {"n": NOTE_MAX}
        )
    for signal in signals:
        _choice(
            signal.category, SignalCategory, "category", _("Kies een categorie voor het signaal."), errors
        )
        _choice(signal.urgency, Urgency, "urgency", _("Kies een urgentie uit de lijst."), errors)
        if signal.polarity:
            _choice(signal.polarity, Polarity, "polarity", _("Kies zorg of positief."), errors)
        if signal.follow_up_wanted and not signal.consent:
            errors.setdefault("consent", []).append(
                _("Vraag de huurder om toestemming voordat je opvolging vastlegt.")
            )
        if len(signal.note) > NOTE_MAX:
            errors.setdefault("signal_note", []).append(
                _("De notitie bij het signaal is te lang (hoogstens %(n)s tekens).") % {"n": NOTE_MAX}
            )
    if errors:
        raise ValidationError(errors)


def owning_team(category: str) -> str:
    """The team that follows up a signal of this category."""
    if category in (SignalCategory.PAYMENT_WORRIES, SignalCategory.INCOME_DROP):
        return Team.COLLECTION
    if category in (SignalCategory.DWELLING, SignalCategory.DIGITAL_SKILLS, SignalCategory.ENERGY_COSTS):
        return Team.CUSTOMER_CONTACT
    return Team.NEIGHBOURHOOD


def follow_up_due(urgency: str, today: dt.date) -> dt.date:
    """Today plus the urgency's number of Dutch working days."""
    days = (
        settings.NABIJ_FOLLOW_UP_DAYS_ACUTE
        if urgency == Urgency.ACUTE
        else settings.NABIJ_FOLLOW_UP_DAYS_HIGH
    )
    day = today
    while days > 0:
        day += dt.timedelta(days=1)
        if clock.is_working_day(day):
            days -= 1
    return day


@transaction.atomic
def log_contact(
    household,
    user,
    *,
    channel: str = Channel.PHONE,
    direction: str = Direction.INCOMING,
    process: str = CustomerProcess.TELEPHONY,
    outcome: str = Outcome.REACHED,
    subject: str = "",
    note: str = "",
    signals: list[SignalInput] | tuple = (),
    at: dt.datetime | None = None,
    developments: list[int] | tuple = (),
) -> Contact:
    """Log one contact with its signals, all or nothing.

    An urgent signal (hoog, acuut) the tenant wants followed up is handed to the follow-up handlers
    (contacts.extensions; casework opens a case for the team that owns the category). `developments`
    (Development ids) are tagged onto every signal logged. Raises ValidationError with Dutch messages per
    field when the input is wrong.
    """
    ensure(user, LOG_CONTACT)
    subject, note = subject.strip(), note.strip()
    signals = [
        SignalInput(
            category=s.category,
            urgency=s.urgency,
            polarity=s.polarity,
            follow_up_wanted=s.follow_up_wanted,
            consent=s.consent,
            note=s.note.strip(),
        )
        for s in signals
    ]
    _validate(
        channel=channel,
        direction=direction,
        process=process,
        outcome=outcome,
        subject=subject,
        note=note,
        signals=signals,
    )
    development_ids = sorted({int(d) for d in developments})
    if development_ids:
        if Development.objects.filter(id__in=development_ids).count() != len(development_ids):
            raise ValidationError({"developments": [_("Kies een ontwikkeling uit de lijst.")]})
        if not signals:
            raise ValidationError(
                {"developments": [_("Kies een signaal om aan de ontwikkeling te koppelen.")]}
            )
    now = clock.now()
    today = timezone.localdate(now)
    tenancy = current_tenancy(household_tenancies(household, today), today)
    neighbourhood_id = tenancy.unit.neighbourhood_id if tenancy else None
    contact = Contact.objects.create(
        household=household,
        at=at or now,
        channel=channel,
        direction=direction,
        process=process,
        outcome=outcome,
        subject=subject,
        note=note,
        created_by=user,
    )
    for item in signals:
        polarity = item.polarity or (
            Polarity.POSITIVE if item.category == SignalCategory.POSITIVE else Polarity.CONCERN
        )
        signal = Signal.objects.create(
            household=household,
            contact=contact,
            category=item.category,
            vera_kind=VERA_SIGNAL_KIND.get(item.category, ""),
            polarity=polarity,
            urgency=item.urgency,
            follow_up_wanted=item.follow_up_wanted,
            follow_up_consent_at=now if item.follow_up_wanted else None,
            note=item.note,
            created_at=now,
            created_by=user,
            week_start=today - dt.timedelta(days=today.weekday()),
            neighbourhood_id=neighbourhood_id,
            process=process,
        )
        if development_ids:
            signal.developments.add(*development_ids)
        if item.follow_up_wanted and item.urgency in URGENT:
            extensions.hand_over(
                extensions.FollowUp(
                    signal=signal,
                    team=owning_team(item.category),
                    due_date=follow_up_due(item.urgency, clock.today()),
                    user=user,
                )
            )
    return contact


DEVELOPMENT_FIELDS = ("title", "date", "description", "expected_effect", "link")


def _clean_development(development: Development) -> None:
    """Model validation (required title and date, lengths, URL) with Dutch messages per field."""
    for field in ("title", "description", "expected_effect", "link"):
        setattr(development, field, (getattr(development, field) or "").strip())
    development.full_clean(exclude=["created_by", "created_at"])


@transaction.atomic
def create_development(user, **fields) -> Development:
    """Log an external development (title, date, description, expected effect, link)."""
    ensure(user, MANAGE_DEVELOPMENTS)
    development = Development(
        **{name: fields.get(name, "") for name in DEVELOPMENT_FIELDS}, created_by=user, created_at=clock.now()
    )
    _clean_development(development)
    development.save()
    return development


@transaction.atomic
def update_development(development: Development, **fields) -> Development:
    for name in DEVELOPMENT_FIELDS:
        if name in fields:
            setattr(development, name, fields[name])
    _clean_development(development)
    development.save(update_fields=list(DEVELOPMENT_FIELDS))
    return development


def end_signal(signal: Signal, *, status: str, by) -> Signal:
    """Close an active signal: passief (it no longer applies) or vervallen (it was recorded in error).

    Only staff who may see a special-category signal may close one: the others do not know what it says.
    `by` is the staff member (None: the system).
    """
    ensure(by, LOG_CONTACT)
    if status not in (SignalStatus.PASSIVE, SignalStatus.EXPIRED):
        raise ValidationError({"status": [_("Kies ‘passief’ of ‘vervallen’.")]})
    if signal.category in SPECIAL_CATEGORIES and not may(by, VIEW_SPECIAL_SIGNALS):
        raise PermissionDenied
    if signal.status != SignalStatus.ACTIVE:
        raise ValidationError({"status": [_("Dit signaal is al afgesloten.")]})
    signal.status = status
    signal.end_date = clock.today()
    signal.save(update_fields=["status", "end_date"])
    return signal
