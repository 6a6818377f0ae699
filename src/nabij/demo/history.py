"""Two years of customer contacts and signals for the demo corporation, with a crisis in them.

So that the developments monitor shows something meaningful on `make demo`:

- every household present in the last two years gets contacts at a rate that depends on how it pays
  (the ledger archetype: chronic late payers and households hit by a shock call and are called far more
  often) and on who lives there (older tenants: loneliness, health, digital skills);
- a crisis: an energy-price shock from about ten months ago, lasting about five months, in which
  contacts rise and energy-cost and income-drop signals rise clearly; it fades out afterwards;
- seasonal noise: more contacts in winter (and more energy worries), fewer in the summer holidays;
  none at weekends;
- a household whose payment shock falls in the window reports the income drop and payment worries then.

Three or four external developments (Development rows) match the crisis; part of the crisis-period
energy-cost signals is tagged to the energy development. Like the ledger, everything is plain tuples in
the writers' column order, with dates and datetimes as strings: at ~2 million rows for 80,000 units,
per-row date objects would dominate the run time.
"""

import datetime as dt
import zoneinfo
from bisect import bisect
from dataclasses import dataclass

from django.conf import settings

from nabij.casework.models import CaseEvent, CaseKind, CaseOutcome, CaseStatus, Priority
from nabij.contacts.models import (
    SPECIAL_CATEGORIES,
    URGENT,
    VERA_SIGNAL_KIND,
    Channel,
    CustomerProcess,
    Direction,
    Outcome,
    Polarity,
    SignalCategory,
    SignalStatus,
    Urgency,
)
from nabij.contacts.services import follow_up_due, owning_team
from nabij.demo.ledger import CHRONIC, SHOCK, SOMETIMES_LATE

# Plain strings (not the TextChoices members) for the database drivers.
LOW, MEDIUM, HIGH, ACUTE = (str(u) for u in (Urgency.LOW, Urgency.MEDIUM, Urgency.HIGH, Urgency.ACUTE))
POSITIVE, CONCERN = str(Polarity.POSITIVE), str(Polarity.CONCERN)
ACTIVE, PASSIVE, EXPIRED = (str(s) for s in (SignalStatus.ACTIVE, SignalStatus.PASSIVE, SignalStatus.EXPIRED))
REACHED, NOT_REACHED = str(Outcome.REACHED), str(Outcome.NOT_REACHED)
# Urgent signals with follow-up became "opvolging signaal" cases (casework), as log_contact's hook does.
CASE_NEW, CASE_DONE = str(CaseStatus.NEW), str(CaseStatus.DONE)
SIGNAL_CASE, HELPED = str(CaseKind.SIGNAL_FOLLOW_UP), str(CaseOutcome.HELPED)
EVENT_CREATED, EVENT_STATUS = str(CaseEvent.Kind.CREATED), str(CaseEvent.Kind.STATUS)
SPECIAL = {str(c) for c in SPECIAL_CATEGORIES}

WINDOW_DAYS = 730  # two years of history
CRISIS_START_DAYS_AGO = 300  # the energy-price shock began about ten months ago …
CRISIS_DAYS = 150  # … and lasted about five months
AFTERMATH_DAYS = 75  # fading out
# Contacts per household over two years (whole window), before the profile's multiplier. Tuned so that an
# 80,000-unit corporation gets about 1 million signals (~12 per household), as the monitor benchmark expects.
CONTACTS_PER_TWO_YEARS = 12.2

CONTACT_COLUMNS = ("id", "household", "at", "channel", "direction", "process", "subject", "outcome", "note")
SIGNAL_COLUMNS = (
    "id",
    "household",
    "contact",
    "category",
    "vera_kind",
    "polarity",
    "urgency",
    "follow_up_wanted",
    "follow_up_consent_at",
    "note",
    "status",
    "end_date",
    "created_at",
    "week_start",
    "neighbourhood",
    "process",
)
CASE_COLUMNS = (
    "id", "household", "kind", "team", "priority", "status", "is_open", "outcome", "source", "summary",
    "due_at", "created_at", "closed_at", "signal",
)  # fmt: skip
CASE_EVENT_COLUMNS = ("id", "case", "at", "kind", "from_status", "to_status", "text")
TAG_COLUMNS = ("signal", "development")

