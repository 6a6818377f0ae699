"""The demo corporation "Woonstichting Voorbeeld": units, households, tenancies, contact details,
channel preferences, five years of rent bookings and two years of customer contacts and signals (with an
energy-price crisis in them, `history.py`), generated deterministically from a seed.

The run has three phases:

1. places: neighbourhoods, streets and addresses (`places.py`);
2. a light plan of who rented which unit when: long-running tenancies, tenants who left, tenants
   who moved to another of the corporation's homes, a few empty units;
3. per household: persons, contact points, preferences, the ledger (`ledger.py`) and the contact
   history (`history.py`), written in
   batches with `BulkWriter` while generating, so memory stays flat at any size.

Everything is written inside one transaction: a failed or interrupted seed leaves nothing behind.
Output is a function of (seed, units, today): "today" is `nabij.core.clock.today()`, so the
history always ends now.
"""

import datetime as dt
import random
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection, transaction

from nabij.casework.models import Case, CaseEvent
from nabij.contacts.models import Contact, Development, Signal
from nabij.core import clock
from nabij.demo.casework import seed_casework
from nabij.demo.history import (
    CASE_COLUMNS,
    CASE_EVENT_COLUMNS,
    CONTACT_COLUMNS,
    SIGNAL_COLUMNS,
    TAG_COLUMNS,
    HistoryWriter,
)
from nabij.demo.ledger import ARRANGEMENT_COLUMNS, BOOKING_COLUMNS, Calendar, LedgerWriter, choose_behaviour
from nabij.demo.names import NamePools, ascii_name
from nabij.demo.places import StreetKind, generate_addresses
from nabij.demo.writer import BulkWriter, fast_sqlite, next_id
from nabij.ledger.models import Booking, PaymentArrangement
from nabij.tenants.models import (
    ChannelPreference,
    ContactPoint,
    Household,
    Neighbourhood,
    Person,
    Tenancy,
    Unit,
)
from nabij.tenants.search import normalise_name

DEFAULT_SEED = 2026
FLUSH_BOOKINGS = 200_000  # write buffered rows once this many bookings are waiting

C = Household.Composition
# Who lives where: families in row houses, singles and older people in flats.
COMPOSITION_WEIGHTS = {
    StreetKind.ROW: [
        (C.SINGLE, 20),
        (C.SENIOR, 15),
        (C.COUPLE, 15),
        (C.FAMILY, 30),
        (C.SINGLE_PARENT, 13),
        (C.OTHER, 7),
    ],
    StreetKind.PORCH: [
        (C.SINGLE, 40),
        (C.SENIOR, 20),
        (C.COUPLE, 12),
        (C.FAMILY, 12),
        (C.SINGLE_PARENT, 12),
        (C.OTHER, 4),
    ],
    StreetKind.FLAT: [
        (C.SINGLE, 45),
        (C.SENIOR, 30),
        (C.COUPLE, 12),
        (C.FAMILY, 4),
        (C.SINGLE_PARENT, 7),
        (C.OTHER, 2),
    ],
}
# Age of the main tenant today: (low, mode, high) of a triangular distribution.
MAIN_TENANT_AGE = {
    C.SINGLE: (19, 35, 66),
    C.SENIOR: (65, 74, 97),
    C.COUPLE: (21, 40, 66),
    C.FAMILY: (24, 40, 58),
    C.SINGLE_PARENT: (21, 37, 56),
    C.OTHER: (38, 58, 80),
}
# Current gross rent by building type, in cents (social range).
RENT_RANGE = {
    StreetKind.ROW: (64000, 88000),
    StreetKind.PORCH: (53000, 78000),
    StreetKind.FLAT: (47000, 72000),
}
EMAIL_DOMAINS = ["example.nl"] * 5 + ["example.com"] * 3 + ["example.org", "example.net"]
PREFERENCE_SOURCES = ["Mijn Woonstichting", "Klantcontactcentrum", "Huurovereenkomst", "Wijkspreekuur"]
YEAR = 365.25

