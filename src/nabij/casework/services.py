"""Writes of the casework app: opening cases, the state machine, assignment, notes, contact attempts,
callback booking and dunning pauses. Other apps (actions, contacts via its hook, demo) call these.

Every function works inside the caller's transaction (each is atomic itself, so it nests as a savepoint)
and refuses wrong input with ValidationError carrying Dutch messages per field. `build_case`,
`prepare_callback` and `prepare_dunning_pause` split the hot writes into a check before the transaction and
the inserts inside it (see "Prepared writes" below).
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext

from nabij.casework.config import DAY_PARTS, callback_capacity, callback_cutoff, sla_for
from nabij.casework.models import (
    OPEN_STATUSES,
    TRANSITIONS,
    Callback,
    CallbackSlot,
    Case,
    CaseEvent,
    CaseKind,
    CaseOutcome,
    CaseStatus,
    DayPart,
    DunningPause,
    Priority,
)
from nabij.casework.teams import teams_of
from nabij.contacts.models import Channel, CustomerProcess, Direction, Outcome, Team
from nabij.contacts.services import log_contact
from nabij.core import clock, workdays
from nabij.tenants.models import Tenancy

SUMMARY_MAX = 200
SOURCE_MAX = 30
NOTE_MAX = 2000
# The team that rings tenants back.
CALLBACK_TEAM = Team.CUSTOMER_CONTACT
# How far ahead book_callback looks for a working day with room (in working days).
CALLBACK_HORIZON_DAYS = 60

DEFAULT_PRIORITY = {CaseKind.SIGNAL_FOLLOW_UP: Priority.HIGH}

# The customer process a contact attempt on a case is logged under.
KIND_PROCESS = {
    CaseKind.CALLBACK: CustomerProcess.CALLBACK,
    CaseKind.PAYMENT_HELP: CustomerProcess.PAYMENT_HELP,
    CaseKind.PROACTIVE: CustomerProcess.PROACTIVE,
    CaseKind.EARLY_SIGNAL: CustomerProcess.PAYMENT_HELP,
}


def _stored(text) -> str:
    """Text that is stored (history lines, summaries, subjects) is in the corporation's language (Dutch),
    whatever language the request that wrote it was in; messages to the user follow the request."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(text)


def _error(field: str, message: str) -> ValidationError:
    return ValidationError({field: [message]})


def _event(case: Case, kind: str, *, actor=None, at=None, **fields) -> CaseEvent:
    return CaseEvent.objects.create(case=case, kind=kind, actor=actor, at=at or clock.now(), **fields)


# --- Deadlines --------------------------------------------------------------------------------------


def sla_due(kind: str, moment: dt.datetime) -> dt.datetime:
    """The deadline of a case of `kind` opened at `moment`: working hours within office hours, or working
    days (due at closing time of the last one). Weekends and Dutch public holidays do not count."""
    sla = sla_for(kind)
    if sla.unit == "h":
        return workdays.add_working_hours(moment, sla.amount)
    return workdays.close_of_day(workdays.add_working_days(timezone.localdate(moment), sla.amount))


# --- Cases ------------------------------------------------------------------------------------------


@transaction.atomic
def open_case(
    *,
    household,
    kind: str,
    team: str,
    source: str,
    summary: str = "",
    tenancy=None,
    priority: int | None = None,
    due_at: dt.datetime | None = None,
    signal=None,
    actor=None,
) -> Case:
    """Open a case (status nieuw) with its deadline from the kind's SLA, unless `due_at` is given."""
    case = build_case(
        household=household,
        kind=kind,
        team=team,
        source=source,
        now=clock.now(),
        summary=summary,
        tenancy=tenancy,
        priority=priority,
        due_at=due_at,
        signal=signal,
    )
    return insert_case(case, actor=actor)


# Prepared writes: `build_case`, `prepare_callback` and `prepare_dunning_pause` validate and compute
# without writing, so a caller on SQLite (the one-tap confirmations in nabij.actions) can do that before
# its write transaction and keep only the inserts inside, where they hold the database's one write lock
# (docs/one-tap.md, "Load"). The other services here are the same steps in one call.


