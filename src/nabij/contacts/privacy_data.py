"""What the contacts app holds about a household (contacts and signals), registered with
`nabij.privacy.registry`.

Health signals (GDPR art. 9) are their own data class, marked `special_category`: the tenant sees them in
their own subject-access export (art. 15 gives them that right), clearly marked, and nowhere else.

Erasure keeps the rows the developments monitor and the workload figures count (when, which channel and
customer process, which category, which neighbourhood, which — by then empty — household) and empties every
free-text field: notes and subjects are where names, addresses and stories end up.
"""

import datetime as dt

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nabij.contacts.models import SPECIAL_CATEGORIES, Contact, Signal, SignalStatus
from nabij.privacy import registry
from nabij.privacy.registry import HouseholdData, RetentionRule, field_labels, model_records

CONTACT_FIELDS = ["at", "channel", "direction", "process", "subject", "outcome", "note"]
SIGNAL_FIELDS = [
    "created_at",
    "category",
    "polarity",
    "urgency",
    "follow_up_wanted",
    "follow_up_consent_at",
    "note",
    "status",
    "end_date",
]


def start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def export_contacts(household_id: int) -> list[dict]:
    return model_records(Contact.objects.filter(household_id=household_id), CONTACT_FIELDS)


def _signal_extra(signal: Signal) -> dict:
    return {"developments": ", ".join(d.title for d in signal.developments.all())}


def _signals(household_id: int, special: bool):
    signals = Signal.objects.filter(household_id=household_id).prefetch_related("developments")
    if special:
        return signals.filter(category__in=SPECIAL_CATEGORIES)
    return signals.exclude(category__in=SPECIAL_CATEGORIES)


def export_signals(household_id: int) -> list[dict]:
    return model_records(_signals(household_id, special=False), SIGNAL_FIELDS, extra=_signal_extra)


def export_health_signals(household_id: int) -> list[dict]:
    return model_records(_signals(household_id, special=True), SIGNAL_FIELDS, extra=_signal_extra)


def erase_contacts(household_id: int) -> int:
    return Contact.objects.filter(household_id=household_id).update(note="", subject="")


def erase_signals(household_id: int) -> int:
    # Health signals too: one update for every category.
    return Signal.objects.filter(household_id=household_id).update(note="")


def expired_signals(cutoff: dt.date):
    """Signals no longer active whose last activity (end date, else the day recorded) is before `cutoff`."""
    inactive = Signal.objects.exclude(status=SignalStatus.ACTIVE)
    return inactive.filter(Q(end_date__lt=cutoff) | Q(end_date__isnull=True, created_at__lt=start_of(cutoff)))


def apply_signal_retention(cutoff: dt.date, dry_run: bool) -> int:
    signals = expired_signals(cutoff)
    count = signals.count()
    if not dry_run and count:
        signals.delete()  # their development tags go with them; cases keep their history (signal set null)
    return count


def notes_due(cutoff: dt.date):
    return Contact.objects.filter(at__lt=start_of(cutoff)).exclude(note="", subject="")


def apply_note_retention(cutoff: dt.date, dry_run: bool) -> int:
    contacts = notes_due(cutoff)
    return contacts.count() if dry_run else contacts.update(note="", subject="")


SIGNAL_LABELS = {**field_labels(Signal, SIGNAL_FIELDS), "developments": _("Gekoppelde ontwikkelingen")}


def register() -> None:
    registry.register(
        HouseholdData(
            key="contacts.contacts",
            label=_("Klantcontacten"),
            description=_(
                "Wanneer je ons sprak of schreef, of wij jou, waarover, en wat we daarbij noteerden."
            ),
            fields=field_labels(Contact, CONTACT_FIELDS),
            export=export_contacts,
            erase=erase_contacts,
            order=200,
            position=200,
            retention=(
                RetentionRule(
                    key="contacts.notes",
                    label=_("Notities bij klantcontacten (leeggemaakt)"),
                    period_key="notes",
                    explanation=_(
                        "Het contact was langer dan de termijn geleden; het contact zelf blijft meetellen."
                    ),
                    apply=apply_note_retention,
                ),
            ),
        )
    )
    registry.register(
        HouseholdData(
            key="contacts.signals",
            label=_("Signalen"),
            description=_(
                "Wat medewerkers opviel in gesprekken met jou, bijvoorbeeld zorgen over geld of de woning."
            ),
            fields=SIGNAL_LABELS,
            export=export_signals,
            erase=erase_signals,
            order=200,
            position=210,
            retention=(
                RetentionRule(
                    key="contacts.signals",
                    label=_("Signalen (verwijderd)"),
                    period_key="signals",
                    explanation=_(
                        "Het signaal speelt niet meer, en de einddatum (of de dag van vastleggen) is langer "
                        "dan de termijn geleden."
                    ),
                    apply=apply_signal_retention,
                ),
            ),
        )
    )
    registry.register(
        HouseholdData(
            key="contacts.health_signals",
            label=_("Signalen over je gezondheid"),
            description=_(
                "Dit zijn bijzondere persoonsgegevens. Alleen medewerkers die ze nodig hebben kunnen ze "
                "zien, en elke keer dat iemand ze bekijkt, schrijven we dat op."
            ),
            fields=SIGNAL_LABELS,
            export=export_health_signals,
            erase=None,  # erase_signals empties every signal's note, health signals included
            order=200,
            position=220,
            special_category=True,
        )
    )
