"""Reading a household's contacts and signals, with special categories (health) masked.

Every read for a page goes through here, so a role without VIEW_SPECIAL_SIGNALS never gets the category or
note of a health signal — nor the note of the contact it was logged in — into a template.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from nabij.contacts.models import (
    SPECIAL_CATEGORIES,
    Channel,
    Contact,
    CustomerProcess,
    Development,
    Direction,
    Outcome,
    Signal,
    SignalCategory,
    SignalStatus,
    Urgency,
)
from nabij.core import clock
from nabij.privacy.access import ensure, may
from nabij.privacy.roles import VIEW_HOUSEHOLD, VIEW_SPECIAL_SIGNALS

MASKED_LABEL = _("Afgeschermd signaal")


@dataclass(frozen=True)
class SignalRow:
    id: int
    created_at: dt.datetime
    label: str
    note: str
    urgency: str
    polarity: str
    follow_up_wanted: bool
    masked: bool
    special: bool


@dataclass(frozen=True)
class ContactRow:
    id: int
    at: dt.datetime
    channel: str
    direction: str
    process: str
    outcome: str
    subject: str
    note: str
    note_masked: bool
    signals: list[SignalRow]


@dataclass(frozen=True)
class HouseholdActivity:
    contacts: list[ContactRow]
    active_signals: list[SignalRow]

    @property
    def special_shown(self) -> bool:
        """True when unmasked special-category content is in here (the caller logs the access)."""
        rows = self.active_signals + [s for c in self.contacts for s in c.signals]
        return any(row.special and not row.masked for row in rows)


def _label(choices, value: str) -> str:
    """The choice's label; cheaper than get_FOO_display(), which translates every choice on each call."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _signal_row(signal: Signal, can_see_special: bool) -> SignalRow:
    special = signal.category in SPECIAL_CATEGORIES
    masked = special and not can_see_special
    return SignalRow(
        id=signal.id,
        created_at=signal.created_at,
        label=str(MASKED_LABEL) if masked else _label(SignalCategory, signal.category),
        note="" if masked else signal.note,
        urgency=_label(Urgency, signal.urgency),
        polarity=signal.polarity,
        follow_up_wanted=signal.follow_up_wanted,
        masked=masked,
        special=special,
    )


def household_activity(household, *, viewer, limit: int = 5, signal_limit: int = 20) -> HouseholdActivity:
    """The household's latest `limit` contacts (with their signals) and its latest `signal_limit` active
    signals, as `viewer` (a staff member; None: the system) may see them: health masked without
    VIEW_SPECIAL_SIGNALS."""
    ensure(viewer, VIEW_HOUSEHOLD)
    can_see_special = may(viewer, VIEW_SPECIAL_SIGNALS)
    contacts = list(Contact.objects.filter(household=household).prefetch_related("signals")[:limit])
    contact_rows = []
    for contact in contacts:
        signals = [_signal_row(s, can_see_special) for s in contact.signals.all()]
        note_masked = any(s.masked for s in signals)
        contact_rows.append(
            ContactRow(
                id=contact.id,
                at=contact.at,
                channel=_label(Channel, contact.channel),
                direction=_label(Direction, contact.direction),
                process=_label(CustomerProcess, contact.process),
                outcome=_label(Outcome, contact.outcome),
                subject=contact.subject,
                note="" if note_masked else contact.note,
                note_masked=note_masked and bool(contact.note),
                signals=signals,
            )
        )
    active = Signal.objects.filter(household=household, status=SignalStatus.ACTIVE)[:signal_limit]
    return HouseholdActivity(
        contacts=contact_rows,
        active_signals=[_signal_row(s, can_see_special) for s in active],
    )


def recent_developments(today=None, months: int = 12):
    """Developments of the last `months` months, most recent first: what a signal can be tagged to."""
    today = today or clock.today()
    first = today - dt.timedelta(days=round(months * 30.44))
    return Development.objects.filter(date__gte=first, date__lte=today).order_by("-date", "-id")