# Columns written per model, in the order of the generated tuples.
COLUMNS = {
    Unit: ("id", "id_extern", "kind", "street", "house_number", "house_letter", "house_number_addition",
           "postcode", "city", "neighbourhood"),
    Household: ("id", "id_extern", "key", "name", "composition", "preferred_language"),
    Person: ("id", "id_extern", "household", "first_name", "initials", "name_prefix", "surname",
             "date_of_birth", "is_main_tenant", "search_name"),
    Tenancy: ("id", "id_extern", "household", "unit", "start_date", "end_date", "payment_method",
              "gross_rent_cents", "monitoring_state"),
    ContactPoint: ("id", "id_extern", "household", "person", "kind", "value", "preferred", "status",
                   "verified_at"),
    ChannelPreference: ("id", "household", "purpose", "channel", "consent", "recorded_at", "source"),
}  # fmt: skip


@dataclass
class SeedResult:
    units: int
    households: int
    persons: int
    tenancies: int
    contact_points: int
    channel_preferences: int
    bookings: int
    payment_arrangements: int
    neighbourhoods: int
    seconds: float
    contacts: int = 0
    signals: int = 0
    follow_up_cases: int = 0
    casework_cases: int = 0  # today's queues (demo.casework), besides the follow-up cases of signals
    callbacks: int = 0
    dunning_pauses: int = 0
    developments: int = 0
    signal_tags: int = 0

    @property
    def rows(self) -> int:
        return (
            self.units
            + self.households
            + self.persons
            + self.tenancies
            + self.contact_points
            + self.channel_preferences
            + self.bookings
            + self.payment_arrangements
            + self.neighbourhoods
            + self.contacts
            + self.signals
            + self.follow_up_cases
            + self.casework_cases
            + self.developments
            + self.signal_tags
        )


@dataclass(slots=True)
class _HouseholdPlan:
    id: int
    composition: str
    main_born: int  # day number
    former: bool  # left the corporation
    tenancies: list  # [tenancy id, unit index, start day, end day or None]


ProgressCallback = Callable[[int, int, int, float], None]  # units done, units total, rows, seconds


def seed_demo(units: int, seed: int = DEFAULT_SEED, progress: ProgressCallback | None = None) -> SeedResult:
    """Generate the demo corporation with `units` homes. All or nothing (one transaction)."""
    if units < 1:
        raise ValueError("units must be at least 1")
    started = time.monotonic()
    with fast_sqlite(), transaction.atomic():
        if connection.vendor == "postgresql":
            # Parents are written before children, so foreign keys can be checked row by row while
            # copying instead of queueing ~10 million deferred checks for the commit.
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        generator = _Generator(units, seed, progress, started)
        result = generator.run()
    result.seconds = time.monotonic() - started
    return result