S = SignalCategory
P = CustomerProcess
# Household profiles.
ORDINARY, PAYMENT_TROUBLE, ELDERLY = range(3)
PROFILE_RATE = {ORDINARY: 0.85, PAYMENT_TROUBLE: 1.9, ELDERLY: 1.1}
# Category weights per profile in an ordinary week.
CATEGORY_WEIGHTS = {
    ORDINARY: {
        S.PAYMENT_WORRIES: 8, S.INCOME_DROP: 4, S.HEALTH: 2, S.LONELINESS: 3, S.HOUSEHOLD: 7,
        S.ENERGY_COSTS: 3, S.DWELLING: 26, S.NUISANCE: 11, S.DIGITAL_SKILLS: 4, S.HELP_PRESENT: 2,
        S.POSITIVE: 16,
    },
    PAYMENT_TROUBLE: {
        S.PAYMENT_WORRIES: 36, S.INCOME_DROP: 10, S.HEALTH: 3, S.LONELINESS: 3, S.HOUSEHOLD: 6,
        S.ENERGY_COSTS: 4, S.DWELLING: 12, S.NUISANCE: 6, S.DIGITAL_SKILLS: 3, S.HELP_PRESENT: 9,
        S.POSITIVE: 8,
    },
    ELDERLY: {
        S.PAYMENT_WORRIES: 5, S.INCOME_DROP: 2, S.HEALTH: 6, S.LONELINESS: 14, S.HOUSEHOLD: 6,
        S.ENERGY_COSTS: 3, S.DWELLING: 22, S.NUISANCE: 7, S.DIGITAL_SKILLS: 11, S.HELP_PRESENT: 4,
        S.POSITIVE: 14,
    },
}  # fmt: skip
# Phases of the window and what they do to the weights and to the number of contacts.
BEFORE, CRISIS, AFTERMATH = range(3)
PHASE_FACTORS = {
    BEFORE: {},
    CRISIS: {S.ENERGY_COSTS: 6.0, S.INCOME_DROP: 2.5, S.PAYMENT_WORRIES: 1.6, S.POSITIVE: 0.8},
    AFTERMATH: {S.ENERGY_COSTS: 2.5, S.INCOME_DROP: 1.6, S.PAYMENT_WORRIES: 1.3},
}
PHASE_CONTACT_RATE = {BEFORE: 1.0, CRISIS: 1.35, AFTERMATH: 1.1}
WINTER_ENERGY = 1.6  # November to February: more worries about the energy bill