def build_case(
    *,
    household,
    kind: str,
    team: str,
    source: str,
    now: dt.datetime,
    summary: str = "",
    tenancy=None,
    priority: int | None = None,
    due_at: dt.datetime | None = None,
    signal=None,
) -> Case:
    """A validated, unsaved case (status nieuw) opened at `now`; no queries. Save it with `insert_case`."""
    summary, source = summary.strip(), source.strip()
    errors: dict[str, list[str]] = {}
    if kind not in CaseKind.values:
        errors["kind"] = [_("Kies een soort zaak uit de lijst.")]
    if team not in Team.values:
        errors["team"] = [_("Kies een team uit de lijst.")]
    if priority is not None and priority not in Priority.values:
        errors["priority"] = [_("Kies een prioriteit uit de lijst.")]
    if not source or len(source) > SOURCE_MAX:
        errors["source"] = [
            _("Geef aan waar de zaak vandaan komt (hoogstens %(n)s tekens).") % {"n": SOURCE_MAX}
        ]
    if len(summary) > SUMMARY_MAX:
        errors["summary"] = [_("De omschrijving is te lang (hoogstens %(n)s tekens).") % {"n": SUMMARY_MAX}]
    if tenancy is not None and tenancy.household_id != household.id:
        errors["tenancy"] = [_("Dit huurcontract hoort niet bij dit huishouden.")]
    if errors:
        raise ValidationError(errors)
    return Case(
        household=household,
        tenancy=tenancy,
        kind=kind,
        team=team,
        priority=priority or DEFAULT_PRIORITY.get(kind, Priority.NORMAL),
        status=CaseStatus.NEW,
        source=source,
        summary=summary,
        due_at=due_at or sla_due(kind, now),
        created_at=now,
        signal=signal,
    )


def insert_case(case: Case, *, actor=None) -> Case:
    """Save a case from `build_case` with its first history line (inside the caller's transaction)."""
    case.save(force_insert=True)
    CaseEvent(
        case=case,
        kind=CaseEvent.Kind.CREATED,
        actor=actor,
        at=case.created_at,
        to_status=CaseStatus.NEW,
        text=case.summary,
    ).save(force_insert=True)
    return case


@transaction.atomic
def change_status(case: Case, status: str, *, actor=None, outcome: str = "", note: str = "") -> Case:
    """Move a case along the state machine (models.TRANSITIONS). Afgerond needs an outcome; vervallen a
    reason in `note`; "niet bereikt" needs NABIJ_CASE_MIN_ATTEMPTS unanswered contact attempts."""
    note = note.strip()
    case = Case.objects.select_for_update().get(pk=case.pk)
    if status not in CaseStatus.values:
        raise _error("status", _("Kies een status uit de lijst."))
    if status not in TRANSITIONS[case.status]:
        raise _error(
            "status",
            _("Een zaak met status ‘%(from)s’ kan niet naar ‘%(to)s’.")
            % {"from": CaseStatus(case.status).label, "to": CaseStatus(status).label},
        )
    if len(note) > NOTE_MAX:
        raise _error("note", _("De notitie is te lang (hoogstens %(n)s tekens).") % {"n": NOTE_MAX})
    if status == CaseStatus.DONE:
        if outcome not in CaseOutcome.values:
            raise _error("outcome", _("Kies een uitkomst om de zaak af te ronden."))
        if outcome == CaseOutcome.NOT_REACHED:
            attempts = case.contacts.filter(outcome=Outcome.NOT_REACHED).count()
            needed = settings.NABIJ_CASE_MIN_ATTEMPTS
            if attempts < needed:
                raise _error(
                    "outcome",
                    ngettext(
                        "‘Niet bereikt’ kan pas na %(needed)s vastgelegde poging zonder gehoor "
                        "(nu %(attempts)s).",
                        "‘Niet bereikt’ kan pas na %(needed)s vastgelegde pogingen zonder gehoor "
                        "(nu %(attempts)s).",
                        needed,
                    )
                    % {"needed": needed, "attempts": attempts},
                )
    elif outcome:
        raise _error("outcome", _("Een uitkomst leg je vast bij het afronden van de zaak."))
    if status == CaseStatus.CANCELLED and not note:
        raise _error("note", _("Schrijf in de notitie waarom de zaak vervalt."))
    now = clock.now()
    previous = case.status
    case.status = status
    fields = ["status"]
    if status not in OPEN_STATUSES:
        case.closed_at, case.outcome = now, outcome
        fields += ["closed_at", "outcome"]
    case.save(update_fields=fields)
    text = note
    if outcome:
        label = _stored(CaseOutcome(outcome).label)
        text = f"{label}. {note}" if note else label
    _event(
        case, CaseEvent.Kind.STATUS, actor=actor, at=now, from_status=previous, to_status=status, text=text
    )
    return case