class _Generator:
    def __init__(self, units: int, seed: int, progress: ProgressCallback | None, started: float):
        self.units_total = units
        self.seed = seed
        self.progress = progress
        self.started = started
        self.today = clock.today()
        self.now = clock.now()
        self.cal = Calendar(self.today)
        self.writer = BulkWriter(connection)
        self.rng_places = random.Random(f"{seed}:places")
        self.rng_plan = random.Random(f"{seed}:plan")
        self.rng_people = random.Random(f"{seed}:people")
        self.rng_contact = random.Random(f"{seed}:contact")
        self.rng_ledger = random.Random(f"{seed}:ledger")
        self.names = NamePools(seed)
        self.ids = {
            model: next_id(model)
            for model in (Neighbourhood, Unit, Household, Person, Tenancy, ContactPoint, ChannelPreference)
        }
        self.ledger = LedgerWriter(self.cal, self.rng_ledger, next_id(PaymentArrangement))
        history_ids = {
            "contact": next_id(Contact),
            "signal": next_id(Signal),
            "case": next_id(Case),
            "case_event": next_id(CaseEvent),
            "development": next_id(Development),
        }
        self.history = HistoryWriter(
            self.cal,
            random.Random(f"{seed}:history"),
            history_ids,
            postgres=connection.vendor == "postgresql",
            prep_datetime=connection.ops.adapt_datetimefield_value,
        )
        key_field = Household._meta.get_field("key")
        self.prep_uuid = lambda value: key_field.get_db_prep_value(value, connection)
        self.prep_datetime = connection.ops.adapt_datetimefield_value
        self.counts = dict.fromkeys(
            ["households", "persons", "tenancies", "contact_points", "channel_preferences", "bookings"], 0
        )
        self.buffers: dict = {}  # model -> rows waiting to be written
        self.bookings_flushed = 0
        self.arrangements_written = 0

    # ---- phase 1: places ---------------------------------------------------------------------
    def run(self) -> SeedResult:
        neighbourhoods, addresses = generate_addresses(
            self.units_total, self.rng_places, first_neighbourhood_id=self.ids[Neighbourhood]
        )
        self.writer.write(
            Neighbourhood,
            ("id", "code", "name", "district", "municipality"),
            [(n.id, n.code, n.name, n.district, n.municipality) for n in neighbourhoods],
        )
        self.writer.write(
            Development,
            ("id", "title", "date", "description", "expected_effect", "link", "created_at"),
            self.history.developments(self.now),
        )
        self.addresses = addresses
        unit_id = self.ids[Unit]
        self.unit_ids = list(range(unit_id, unit_id + len(addresses)))
        rng = self.rng_places
        self.unit_rent = []
        for a in addresses:
            low, high = RENT_RANGE[a.street_kind]
            self.unit_rent.append(low + int(rng.random() * (high - low)))
        self.writer.write(
            Unit,
            COLUMNS[Unit],
            [
                (
                    uid,
                    f"EH-{uid:07d}",
                    Unit.Kind.DWELLING,
                    a.street,
                    a.house_number,
                    a.house_letter,
                    a.addition,
                    a.postcode,
                    a.city,
                    a.neighbourhood.id,
                )
                for uid, a in zip(self.unit_ids, addresses, strict=True)
            ],
        )

        plans = self._plan()
        self._generate(plans)
        self.writer.reset_sequences(
            [
                Neighbourhood,
                Unit,
                Household,
                Person,
                Tenancy,
                ContactPoint,
                ChannelPreference,
                PaymentArrangement,
                Booking,
                Contact,
                Signal,
                Case,
                CaseEvent,
                Development,
                Signal.developments.through,
            ]
        )
        casework = seed_casework(self.units_total, self.seed, self.today)
        history = self.history.counts
        return SeedResult(
            casework_cases=casework.cases,
            callbacks=casework.callbacks,
            dunning_pauses=casework.dunning_pauses,
            units=len(addresses),
            neighbourhoods=len(neighbourhoods),
            payment_arrangements=self.arrangements_written,
            seconds=0.0,
            contacts=history.contacts,
            signals=history.signals,
            follow_up_cases=history.follow_up_cases,
            developments=history.developments,
            signal_tags=history.tags,
            **self.counts,
        )

    # ---- phase 2: who rented what, when -------------------------------------------------------
    def _plan(self) -> list[_HouseholdPlan]:
        rng = self.rng_plan
        today = self.cal.today
        window = self.cal.window_start
        plans: list[_HouseholdPlan] = []
        household_id = self.ids[Household]
        tenancy_id = self.ids[Tenancy]

        def new_household(composition: str, former: bool, age_at: int) -> _HouseholdPlan:
            nonlocal household_id
            low, mode, high = MAIN_TENANT_AGE[composition]
            age_years = rng.triangular(low, high, mode)
            plan = _HouseholdPlan(household_id, composition, int(age_at - age_years * YEAR), former, [])
            household_id += 1
            plans.append(plan)
            return plan

        def composition_for(unit_index: int) -> str:
            options = COMPOSITION_WEIGHTS[self.addresses[unit_index].street_kind]
            return rng.choices([c for c, _ in options], [w for _, w in options])[0]

        def start_after(earliest: int, latest: int, mean_years: float) -> int:
            """A start day: `latest` minus an exponential duration, not before `earliest`."""
            day = latest - int(rng.expovariate(1 / (mean_years * YEAR)))
            day = max(day, earliest)
            # Most contracts start on the 1st of a month.
            date = dt.date.fromordinal(day)
            if rng.random() < 0.75:
                day = dt.date(date.year, date.month, 1).toordinal()
            return min(day, latest)

        current: list[_HouseholdPlan | None] = []
        previous_needed: list[int | None] = []  # unit index -> end day of a previous tenancy
        for u in range(len(self.addresses)):
            if rng.random() < 0.01:  # empty between two tenants
                current.append(None)
                previous_needed.append(today - 5 - int(rng.random() * 55))
                continue
            household = new_household(composition_for(u), False, today)
            earliest = max(household.main_born + int(18.5 * YEAR), dt.date(1975, 1, 1).toordinal())
            start = start_after(earliest, today - 3, 11)
            household.tenancies.append([None, u, start, None])
            current.append(household)
            previous_needed.append(start - 1 - int(rng.random() * 30) if start > window else None)

        # Some new tenants came from another of the corporation's homes (doorstroming): their old
        # home is the one re-let after them.
        movers = [u for u, end in enumerate(previous_needed) if end is not None and current[u] is not None]
        rng.shuffle(movers)
        destinations = sorted(movers[: len(movers) // 6])
        sources = movers[len(movers) // 6 :]
        not_let_yet = set()
        for destination, source in zip(destinations, sources, strict=False):
            household = current[destination]
            moved_on = household.tenancies[0][2]
            start = start_after(household.main_born + int(18.5 * YEAR), moved_on - 60, 7)
            household.tenancies.append([None, source, start, moved_on - 1])
            previous_needed[source] = None
            relet = moved_on + 10 + int(rng.random() * 30)
            successor = current[source]
            if relet > today - 3:  # not re-let yet
                not_let_yet.add(successor.id)
                current[source] = None
            else:
                successor.tenancies[0][2] = relet

        # Tenants who left (moved away, went into care, died) before today's tenant came.
        for u, end in enumerate(previous_needed):
            if end is None:
                continue
            composition = composition_for(u)
            household = new_household(composition, True, end)
            start = start_after(household.main_born + int(18.5 * YEAR), end - 60, 9)
            household.tenancies.append([None, u, start, end])

        plans = sorted((p for p in plans if p.id not in not_let_yet), key=lambda p: p.id)
        # Number tenancies in household order, so each household's bookings are written together.
        for plan in plans:
            plan.tenancies.sort(key=lambda t: t[2])
            for tenancy in plan.tenancies:
                tenancy[0] = tenancy_id
                tenancy_id += 1
        return plans

    # ---- phase 3: people, contact details and the ledger --------------------------------------
    def _generate(self, plans: list[_HouseholdPlan]) -> None:
        last_report = time.monotonic()
        for index, plan in enumerate(plans, start=1):
            self._household(plan)
            if self.counts["bookings"] - self.bookings_flushed >= FLUSH_BOOKINGS:
                self._flush()
                if self.progress and time.monotonic() - last_report >= 5:
                    last_report = time.monotonic()
                    done = round(self.units_total * index / len(plans))
                    self.progress(
                        done, self.units_total, self.writer.rows_written, last_report - self.started
                    )
        self._flush()
        if self.progress:
            self.progress(
                self.units_total, self.units_total, self.writer.rows_written, time.monotonic() - self.started
            )

    def _buffer(self, model) -> list:
        return self.buffers.setdefault(model, [])

    def _flush(self) -> None:
        """Write everything buffered so far, parents before children."""
        for model in (Household, Person, Tenancy, ContactPoint, ChannelPreference):
            self.writer.write(model, COLUMNS[model], self.buffers.pop(model, []))
        arrangements = self.ledger.arrangements
        self.writer.write(PaymentArrangement, ARRANGEMENT_COLUMNS, [tuple(row) for row in arrangements])
        self.arrangements_written += len(arrangements)
        arrangements.clear()
        self.writer.write(Booking, BOOKING_COLUMNS, self.ledger.rows)
        self.bookings_flushed += len(self.ledger.rows)
        self.ledger.rows = []
        history = self.history
        self.writer.write(Contact, CONTACT_COLUMNS, history.contacts)
        self.writer.write(Signal, SIGNAL_COLUMNS, history.signals)
        self.writer.write(Signal.developments.through, TAG_COLUMNS, history.tags)
        self.writer.write(Case, CASE_COLUMNS, history.cases)
        self.writer.write(CaseEvent, CASE_EVENT_COLUMNS, history.case_events)
        history.contacts, history.signals, history.tags = [], [], []
        history.cases, history.case_events = [], []

    def _household(self, plan: _HouseholdPlan) -> None:
        rng = self.rng_people
        names = self.names
        origin = names.origin(rng)
        composition = plan.composition
        today = self.cal.today
        persons = []  # (person id, PersonName, born day, is main)

        def add(name, born: int, main: bool) -> None:
            pid = self.ids[Person]
            self.ids[Person] += 1
            persons.append((pid, name, born, main))

        main_female = rng.random() < (0.62 if composition in (C.SINGLE_PARENT, C.SENIOR) else 0.5)
        main_born = plan.main_born
        main_year = dt.date.fromordinal(main_born).year
        main = names.person(origin, main_female, main_year, rng)
        add(main, main_born, True)
        partner = None
        if composition in (C.COUPLE, C.FAMILY) or (composition == C.SENIOR and rng.random() < 0.35):
            partner_origin = origin if rng.random() < 0.9 else names.origin(rng)
            partner_born = main_born + int((rng.random() - 0.5) * 12 * YEAR)
            partner_born = min(partner_born, today - int(18.2 * YEAR))
            surname = (main.name_prefix, main.surname) if rng.random() < 0.25 else None
            female = (not main_female) if rng.random() < 0.95 else main_female
            partner = names.person(
                partner_origin, female, dt.date.fromordinal(partner_born).year, rng, surname
            )
            add(partner, partner_born, False)
        if composition in (C.FAMILY, C.SINGLE_PARENT):
            earliest = max(main_born + int(19 * YEAR), today - int(24 * YEAR))
            for _ in range(
                rng.choice([1, 1, 2, 2, 2, 3]) if composition == C.FAMILY else rng.choice([1, 1, 2, 3])
            ):
                if earliest >= today - 60:
                    break
                born = earliest + int(rng.random() * (today - 60 - earliest))
                child = names.person(
                    origin,
                    rng.random() < 0.5,
                    dt.date.fromordinal(born).year,
                    rng,
                    (main.name_prefix, main.surname),
                )
                add(child, born, False)
        if composition == C.OTHER:  # a parent with an adult child, or two adults sharing
            for _ in range(rng.choice([1, 1, 2])):
                born = min(main_born + int((20 + rng.random() * 12) * YEAR), today - int(18.5 * YEAR))
                adult = names.person(
                    origin,
                    rng.random() < 0.5,
                    dt.date.fromordinal(born).year,
                    rng,
                    (main.name_prefix, main.surname) if rng.random() < 0.7 else None,
                )
                add(adult, born, False)

        hid = plan.id
        if partner is not None and (partner.surname != main.surname) and composition == C.COUPLE:
            household_name = f"{main.written} en {partner.written}"
        elif len(persons) > 1 and composition != C.OTHER:
            household_name = " ".join(p for p in ("Fam.", main.name_prefix, main.surname) if p)
        else:
            household_name = main.written
        language = _language(origin, rng)
        key = uuid.UUID(int=rng.getrandbits(128), version=4)
        self._buffer(Household).append(
            (hid, f"REL-{hid:07d}", self.prep_uuid(key), household_name[:200], composition, language)
        )
        person_rows = self._buffer(Person)
        for pid, name, born, is_main in persons:
            person_rows.append(
                (
                    pid,
                    f"PER-{pid:08d}",
                    hid,
                    name.first_name,
                    name.initials,
                    name.name_prefix,
                    name.surname,
                    self.cal.iso(born) if born >= self.cal.base else dt.date.fromordinal(born).isoformat(),
                    is_main,
                    normalise_name(name.surname),
                )
            )
        self.counts["households"] += 1
        self.counts["persons"] += len(persons)

        self._contact_points(plan, persons, main_year)
        behaviour = self._tenancies(plan)
        self.history.household(
            hid,
            [
                (start, end if end is not None else today, self.addresses[unit_index].neighbourhood.id)
                for _tid, unit_index, start, end in plan.tenancies
            ],
            composition == C.SENIOR or today - main_born >= 70 * YEAR,
            behaviour,
        )

    def _contact_points(self, plan: _HouseholdPlan, persons: list, main_year: int) -> None:
        rng = self.rng_contact
        age = self.today.year - main_year
        main_id, main_name = persons[0][0], persons[0][1]
        area_code = self.addresses[plan.tenancies[-1][1]].neighbourhood.area_code
        reach = 0.6 if plan.former else 1.0  # former tenants: fewer details kept up to date
        points = []  # (person id, kind, value)
        if rng.random() < reach * (0.93 if age < 40 else 0.88 if age < 65 else 0.62 if age < 80 else 0.3):
            points.append((main_id, ContactPoint.Kind.EMAIL, _email(main_name, main_year, rng)))
        if rng.random() < reach * (0.96 if age < 65 else 0.75 if age < 80 else 0.45):
            points.append((main_id, ContactPoint.Kind.MOBILE, _mobile(rng)))
        if rng.random() < (0.55 if age >= 70 else 0.12 if age >= 50 else 0.02):
            points.append((main_id, ContactPoint.Kind.PHONE, _landline(area_code, rng)))
        if len(persons) > 1 and not persons[1][3] and rng.random() < 0.4:
            partner_id, partner_name, born, _ = persons[1]
            if self.cal.today - born > 16 * YEAR:
                points.append((partner_id, ContactPoint.Kind.MOBILE, _mobile(rng)))
                if rng.random() < 0.3:
                    year = dt.date.fromordinal(born).year
                    points.append((partner_id, ContactPoint.Kind.EMAIL, _email(partner_name, year, rng)))
        if rng.random() < 0.01:  # post goes to a guardian (bewindvoerder)
            pc = self.addresses[plan.tenancies[-1][1]].postcode
            points.append(
                (
                    None,
                    ContactPoint.Kind.POST,
                    f"Postbus {100 + int(rng.random() * 9800)}, {pc[:2]}00 AB "
                    f"{self.addresses[plan.tenancies[-1][1]].city} (bewindvoerder)",
                )
            )

        rows = self._buffer(ContactPoint)
        preferred_kind = None
        kinds = {kind for _, kind, _ in points}
        if kinds:
            if ContactPoint.Kind.EMAIL in kinds and (
                rng.random() < 0.7 or ContactPoint.Kind.MOBILE not in kinds
            ):
                preferred_kind = ContactPoint.Kind.EMAIL
            elif ContactPoint.Kind.MOBILE in kinds:
                preferred_kind = ContactPoint.Kind.MOBILE
            else:
                preferred_kind = sorted(kinds)[0]
        now = self.now
        for person_id, kind, value in points:
            cid = self.ids[ContactPoint]
            self.ids[ContactPoint] += 1
            x = rng.random()
            if x < 0.30 and not plan.former:
                verified = now - dt.timedelta(days=1 + rng.random() * 360)
            elif x < 0.55:
                verified = now - dt.timedelta(days=400 + rng.random() * 6 * 365)
            else:
                verified = None
            status = ContactPoint.Status.VALIDATED if verified else ContactPoint.Status.CREATED
            if kind != ContactPoint.Kind.POST and rng.random() < (0.03 if not plan.former else 0.15):
                status = ContactPoint.Status.INVALID  # bounced e-mail, number no longer in use
                verified = verified if verified and verified < now - dt.timedelta(days=365) else None
            preferred = kind == preferred_kind and person_id == main_id
            if preferred:
                preferred_kind = None  # one preferred point per household
            rows.append(
                (
                    cid,
                    f"CG-{cid:08d}",
                    plan.id,
                    person_id,
                    kind,
                    value,
                    preferred,
                    status,
                    self.prep_datetime(verified) if verified else None,
                )
            )
        self.counts["contact_points"] += len(points)

        # Channel preferences: recorded for a share of households, for service messages and campaigns.
        preferences = self._buffer(ChannelPreference)
        Channel, Purpose = ChannelPreference.Channel, ChannelPreference.Purpose
        if rng.random() < (0.45 if not plan.former else 0.1):
            if ContactPoint.Kind.EMAIL in kinds and rng.random() < 0.75:
                channel = Channel.EMAIL
            elif ContactPoint.Kind.MOBILE in kinds and rng.random() < 0.5:
                channel = Channel.SMS
            elif age >= 70 and ContactPoint.Kind.PHONE in kinds and rng.random() < 0.4:
                channel = Channel.PHONE
            else:
                channel = Channel.LETTER
            preferences.append(self._preference(plan.id, Purpose.SERVICE, channel, True, rng))
        if rng.random() < (0.3 if not plan.former else 0.05):
            channel = Channel.EMAIL if ContactPoint.Kind.EMAIL in kinds else Channel.LETTER
            preferences.append(
                self._preference(plan.id, Purpose.CAMPAIGN, channel, rng.random() >= 0.35, rng)
            )

    def _preference(self, household_id, purpose, channel, consent, rng) -> tuple:
        pid = self.ids[ChannelPreference]
        self.ids[ChannelPreference] += 1
        self.counts["channel_preferences"] += 1
        recorded = self.now - dt.timedelta(days=2 + rng.random() * 5 * 365, seconds=int(rng.random() * 36000))
        return (
            pid,
            household_id,
            purpose,
            channel,
            consent,
            self.prep_datetime(recorded),
            PREFERENCE_SOURCES[int(rng.random() * len(PREFERENCE_SOURCES))],
        )

    def _tenancies(self, plan: _HouseholdPlan):
        """Write the household's tenancies and their ledger; returns its payment behaviour."""
        rng = self.rng_ledger
        cal = self.cal
        behaviour = choose_behaviour(rng, cal.months)
        rows = self._buffer(Tenancy)
        for tenancy_id, unit_index, start, end in plan.tenancies:
            years = (min(end or cal.today, cal.today) - start) / YEAR
            # Older contracts pay a little less: rents of sitting tenants rise slower than on re-letting.
            rent_now = max(45000, int(self.unit_rent[unit_index] * (1 - min(0.12, 0.005 * years))))
            before = len(self.ledger.rows)
            outcome = self.ledger.tenancy(tenancy_id, rent_now, start, end, behaviour)
            self.counts["bookings"] += len(self.ledger.rows) - before
            if end is None:
                gross = rent_now
                deep = outcome.arrears_cents >= 2 * gross and not outcome.arrangement_active
            else:
                gross = cal.rent_in_month(rent_now, cal.month_index(end))
                deep = outcome.arrears_cents > 0 and not outcome.written_off
            method = "INC" if behaviour.direct_debit else "OVB" if rng.random() < 0.93 else "ONL"
            rows.append(
                (
                    tenancy_id,
                    f"HO-{tenancy_id:07d}",
                    plan.id,
                    self.unit_ids[unit_index],
                    cal.iso(start) if start >= cal.base else dt.date.fromordinal(start).isoformat(),
                    cal.iso(end) if end is not None else None,
                    method,
                    gross,
                    "INC" if deep else "NOR",
                )
            )
            self.counts["tenancies"] += 1
        return behaviour


def _language(origin: str, rng) -> str:
    x = rng.random()
    if origin == "turkish" and x < 0.25:
        return "TUR"
    if origin == "moroccan" and x < 0.05:
        return "FRA"
    if origin == "polish" and x < 0.4:
        return "ENG"
    if origin == "british" and x < 0.8:
        return "ENG"
    if origin == "dutch" and x < 0.004:
        return "DUI"
    return "NLD"


def _email(name, born_year: int, rng) -> str:
    first, last = ascii_name(name.first_name), ascii_name(name.name_prefix + name.surname)
    x = rng.random()
    if x < 0.4:
        local = f"{first}.{last}"
    elif x < 0.6:
        local = f"{first[:1]}{last}"
    elif x < 0.8:
        local = f"{first}{born_year % 100:02d}"
    else:
        local = f"{last}.{first[:1]}{int(rng.random() * 100)}"
    return f"{local}@{EMAIL_DOMAINS[int(rng.random() * len(EMAIL_DOMAINS))]}"


def _mobile(rng) -> str:
    """06-00xx xxxx: the familiar mobile shape, in a range not handed out to subscribers."""
    return f"06-00{int(rng.random() * 100):02d} {int(rng.random() * 10000):04d}"


def _landline(area_code: str, rng) -> str:
    """Area code plus a subscriber number starting with 0, which Dutch numbers never do."""
    digits = 10 - len(area_code)
    number = f"0{int(rng.random() * 10 ** (digits - 1)):0{digits - 1}d}"
    if digits == 7:
        return f"{area_code}-{number[:3]} {number[3:]}"
    return f"{area_code}-{number[:2]} {number[2:4]} {number[4:]}"