PHONE = str(Channel.PHONE)
INCOMING, OUTGOING = str(Direction.INCOMING), str(Direction.OUTGOING)
CHANNEL_WEIGHTS = [
    (Channel.PHONE, 72), (Channel.EMAIL, 11), (Channel.DESK, 5), (Channel.HOME_VISIT, 7), (Channel.PORTAL, 5),
]  # fmt: skip
SUBJECTS = {
    P.TELEPHONY: ["Vraag over de huur", "Vraag over de jaarafrekening servicekosten", "Adreswijziging",
                  "Vraag over huurverhoging", "Vraag over de energierekening", "Algemene vraag"],
    P.CALLBACK: ["Terugbelverzoek", "Terugbellen over eerdere vraag", "Terugbelverzoek betaling"],
    P.PAYMENT_HELP: ["Betalingsregeling besproken", "Vraag over achterstand", "Doorverwijzing schuldhulp",
                     "Betaalafspraak gemaakt"],
    P.PROACTIVE: ["Even bijgepraat", "Gebeld na herinnering", "Gebeld over energiekosten",
                  "Welzijnsbelletje"],
    P.REPAIR: ["Reparatieverzoek keuken", "Lekkage badkamer", "Schimmel in slaapkamer", "Kapotte cv-ketel",
               "Tochtige ramen"],
    P.NUISANCE: ["Melding geluidsoverlast", "Overlast buren", "Vervuiling portiek"],
    P.GENERAL: ["Vraag over de woning", "Sleutels en pasjes", "Vraag over parkeren", "Klacht afgehandeld"],
}  # fmt: skip
CONTACT_NOTES = [
    "Huurder gewezen op de budgetcoach van de gemeente.",
    "Afgesproken dat we volgende week terugbellen.",
    "Informatie nagestuurd per e-mail.",
    "Huurder is tevreden over de afhandeling.",
]
DEVELOPMENTS = [
    # (days after the crisis start, title, description, expected effect, link)
    (
        0,
        "Energieprijzen stijgen sterk",
        "De prijzen van gas en stroom zijn in korte tijd sterk gestegen; nieuwe contracten zijn veel "
        "duurder.",
        "Meer huurders met zorgen over de energierekening en betalingsproblemen, vooral in slecht "
        "geïsoleerde woningen en bij lage inkomens.",
        "https://www.rijksoverheid.nl/onderwerpen/energie-thuis",
    ),
    (
        35,
        "Grote werkgever in de regio sluit",
        "Een distributiecentrum in de regio sluit; ongeveer 600 mensen verliezen hun baan.",
        "Inkomensdaling bij een deel van de huurders; betaalzorgen enkele maanden later.",
        "",
    ),
    (
        70,
        "Energietoeslag gemeente geopend",
        "Huishoudens met een laag inkomen kunnen een eenmalige energietoeslag aanvragen bij de gemeente.",
        "Minder acute energiezorgen bij wie de toeslag aanvraagt; veel huurders weten er nog niet van.",
        "https://www.rijksoverheid.nl/onderwerpen/energie-thuis/energietoeslag",
    ),
]


@dataclass(slots=True)
class HistoryCounts:
    contacts: int = 0
    signals: int = 0
    follow_up_cases: int = 0
    developments: int = 0
    tags: int = 0


def _cumulative(pairs) -> tuple[list, list[float]]:
    values, cum, total = [], [], 0.0
    for value, weight in pairs:
        total += weight
        values.append(str(value))
        cum.append(total)
    return values, cum