def _check_owner(case: Case, owner) -> None:
    if owner is not None and case.team not in teams_of(owner):
        raise _error(
            "owner",
            _("%(name)s werkt niet in het team %(team)s.")
            % {"name": owner.get_full_name() or owner.get_username(), "team": Team(case.team).label},
        )


@transaction.atomic
def assign(case: Case, owner, *, actor=None) -> Case:
    """Give a case to `owner` (None: back to the team queue). The owner must work in the case's team."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not case.is_open:
        raise _error("owner", _("Deze zaak is al afgesloten."))
    _check_owner(case, owner)
    if case.owner_id == (owner.pk if owner else None):
        return case
    case.owner = owner
    case.save(update_fields=["owner"])
    text = (
        (owner.get_full_name() or owner.get_username())
        if owner
        else _stored(_lazy("Terug naar de teamwachtrij"))
    )
    _event(case, CaseEvent.Kind.ASSIGNED, actor=actor, text=text)
    return case


@transaction.atomic
def take(case: Case, user) -> Case:
    """ "Neem deze zaak": an open case nobody has yet goes to `user` (of its team) and is put in
    behandeling. A colleague's case is not taken over this way (a team lead reassigns it)."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.owner_id not in (None, user.pk):
        raise _error(
            "owner",
            _("%(name)s behandelt deze zaak al.")
            % {"name": case.owner.get_full_name() or case.owner.get_username()},
        )
    assign(case, user, actor=user)
    if case.status == CaseStatus.NEW:
        change_status(case, CaseStatus.IN_PROGRESS, actor=user)
    case.refresh_from_db()
    return case