class HistoryWriter:
    """Simulates contacts and signals per household into row lists the generator writes and clears."""

    def __init__(self, calendar, rng, ids: dict, *, postgres: bool, prep_datetime):
        self.cal = calendar
        self.rng = rng
        self.today = calendar.today
        self.first_day = self.today - WINDOW_DAYS
        self.crisis_start = self.today - CRISIS_START_DAYS_AGO
        self.crisis_end = self.crisis_start + CRISIS_DAYS
        self.ids = ids  # "contact", "signal", "case", "case_event", "development": next ids
        self.suffix = "+00:00" if postgres else ""
        self.prep_datetime = prep_datetime
        self.contacts: list[tuple] = []
        self.signals: list[tuple] = []
        self.cases: list[tuple] = []
        self.case_events: list[tuple] = []
        self.tags: list[tuple] = []
        self.counts = HistoryCounts()
        self.vera_kind = {str(k): v for k, v in VERA_SIGNAL_KIND.items()}
        self.urgent = {str(u) for u in URGENT}
        self.labels = {str(c): str(c.label) for c in SignalCategory}
        self.channels, self.channel_cum = _cumulative(CHANNEL_WEIGHTS)
        self._days()
        self._tables()

    # ---- the calendar of the window ---------------------------------------------------------------
    def _days(self) -> None:
        amsterdam = zoneinfo.ZoneInfo(settings.TIME_ZONE)
        self.offset = []  # minutes Amsterdam is ahead of UTC, per day of the window
        self.intensity = []  # relative number of contacts per day
        self.kind = []  # index into the category tables: phase * 2 + winter
        for day in range(self.first_day, self.today + 1):
            date = dt.date.fromordinal(day)
            noon = dt.datetime(date.year, date.month, date.day, 12, tzinfo=amsterdam)
            self.offset.append(int(noon.utcoffset().total_seconds() // 60))
            phase = self.phase(day)
            winter = date.month in (11, 12, 1, 2)
            season = 1.15 if winter else 0.8 if date.month in (7, 8) else 1.0
            weekend = date.weekday() >= 5
            self.intensity.append(0.0 if weekend else season * PHASE_CONTACT_RATE[phase])
            self.kind.append(phase * 2 + winter)
        self.max_intensity = max(self.intensity)

    def phase(self, day: int) -> int:
        if day < self.crisis_start:
            return BEFORE
        if day < self.crisis_end:
            return CRISIS
        if day < self.crisis_end + AFTERMATH_DAYS:
            return AFTERMATH
        return BEFORE

    def _tables(self) -> None:
        """Cumulative category weights per profile and day kind (phase, winter)."""
        self.tables = {}
        for profile, weights in CATEGORY_WEIGHTS.items():
            per_kind = []
            for phase in (BEFORE, CRISIS, AFTERMATH):
                for winter in (False, True):
                    factors = PHASE_FACTORS[phase]
                    pairs = []
                    for category, weight in weights.items():
                        weight *= factors.get(category, 1.0)
                        if winter and category == S.ENERGY_COSTS:
                            weight *= WINTER_ENERGY
                        pairs.append((category, weight))
                    per_kind.append(_cumulative(pairs))
            self.tables[profile] = per_kind

    def _future(self, day: int) -> str:
        """17:00 Amsterdam time on a day after the window (a deadline after today), as a UTC string."""
        date = dt.date.fromordinal(day)
        local = dt.datetime(date.year, date.month, date.day, 17, tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))
        return f"{local.astimezone(dt.UTC):%Y-%m-%d %H:%M:%S}{self.suffix}"

    def stamp(self, day: int, minute: int, second: int) -> str:
        """A UTC datetime string for `minute` past local midnight of `day` (never crosses midnight)."""
        hours, minutes = divmod(minute - self.offset[day - self.first_day], 60)
        return f"{self.cal.iso(day)} {hours:02d}:{minutes:02d}:{second:02d}{self.suffix}"

    # ---- developments ------------------------------------------------------------------------------
    def developments(self, now: dt.datetime) -> list[tuple]:
        """Development rows (id, title, date, description, expected_effect, link, created_at)."""
        rows = []
        first = self.ids["development"]
        for offset, title, description, effect, link in DEVELOPMENTS:
            day = self.crisis_start + offset
            recorded = dt.datetime.combine(dt.date.fromordinal(day + 2), dt.time(10), tzinfo=dt.UTC)
            rows.append((first + len(rows), title, self.cal.iso(day), description, effect, link,
                         self.prep_datetime(min(recorded, now))))  # fmt: skip
        # The yearly rent increase on 1 July, the most recent one in the window.
        today = dt.date.fromordinal(self.today)
        july = dt.date(today.year if today >= dt.date(today.year, 7, 1) else today.year - 1, 7, 1)
        rows.append((
            first + len(rows), "Huurverhoging 1 juli", july.isoformat(),
            "De jaarlijkse huurverhoging gaat in; huurders kregen in het voorjaar hun brief.",
            "Vragen over de nieuwe huur en bezwaren; bij krappe budgetten iets meer betaalzorgen.",
            "https://www.rijksoverheid.nl/onderwerpen/huurwoning-zoeken/huurverhoging",
            self.prep_datetime(dt.datetime.combine(july - dt.timedelta(days=60), dt.time(10), tzinfo=dt.UTC)),
        ))  # fmt: skip
        self.energy_development = first
        self.employer_development = first + 1
        self.employer_day = self.crisis_start + DEVELOPMENTS[1][0]
        self.counts.developments = len(rows)
        return rows

    # ---- per household -----------------------------------------------------------------------------
    def household(self, household_id: int, segments: list, composition_elderly: bool, behaviour) -> None:
        """`segments`: (first day, last day, neighbourhood id) the household lived with the corporation."""
        rng = self.rng
        random = rng.random
        parts = []
        total = 0
        for start, end, neighbourhood_id in segments:
            lo, hi = max(start, self.first_day), min(end, self.today)
            if hi >= lo:
                parts.append((total, lo, hi, neighbourhood_id))
                total += hi - lo + 1
        if not total:
            return
        archetype = behaviour.archetype
        if archetype in (CHRONIC, SHOCK) or (archetype == SOMETIMES_LATE and random() < 0.4):
            profile = PAYMENT_TROUBLE
        elif composition_elderly:
            profile = ELDERLY
        else:
            profile = ORDINARY
        mean = CONTACTS_PER_TWO_YEARS * PROFILE_RATE[profile] * total / (WINDOW_DAYS + 1)
        count = int(rng.gammavariate(2.0, mean / 2.0) + random())

        def place(x: int) -> tuple[int, int]:
            for offset, lo, _hi, neighbourhood_id in reversed(parts):
                if x >= offset:
                    return lo + x - offset, neighbourhood_id
            raise AssertionError("unreachable")

        intensity, top = self.intensity, self.max_intensity
        first_day = self.first_day
        for _ in range(count):
            while True:
                day, neighbourhood_id = place(int(random() * total))
                if random() * top < intensity[day - first_day]:
                    break
            self._contact(household_id, day, neighbourhood_id, profile, None)

        # A payment shock inside the window: the tenant reports the income drop, then payment worries.
        if archetype == SHOCK and behaviour.shock_month >= 0:
            shock_day = self.cal.month_start[behaviour.shock_month]
            for delay, category in ((3 + int(random() * 20), S.INCOME_DROP), (30 + int(random() * 30), None)):
                day = shock_day + delay
                weekday = dt.date.fromordinal(day).weekday()
                if weekday >= 5:
                    day += 7 - weekday
                for _offset, lo, hi, neighbourhood_id in parts:
                    if lo <= day <= hi:
                        self._contact(household_id, day, neighbourhood_id, profile,
                                      category or S.PAYMENT_WORRIES)  # fmt: skip
                        break

    def _contact(self, household_id: int, day: int, neighbourhood_id, profile: int, forced) -> None:
        rng = self.rng
        random = rng.random
        contact_id = self.ids["contact"]
        self.ids["contact"] += 1
        outgoing = random() < 0.22
        reached = random() < (0.7 if outgoing else 0.97)
        categories = []
        if forced is not None:
            categories.append(str(forced))
            reached = True
        elif reached:
            x = random()
            n = 0 if x < 0.17 else 1 if x < 0.8 else 2
            values, cum = self.tables[profile][self.kind[day - self.first_day]]
            for _ in range(n):
                category = values[bisect(cum, random() * cum[-1])]
                if category not in categories:
                    categories.append(category)
        main = categories[0] if categories else ""
        process = str(self._process(main, outgoing, random))
        channel = (
            PHONE
            if outgoing and random() < 0.85
            else self.channels[bisect(self.channel_cum, random() * self.channel_cum[-1])]
        )
        subjects = SUBJECTS[process]
        at = self.stamp(day, 510 + int(random() * 510), int(random() * 60))
        self.contacts.append((
            contact_id, household_id, at, channel, OUTGOING if outgoing else INCOMING, process,
            subjects[int(random() * len(subjects))], REACHED if reached else NOT_REACHED,
            CONTACT_NOTES[int(random() * len(CONTACT_NOTES))] if random() < 0.08 else "",
        ))  # fmt: skip
        self.counts.contacts += 1
        week_start = self.cal.iso(day - dt.date.fromordinal(day).weekday())
        age = self.today - day
        for category in categories:
            self._signal(
                household_id, contact_id, category, day, at, week_start, neighbourhood_id, process, age
            )

    @staticmethod
    def _process(category: str, outgoing: bool, random) -> str:
        if outgoing:
            if category in (S.PAYMENT_WORRIES, S.INCOME_DROP):
                return P.PAYMENT_HELP if random() < 0.5 else P.PROACTIVE
            return P.PROACTIVE if random() < 0.5 else P.CALLBACK
        x = random()
        if category in (S.PAYMENT_WORRIES, S.INCOME_DROP):
            return P.PAYMENT_HELP if x < 0.55 else P.TELEPHONY
        if category == S.DWELLING or (not category and x < 0.3):
            return P.REPAIR if x < 0.75 else P.TELEPHONY
        if category == S.NUISANCE:
            return P.NUISANCE if x < 0.7 else P.TELEPHONY
        return P.TELEPHONY if x < 0.65 else P.CALLBACK if x < 0.8 else P.GENERAL

    def _signal(
        self, household_id, contact_id, category, day, at, week_start, neighbourhood_id, process, age
    ):
        random = self.rng.random
        signal_id = self.ids["signal"]
        self.ids["signal"] += 1
        positive = category == S.POSITIVE
        if positive:
            urgency = LOW
        else:
            x = random()
            urgency = LOW if x < 0.55 else MEDIUM if x < 0.85 else HIGH if x < 0.97 else ACUTE
        urgent = urgency in self.urgent
        follow_up = random() < (0.45 if urgent else 0.1 if urgency == MEDIUM else 0.0)
        # Recent signals are still active; older ones were dealt with (passive) or lapsed.
        if age < 42 or (age < 120 and random() < 0.3):
            status, end_date = ACTIVE, None
        else:
            status = PASSIVE if random() < 0.6 else EXPIRED
            end_date = self.cal.iso(min(day + 14 + int(random() * 90), self.today - 1))
        self.signals.append((
            signal_id, household_id, contact_id, category, self.vera_kind.get(category, ""),
            POSITIVE if positive else CONCERN, urgency, follow_up, at if follow_up else None, "",
            status, end_date, at, week_start, neighbourhood_id, process,
        ))  # fmt: skip
        self.counts.signals += 1
        if urgent and follow_up:
            case_id = self.ids["case"]
            self.ids["case"] += 1
            date = dt.date.fromordinal(day)
            done = age > 21
            due_day = follow_up_due(urgency, date).toordinal()
            due_at = self.stamp(due_day, 17 * 60, 0) if due_day <= self.today else self._future(due_day)
            team = str(owning_team(category))
            label = (
                "Opvolging signaal" if category in SPECIAL else f"Opvolging signaal: {self.labels[category]}"
            )
            priority = int(Priority.URGENT if urgency == ACUTE else Priority.HIGH)
            self.cases.append((
                case_id, household_id, SIGNAL_CASE, team, priority, CASE_DONE if done else CASE_NEW, not done,
                HELPED if done else "", "signaal", label, due_at, at, due_at if done else None, signal_id,
            ))  # fmt: skip
            self.case_events.append((self.ids["case_event"], case_id, at, EVENT_CREATED, "", CASE_NEW, label))
            self.ids["case_event"] += 1
            if done:
                self.case_events.append(
                    (self.ids["case_event"], case_id, due_at, EVENT_STATUS, CASE_NEW, CASE_DONE, "Geholpen")
                )
                self.ids["case_event"] += 1
            self.counts.follow_up_cases += 1
        if category == S.ENERGY_COSTS and self.crisis_start <= day < self.crisis_end + AFTERMATH_DAYS:
            if random() < 0.4:
                self.tags.append((signal_id, self.energy_development))
                self.counts.tags += 1
        elif (
            category == S.INCOME_DROP and self.employer_day <= day < self.employer_day + 90 and random() < 0.2
        ):
            self.tags.append((signal_id, self.employer_development))
            self.counts.tags += 1