@transaction.atomic
def release(case: Case, user) -> Case:
    """Give one's own case back to the team queue."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.owner_id != user.pk:
        raise _error("owner", _("Alleen de behandelaar kan de zaak teruggeven aan de wachtrij."))
    return assign(case, None, actor=user)


@dataclass(frozen=True)
class BulkResult:
    assigned: int
    skipped: int


@transaction.atomic
def bulk_assign(case_ids, owner, *, actor=None) -> BulkResult:
    """Assign several open cases at once; closed cases and cases of other teams than the owner's are
    refused as a whole (nothing changes), so the user sees exactly what went wrong."""
    ids = sorted({int(i) for i in case_ids})
    if not ids:
        raise _error("cases", _("Kies minstens één zaak."))
    cases = list(Case.objects.select_for_update().filter(pk__in=ids))
    if len(cases) != len(ids):
        raise _error("cases", _("Een van de gekozen zaken bestaat niet meer."))
    if any(not case.is_open for case in cases):
        raise _error("cases", _("Een van de gekozen zaken is al afgesloten."))
    owner_teams = teams_of(owner)
    wrong = [case for case in cases if case.team not in owner_teams]
    if wrong:
        raise _error(
            "owner",
            ngettext(
                "%(name)s werkt niet in het team van %(n)s van de gekozen zaken.",
                "%(name)s werkt niet in het team van %(n)s van de gekozen zaken.",
                len(wrong),
            )
            % {"name": owner.get_full_name() or owner.get_username(), "n": len(wrong)},
        )
    assigned = 0
    for case in cases:
        if case.owner_id != owner.pk:
            assign(case, owner, actor=actor)
            assigned += 1
    return BulkResult(assigned=assigned, skipped=len(cases) - assigned)


@transaction.atomic
def take_next(user, team: str | None = None) -> Case | None:
    """ "Volgende zaak": the open, unowned case of the user's team(s) due first goes to `user` and is put
    in behandeling. None when the queue is empty. Two people pressing at once get different cases."""
    teams = teams_of(user)
    if team is not None:
        if team not in teams:
            raise _error("team", _("Je werkt niet in dit team."))
        teams = (team,)
    if not teams:
        raise _error("team", _("Je hoort bij geen team met een wachtrij."))
    for _attempt in range(5):
        candidate = (
            Case.objects.filter(team__in=teams, is_open=True, owner__isnull=True)
            .order_by("due_at", "priority", "id")
            .values_list("pk", flat=True)
            .first()
        )
        if candidate is None:
            return None
        # Conditional claim: only one of two simultaneous takers wins this case; the other tries the next.
        if Case.objects.filter(pk=candidate, owner__isnull=True).update(owner=user):
            case = Case.objects.get(pk=candidate)
            _event(
                case, CaseEvent.Kind.ASSIGNED, actor=user, text=user.get_full_name() or user.get_username()
            )
            if case.status == CaseStatus.NEW:
                change_status(case, CaseStatus.IN_PROGRESS, actor=user)
                case.refresh_from_db()
            return case
    return None


@transaction.atomic
def add_note(case: Case, text: str, *, actor=None) -> CaseEvent:
    text = text.strip()
    if not text:
        raise _error("text", _("Schrijf eerst een notitie."))
    if len(text) > NOTE_MAX:
        raise _error("text", _("De notitie is te lang (hoogstens %(n)s tekens).") % {"n": NOTE_MAX})
    return _event(case, CaseEvent.Kind.NOTE, actor=actor, text=text)


def _process_for(kind: str) -> str:
    process = KIND_PROCESS.get(kind, CustomerProcess.GENERAL)
    configured = settings.NABIJ_CUSTOMER_PROCESSES
    if process in configured:
        return process
    return CustomerProcess.GENERAL if CustomerProcess.GENERAL in configured else configured[0]


@transaction.atomic
def log_attempt(
    case: Case,
    user,
    *,
    channel: str = Channel.PHONE,
    direction: str = Direction.OUTGOING,
    outcome: str = Outcome.REACHED,
    note: str = "",
    signals=(),
):
    """Log a contact attempt on a case as a contact (contacts.services.log_contact) and link it to the
    case. A new case goes in behandeling with its first attempt."""
    if not case.is_open:
        raise _error("outcome", _("Deze zaak is al afgesloten."))
    contact = log_contact(
        case.household,
        user,
        channel=channel,
        direction=direction,
        process=_process_for(case.kind),
        outcome=outcome,
        subject=_stored(CaseKind(case.kind).label),
        note=note,
        signals=signals,
    )
    case.contacts.add(contact)
    text = f"{_stored(Channel(channel).label)}, {_stored(Outcome(outcome).label).lower()}"
    if contact.note:
        text += f": {contact.note}"
    _event(case, CaseEvent.Kind.CONTACT, actor=user, at=contact.at, contact=contact, text=text)
    if case.status == CaseStatus.NEW:
        change_status(case, CaseStatus.IN_PROGRESS, actor=user)
        case.refresh_from_db()
    return contact


# --- Callbacks ----------------------------------------------------------------------------------------


def _slot_candidates(now: dt.datetime):
    """(date, day part) pairs in the order book_callback tries them."""
    today = timezone.localdate(now)
    local = timezone.localtime(now)
    lead = dt.timedelta(minutes=settings.NABIJ_CALLBACK_LEAD_MINUTES)
    if clock.is_working_day(today) and local.time() < callback_cutoff():
        for part, (_starts, ends) in DAY_PARTS.items():
            if workdays.at(today, ends) - lead > now:
                yield today, part
    day = today
    for _day in range(CALLBACK_HORIZON_DAYS):
        day = workdays.next_working_day(day)
        for part in DAY_PARTS:
            yield day, part


def _slot_counts(now: dt.datetime) -> dict[tuple[dt.date, str], int]:
    today = timezone.localdate(now)
    return {
        (date, part): booked
        for date, part, booked in CallbackSlot.objects.filter(
            date__gte=today, date__lte=today + dt.timedelta(days=CALLBACK_HORIZON_DAYS * 2)
        ).values_list("date", "day_part", "booked")
    }


def _free_slots(now: dt.datetime, counts: dict):
    """(date, day part, capacity, row exists) of the slots with room according to `counts`, in booking
    order."""
    capacity = callback_capacity()
    for date, part in _slot_candidates(now):
        limit = capacity.get(part, 0)
        booked = counts.get((date, part))
        if limit > 0 and (booked is None or booked < limit):
            yield date, part, limit, booked is not None


def _take_place(date: dt.date, part: str, limit: int, exists: bool) -> bool:
    """Take one place in the slot if it still has room (inside the caller's transaction)."""
    if not exists:
        try:
            with transaction.atomic():
                CallbackSlot.objects.create(date=date, day_part=part, booked=1)
            return True
        except IntegrityError:
            pass  # created by a simultaneous booking: take a place with the conditional update
    # The conditional UPDATE is the guard: it only raises `booked` while below capacity, and on
    # PostgreSQL a concurrent booking of the same slot waits for this row lock and re-checks.
    return bool(
        CallbackSlot.objects.filter(date=date, day_part=part, booked__lt=limit).update(booked=F("booked") + 1)
    )


def _take_first_free_place(now: dt.datetime) -> tuple[dt.date, str]:
    """Search the slots again and take the first place still free (inside the caller's transaction)."""
    for date, part, limit, exists in _free_slots(now, _slot_counts(now)):
        if _take_place(date, part, limit, exists):
            return date, part
    raise _no_room()


def _no_room() -> ValidationError:
    return _error("callback", _("Er is de komende tijd geen plek om terug te bellen. Bel ons zelf."))


def _callback_case(household, source: str, date: dt.date, part: str, now: dt.datetime) -> Case:
    return build_case(
        household=household,
        kind=CaseKind.CALLBACK,
        team=CALLBACK_TEAM,
        source=source,
        now=now,
        summary=_stored(_lazy("Terugbellen %(part)s %(date)s"))
        % {"part": _stored(DayPart(part).label).lower(), "date": date.strftime("%d-%m-%Y")},
        due_at=workdays.at(date, DAY_PARTS[part][1]),
    )


@dataclass
class PreparedCallback:
    """A callback booking worked out by `prepare_callback`; `book` writes it."""

    household: object
    source: str
    phone_note: str
    actor: object
    now: dt.datetime
    slot: tuple[dt.date, str, int, bool]
    case: Case

    def book(self) -> Callback:
        """Take the place and insert the case and the callback, inside the caller's transaction. When the
        slot seen in `prepare_callback` filled up since, the search starts again here."""
        if _take_place(*self.slot):
            date, part = self.slot[:2]
            case = self.case
        else:
            date, part = _take_first_free_place(self.now)
            case = _callback_case(self.household, self.source, date, part, self.now)
        insert_case(case, actor=self.actor)
        return Callback.objects.create(
            household=self.household,
            case=case,
            date=date,
            day_part=part,
            source=self.source,
            phone_note=self.phone_note,
            created_at=self.now,
        )


def prepare_callback(*, household, source: str, phone_note: str = "", actor=None) -> PreparedCallback:
    """Check the input and find the first slot with room (a read, no write): today in a day part still
    ahead (before the cut-off), else the first working day with room."""
    phone_note = phone_note.strip()
    if len(phone_note) > 200:
        raise _error("phone_note", _("De telefoonnotitie is te lang (hoogstens 200 tekens)."))
    now = clock.now()
    slot = next(_free_slots(now, _slot_counts(now)), None)
    if slot is None:
        raise _no_room()
    case = _callback_case(household, source, slot[0], slot[1], now)
    return PreparedCallback(household, source.strip(), phone_note, actor, now, slot, case)


@transaction.atomic
def book_callback(*, household, source: str, phone_note: str = "", actor=None) -> Callback:
    """Book a callback in the first slot with room: today in a day part still ahead (before the cut-off),
    else the first working day with room. Opens a "terugbellen" case due at the end of the slot."""
    return prepare_callback(household=household, source=source, phone_note=phone_note, actor=actor).book()


# --- Dunning pauses ------------------------------------------------------------------------------------


def _pause_days(days: int | None) -> int:
    days = settings.NABIJ_DUNNING_PAUSE_DAYS if days is None else days
    if not isinstance(days, int) or days < 1 or days > 366:
        raise _error("days", _("Een incassostop duurt minstens 1 en hoogstens 366 dagen."))
    return days


@dataclass
class PreparedDunningPause:
    """A dunning pause checked by `prepare_dunning_pause`; `start` writes it."""

    tenancy: Tenancy
    reason: str
    actor: object
    now: dt.datetime
    today: dt.date
    until: dt.date

    def start(self, case: Case | None = None) -> DunningPause:
        """Start the pause (or extend the tenancy's active one) inside the caller's transaction, with a
        line in the case's history when a case asked for it."""
        # Serialise pauses per tenancy; not on SQLite, where writers are serialised anyway (the query would
        # be a wasted round trip inside the one write lock).
        if connection.features.has_select_for_update:
            Tenancy.objects.select_for_update().filter(pk=self.tenancy.pk).values_list("pk").first()
        pause = (
            DunningPause.objects.filter(
                tenancy=self.tenancy, ended_on__isnull=True, starts__lte=self.today, until__gte=self.today
            )
            .order_by("-until")
            .first()
        )
        if pause is not None:
            if self.until > pause.until:
                pause.until, pause.updated_at = self.until, self.now
                pause.save(update_fields=["until", "updated_at"])
        else:
            pause = DunningPause.objects.create(
                tenancy=self.tenancy,
                case=case,
                reason=self.reason,
                starts=self.today,
                until=self.until,
                created_at=self.now,
                updated_at=self.now,
            )
        if case is not None:
            _event(
                case,
                CaseEvent.Kind.DUNNING_PAUSE,
                actor=self.actor,
                at=self.now,
                text=_stored(_lazy("Incassostop tot en met %(until)s: %(reason)s"))
                % {"until": pause.until.strftime("%d-%m-%Y"), "reason": self.reason},
            )
        return pause


def prepare_dunning_pause(
    *, tenancy, reason: str, days: int | None = None, actor=None
) -> PreparedDunningPause:
    """Check a dunning pause from today until today + `days` (NABIJ_DUNNING_PAUSE_DAYS by default)."""
    reason = reason.strip()
    if not reason or len(reason) > 200:
        raise _error("reason", _("Geef een reden voor de incassostop (hoogstens 200 tekens)."))
    today = clock.today()
    return PreparedDunningPause(
        tenancy, reason, actor, clock.now(), today, today + dt.timedelta(days=_pause_days(days))
    )


@transaction.atomic
def start_dunning_pause(
    *, tenancy, reason: str, case=None, days: int | None = None, actor=None
) -> DunningPause:
    """Put the tenancy's account on hold (BEWAKINGSSTATUS ONH) from today until today + `days`
    (NABIJ_DUNNING_PAUSE_DAYS by default). An active pause is extended instead of doubled."""
    return prepare_dunning_pause(tenancy=tenancy, reason=reason, days=days, actor=actor).start(case)


@transaction.atomic
def extend_dunning_pause(
    pause: DunningPause, *, days: int | None = None, until: dt.date | None = None, actor=None
) -> DunningPause:
    """Move the end of an active pause later: to `until`, or `days` after its current end."""
    pause = DunningPause.objects.select_for_update().get(pk=pause.pk)
    if not pause.is_active:
        raise _error("until", _("Deze incassostop loopt niet meer; start een nieuwe."))
    new_until = until or pause.until + dt.timedelta(days=_pause_days(days))
    if new_until <= pause.until:
        raise _error(
            "until",
            _("De nieuwe einddatum moet na %(until)s liggen.") % {"until": pause.until.strftime("%d-%m-%Y")},
        )
    if new_until > clock.today() + dt.timedelta(days=366):
        raise _error("until", _("Een incassostop duurt hoogstens een jaar."))
    pause.until, pause.updated_at = new_until, clock.now()
    pause.save(update_fields=["until", "updated_at"])
    if pause.case_id:
        _event(
            pause.case,
            CaseEvent.Kind.DUNNING_PAUSE,
            actor=actor,
            text=_stored(_lazy("Incassostop verlengd tot en met %(until)s"))
            % {"until": new_until.strftime("%d-%m-%Y")},
        )
    return pause


@transaction.atomic
def end_dunning_pause(pause: DunningPause, *, actor=None) -> DunningPause:
    """End an active pause today: collection resumes."""
    pause = DunningPause.objects.select_for_update().get(pk=pause.pk)
    if not pause.is_active:
        raise _error("until", _("Deze incassostop loopt al niet meer."))
    today = clock.today()
    pause.ended_on, pause.updated_at = today, clock.now()
    pause.save(update_fields=["ended_on", "updated_at"])
    if pause.case_id:
        _event(
            pause.case,
            CaseEvent.Kind.DUNNING_PAUSE,
            actor=actor,
            text=_stored(_lazy("Incassostop beëindigd")),
        )
    return pause


# --- Payment arrangements (VERA Betalingsregeling, exported to the ERP) -----------------------------------

ARRANGEMENT_KINDS = {
    CaseKind.PAYMENT_HELP,
    CaseKind.PROACTIVE,
    CaseKind.EARLY_SIGNAL,
    CaseKind.SIGNAL_FOLLOW_UP,
}
MAX_INSTALMENTS = 60
MAX_INSTALMENT_CENTS = 5_000_00


def _check_collection_team(user) -> None:
    if user is not None and Team.COLLECTION not in teams_of(user):
        raise _error("case", _("Alleen het team Huurincasso legt betalingsregelingen vast."))


@transaction.atomic
def record_arrangement(
    case: Case,
    *,
    status: str,
    instalment_count: int,
    instalment_cents: int,
    start_date: dt.date,
    agreed_on: dt.date | None = None,
    actor=None,
):
    """Record a payment arrangement proposed (AAN) or agreed (ACT) on a case, for the ERP."""
    from nabij.casework.models import Arrangement, ArrangementStatus

    _check_collection_team(actor)
    errors: dict[str, list[str]] = {}
    if case.kind not in ARRANGEMENT_KINDS:
        errors["case"] = [_("Bij deze soort zaak hoort geen betalingsregeling.")]
    if not case.is_open:
        errors["case"] = [_("Deze zaak is al afgesloten.")]
    if case.tenancy_id is None:
        errors["case"] = [_("Deze zaak heeft geen huurcontract: een regeling hoort bij een huurcontract.")]
    if status not in (ArrangementStatus.REQUESTED, ArrangementStatus.ACTIVE):
        errors["status"] = [_("Kies ‘Aangevraagd’ (voorgesteld) of ‘Actief’ (afgesproken).")]
    if not isinstance(instalment_count, int) or not 1 <= instalment_count <= MAX_INSTALMENTS:
        errors["instalment_count"] = [
            _("Aantal termijnen: kies 1 tot en met %(n)s.") % {"n": MAX_INSTALMENTS}
        ]
    if not isinstance(instalment_cents, int) or not 100 <= instalment_cents <= MAX_INSTALMENT_CENTS:
        errors["instalment_cents"] = [_("Bedrag per termijn: vul een bedrag in van 1 tot en met 5000 euro.")]
    today = clock.today()
    if (
        start_date is None
        or start_date < today - dt.timedelta(days=31)
        or start_date > today + dt.timedelta(days=366)
    ):
        errors["start_date"] = [
            _("Begindatum: kies een datum vanaf een maand geleden tot uiterlijk een jaar vooruit.")
        ]
    if errors:
        raise ValidationError(errors)
    if status == ArrangementStatus.ACTIVE and agreed_on is None:
        agreed_on = today
    now = clock.now()
    arrangement = Arrangement.objects.create(
        case=case,
        tenancy_id=case.tenancy_id,
        status=status,
        instalment_count=instalment_count,
        instalment_cents=instalment_cents,
        start_date=start_date,
        agreed_on=agreed_on,
        created_at=now,
        updated_at=now,
        created_by=actor,
    )
    _event(
        case,
        CaseEvent.Kind.NOTE,
        actor=actor,
        at=now,
        text=_stored(_lazy("Betalingsregeling %(status)s: %(n)s termijnen van € %(amount)s vanaf %(start)s"))
        % {
            "status": _stored(ArrangementStatus(status).label).lower(),
            "n": instalment_count,
            "amount": f"{instalment_cents / 100:.2f}".replace(".", ","),
            "start": start_date.strftime("%d-%m-%Y"),
        },
    )
    return arrangement


@transaction.atomic
def set_arrangement_status(arrangement, status: str, *, actor=None):
    """Move a recorded arrangement on: proposed → agreed (ACT), or cancelled (ANN) / removed (VER)."""
    from nabij.casework.models import Arrangement, ArrangementStatus

    _check_collection_team(actor)
    arrangement = Arrangement.objects.select_for_update().get(pk=arrangement.pk)
    allowed = {
        ArrangementStatus.REQUESTED: {ArrangementStatus.ACTIVE, ArrangementStatus.DELETED},
        ArrangementStatus.ACTIVE: {
            ArrangementStatus.CANCELLED,
            ArrangementStatus.ENDED,
            ArrangementStatus.FROZEN,
        },
        ArrangementStatus.FROZEN: {ArrangementStatus.ACTIVE, ArrangementStatus.CANCELLED},
    }.get(arrangement.status, set())
    if status not in allowed:
        raise _error(
            "status",
            _("Een regeling met status ‘%(from)s’ kan niet naar ‘%(to)s’.")
            % {
                "from": ArrangementStatus(arrangement.status).label,
                "to": ArrangementStatus(status).label if status in ArrangementStatus.values else status,
            },
        )
    arrangement.status, arrangement.updated_at = status, clock.now()
    if status == ArrangementStatus.ACTIVE and arrangement.agreed_on is None:
        arrangement.agreed_on = clock.today()
    arrangement.save(update_fields=["status", "updated_at", "agreed_on"])
    _event(
        arrangement.case,
        CaseEvent.Kind.NOTE,
        actor=actor,
        text=_stored(_lazy("Betalingsregeling: %(status)s"))
        % {"status": _stored(ArrangementStatus(status).label).lower()},
    )
    return arrangement


# --- Referrals -------------------------------------------------------------------------------------------


@transaction.atomic
def refer(
    case: Case,
    *,
    partner,
    consent_given_by: str,
    consent_purpose: str,
    handover_note: str,
    actor=None,
):
    """A warm hand-over to a partner with the tenant's consent (who gave it, for what; recorded now). The
    case waits on the partner."""
    from nabij.casework.models import Referral, ReferralStatus

    consent_given_by, consent_purpose, handover_note = (
        consent_given_by.strip(),
        consent_purpose.strip(),
        handover_note.strip(),
    )
    errors: dict[str, list[str]] = {}
    if not case.is_open:
        errors["case"] = [_("Deze zaak is al afgesloten.")]
    if partner is None or not partner.active:
        errors["partner"] = [_("Kies een partner uit de lijst.")]
    if not consent_given_by or len(consent_given_by) > 120:
        errors["consent_given_by"] = [_("Toestemming gegeven door: vul de naam in van wie toestemming gaf.")]
    if not consent_purpose or len(consent_purpose) > 300:
        errors["consent_purpose"] = [_("Toestemming voor: schrijf op waarvoor de huurder toestemming gaf.")]
    if not handover_note or len(handover_note) > NOTE_MAX:
        errors["handover_note"] = [
            _("Overdrachtsnotitie: schrijf op wat de partner moet weten (hoogstens %(n)s tekens).")
            % {"n": NOTE_MAX}
        ]
    if errors:
        raise ValidationError(errors)
    now = clock.now()
    referral = Referral.objects.create(
        case=case,
        partner=partner,
        consent_given_by=consent_given_by,
        consent_at=now,
        consent_purpose=consent_purpose,
        handover_note=handover_note,
        status=ReferralStatus.SENT,
        created_at=now,
        updated_at=now,
        created_by=actor,
    )
    _event(
        case,
        CaseEvent.Kind.NOTE,
        actor=actor,
        at=now,
        text=_stored(_lazy("Doorverwezen naar %(partner)s (toestemming van %(who)s)"))
        % {"partner": partner.name, "who": consent_given_by},
    )
    if case.status in (CaseStatus.IN_PROGRESS, CaseStatus.WAITING_TENANT):
        change_status(case, CaseStatus.WAITING_PARTNER, actor=actor)
    return referral


@transaction.atomic
def record_referral_result(referral, *, status: str, result_note: str = "", actor=None):
    """Follow-up: what became of the referral (in behandeling, afgerond, niet gestart) and a result note."""
    from nabij.casework.models import Referral, ReferralStatus

    result_note = result_note.strip()
    referral = Referral.objects.select_for_update().select_related("case", "partner").get(pk=referral.pk)
    if status not in ReferralStatus.values or status == ReferralStatus.SENT:
        raise _error("status", _("Kies wat er van de doorverwijzing is geworden."))
    if status in (ReferralStatus.DONE, ReferralStatus.DECLINED) and not result_note:
        raise _error(
            "result_note",
            _("Resultaat: schrijf kort op wat de partner heeft gedaan of waarom het niet doorging."),
        )
    if len(result_note) > NOTE_MAX:
        raise _error("result_note", _("Het resultaat is te lang (hoogstens %(n)s tekens).") % {"n": NOTE_MAX})
    referral.status, referral.result_note, referral.updated_at = status, result_note, clock.now()
    referral.save(update_fields=["status", "result_note", "updated_at"])
    text = f"{referral.partner.name}: {_stored(ReferralStatus(status).label).lower()}"
    if result_note:
        text += f". {result_note}"
    _event(referral.case, CaseEvent.Kind.NOTE, actor=actor, text=text)
    return referral


# --- Call scripts and partners (functioneel beheer) --------------------------------------------------------


@transaction.atomic
def save_call_script(kind: str, *, empathy: str, advice: str, action: str, actor=None):
    from nabij.casework.models import CallScript
    from nabij.privacy.access import ensure
    from nabij.privacy.roles import MANAGE_CALL_SCRIPTS

    ensure(actor, MANAGE_CALL_SCRIPTS)
    texts = {"empathy": empathy.strip(), "advice": advice.strip(), "action": action.strip()}
    labels = {"empathy": _("Begrip tonen"), "advice": _("Advies"), "action": _("Actie")}
    errors = {
        field: [_("%(field)s: vul een tekst in van hoogstens 2000 tekens.") % {"field": labels[field]}]
        for field, text in texts.items()
        if not text or len(text) > 2000
    }
    if kind not in CaseKind.values:
        errors["kind"] = [_("Kies een soort zaak uit de lijst.")]
    if errors:
        raise ValidationError(errors)
    script, _created = CallScript.objects.update_or_create(
        kind=kind, defaults={**texts, "updated_at": clock.now(), "updated_by": actor}
    )
    return script
