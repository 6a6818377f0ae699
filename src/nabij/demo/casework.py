"""Today's casework for the demo corporation: queues with cases in every state, callbacks booked for today
(and a few overdue from the previous working day), contact attempts and a couple of dunning pauses; the
referral partners, call scripts, an arrangement, a referral, a handful of vroegsignalering candidates and
the precomputed outreach list.

Made through casework.services (the real rules: SLA, slots, state machine) with the clock set to moments
in the last two working weeks, so the result only depends on the seed and today's date. The cases are
assigned to the demo staff (demo.users), which this creates when they are not there yet.
"""

import datetime as dt
import random
from dataclasses import dataclass

from django.contrib.auth.models import User

from nabij.casework import services
from nabij.casework.models import CaseKind, CaseOutcome, CaseStatus, PartnerKind
from nabij.contacts.models import Outcome, Team
from nabij.core import workdays
from nabij.core.clock import frozen_clock, is_working_day
from nabij.demo.users import create_demo_users
from nabij.tenants.models import Tenancy

TEAM_USER = {
    Team.CUSTOMER_CONTACT: "klantadviseur",
    Team.COLLECTION: "incasso",
    Team.NEIGHBOURHOOD: "wijkconsulent",
}
# (kind, team, share of the non-callback cases)
MIX = (
    (CaseKind.PAYMENT_HELP, Team.COLLECTION, 0.35),
    (CaseKind.PROACTIVE, Team.CUSTOMER_CONTACT, 0.30),
    (CaseKind.REFERRAL, Team.NEIGHBOURHOOD, 0.15),
    (CaseKind.PROACTIVE, Team.COLLECTION, 0.10),
    (CaseKind.EARLY_SIGNAL, Team.COLLECTION, 0.10),
)
SUMMARIES = {
    CaseKind.PAYMENT_HELP: (
        "Vraagt om een betalingsregeling",
        "Huur twee maanden niet betaald",
        "Wil hulp bij geldzaken",
    ),
    CaseKind.PROACTIVE: (
        "Bellen: eerste achterstand",
        "Bellen na gemiste betaling",
        "Even vragen hoe het gaat",
    ),
    CaseKind.REFERRAL: ("Doorverwijzen naar schuldhulp", "Warme overdracht sociaal wijkteam"),
    CaseKind.EARLY_SIGNAL: ("Vroegsignaal voorbereiden", "Voorwaarden vroegsignalering nagaan"),
}


@dataclass
class CaseworkCounts:
    cases: int = 0
    callbacks: int = 0
    dunning_pauses: int = 0
    arrangements: int = 0
    referrals: int = 0
    early_signal_cases: int = 0
    outreach: int = 0


def _working_days_back(today: dt.date, count: int) -> list[dt.date]:
    days, day = [], today
    while len(days) < count:
        day -= dt.timedelta(days=1)
        if is_working_day(day):
            days.append(day)
    return days


def seed_casework(units: int, seed: int, today: dt.date) -> CaseworkCounts:
    rng = random.Random(f"{seed}:casework")
    counts = CaseworkCounts()
    create_demo_users()
    staff = {team: User.objects.get(username=username) for team, username in TEAM_USER.items()}
    tenancies = list(
        Tenancy.objects.filter(end_date__isnull=True).order_by("id").values_list("id", "household_id")
    )
    if not tenancies:
        return counts
    total = min(400, max(30, units // 25))
    picked = rng.sample(tenancies, min(len(tenancies), total + 60))
    by_id = {
        t.pk: t for t in Tenancy.objects.filter(pk__in=[p[0] for p in picked]).select_related("household")
    }
    chosen = [by_id[pk] for pk, _household in picked]
    workday = today if is_working_day(today) else workdays.next_working_day(today)
    earlier = _working_days_back(workday, 10)

    # Callbacks: today's (booked this morning at 08:00) and a few from the previous working day, overdue.
    n_today, n_overdue = max(6, total // 8), max(2, total // 40)
    for index in range(n_today + n_overdue):
        day = workday if index < n_today else earlier[0]
        with frozen_clock(workdays.at(day, dt.time(8, rng.randint(0, 59)))):
            services.book_callback(
                household=chosen.pop().household,
                source=rng.choice(("klik-actie", "klik-actie", "telefoon")),
                phone_note=rng.choice(("", "", "Liefst na de lunch", "Bel het mobiele nummer")),
            )
        counts.callbacks += 1
        counts.cases += 1

    # Other cases, opened over the last two working weeks (some are overdue by now), in every state.
    for index in range(total - n_today - n_overdue):
        if not chosen:
            break
        tenancy = chosen.pop()
        x, pick = rng.random(), MIX[-1]
        for entry in MIX:
            if x < entry[2]:
                pick = entry
                break
            x -= entry[2]
        kind, team, _share = pick
        opened = workdays.at(rng.choice(earlier), dt.time(rng.randint(9, 16), rng.randint(0, 59)))
        with frozen_clock(opened):
            case = services.open_case(
                household=tenancy.household,
                tenancy=tenancy,
                kind=kind,
                team=team,
                source=rng.choice(("medewerker", "signaal", "klik-actie")),
                summary=rng.choice(SUMMARIES[kind]),
            )
        counts.cases += 1
        _advance(case, staff[team], opened, STATE_CYCLE[index % len(STATE_CYCLE)], rng)
        if kind == CaseKind.PAYMENT_HELP and counts.dunning_pauses < 3 and case.is_open:
            with frozen_clock(opened + dt.timedelta(minutes=30)):
                services.start_dunning_pause(
                    tenancy=tenancy, reason="Betalingsregeling in de maak", case=case, actor=staff[team]
                )
            counts.dunning_pauses += 1
    _seed_actions(rng, staff, workday, earlier, counts)
    return counts


PARTNERS = (
    ("Schuldhulpverlening {city}", PartnerKind.DEBT_HELP),
    ("Sociaal team {city}", PartnerKind.SOCIAL_TEAM),
    ("Wijkteam {city}", PartnerKind.NEIGHBOURHOOD_TEAM),
)
CALL_SCRIPTS = {
    CaseKind.PROACTIVE: (
        "Fijn dat ik u spreek. We bellen iedereen bij wie de huur even achterloopt: dat kan iedereen "
        "overkomen, en we denken graag mee.",
        "Vraag hoe het gaat en of er iets veranderd is (werk, gezin, gezondheid). Wijs op toeslagen en "
        "gratis hulp bij geldzaken van de gemeente.",
        "Stel een betalingsregeling voor of, met toestemming, een warme overdracht naar schuldhulp.",
    ),
    CaseKind.PAYMENT_HELP: (
        "Goed dat u contact zoekt. Samen kijken we wat haalbaar is.",
        "Neem de vaste lasten en het inkomen door; een regeling moet vol te houden zijn.",
        "Leg de regeling vast (termijnen, bedrag, startdatum) en zet zo nodig de incasso even stil.",
    ),
    CaseKind.EARLY_SIGNAL: (
        "We maken ons zorgen en willen u helpen voordat het groter wordt.",
        "Vertel dat de gemeente gratis helpt bij schulden, en dat we uw gegevens alleen doorgeven als u "
        "geen bezwaar maakt.",
        "Leg vast dat u op schuldhulp hebt gewezen; noteer een bezwaar als de huurder dat heeft.",
    ),
}


def _seed_actions(rng: random.Random, staff: dict, workday: dt.date, earlier: list, counts) -> None:
    """Partners, call scripts, an arrangement, a referral, a handful of vroegsignalering candidates and
    the precomputed outreach list."""
    from nabij.casework import early_signals
    from nabij.casework.models import ArrangementStatus, Case, CaseStatus, Partner
    from nabij.casework.outreach import refresh_outreach_list
    from nabij.contacts.models import Direction
    from nabij.ledger.models import Booking

    current = Tenancy.objects.filter(end_date__isnull=True)
    cities = sorted(set(current.values_list("unit__city", flat=True)))[:3]
    partners = []
    for city in cities or ["de gemeente"]:
        for name, kind in PARTNERS:
            partner, _created = Partner.objects.get_or_create(
                name=name.format(city=city), defaults={"kind": kind, "municipality": city}
            )
            partners.append(partner)
    with frozen_clock(workdays.at(earlier[-1], dt.time(8, 0))):
        for kind, (empathy, advice, action) in CALL_SCRIPTS.items():
            services.save_call_script(kind, empathy=empathy, advice=advice, action=action)
    collector = staff[Team.COLLECTION]
    open_help = list(
        Case.objects.filter(
            kind=CaseKind.PAYMENT_HELP, status=CaseStatus.IN_PROGRESS, tenancy__isnull=False, owner=collector
        ).order_by("id")[:2]
    )
    if open_help:
        with frozen_clock(workdays.at(workday, dt.time(8, 30))):
            services.record_arrangement(
                open_help[0],
                status=ArrangementStatus.ACTIVE,
                instalment_count=6,
                instalment_cents=rng.choice((5000, 7500, 10000)),
                start_date=workdays.next_working_day(workday).replace(day=1) + dt.timedelta(days=31),
                actor=collector,
            )
            counts.arrangements += 1
    if len(open_help) > 1:
        with frozen_clock(workdays.at(workday, dt.time(8, 45))):
            services.refer(
                open_help[1],
                partner=partners[0],
                consent_given_by="Hoofdhuurder (telefonisch)",
                consent_purpose="Naam, telefoonnummer en achterstand delen met de schuldhulpverlening",
                handover_note="Inkomen gedaald na ontslag; graag bellen na 14:00.",
                actor=collector,
            )
            counts.referrals += 1
    # Vroegsignalering: tenancies whose latest reminder is 35-90 days old and who still owe.
    low, high = 35, 90
    recent = (
        Booking.objects.filter(
            detail_kind="AAN",
            booking_date__gte=workday - dt.timedelta(days=high),
            booking_date__lte=workday - dt.timedelta(days=low),
        )
        .order_by("tenancy_id")
        .values_list("tenancy_id", flat=True)
        .distinct()[:40]
    )
    tenancies = list(current.filter(pk__in=list(recent)).select_related("household"))
    for index, tenancy in enumerate(tenancies[:6]):
        moment = workdays.at(earlier[index % len(earlier)], dt.time(10, 0))
        with frozen_clock(moment):
            case = services.open_case(
                household=tenancy.household,
                tenancy=tenancy,
                kind=CaseKind.EARLY_SIGNAL,
                team=Team.COLLECTION,
                source="medewerker",
                summary="Voorwaarden vroegsignalering nagaan",
            )
            services.assign(case, collector, actor=collector)
            if index != 4:  # one still misses the personal contact
                services.log_attempt(
                    case, collector, direction=Direction.OUTGOING, note="Gebeld over de achterstand"
                )
            early_signals.record_step(tenancy, "schuldhulp_gewezen", actor=collector, case=case)
            if index == 5:  # one objected: never reported
                early_signals.record_step(tenancy, "bezwaar", actor=collector, case=case)
        counts.early_signal_cases += 1
        counts.cases += 1
    with frozen_clock(workdays.at(workday, dt.time(7, 0))):
        counts.outreach = refresh_outreach_list()


# What happens to the n-th non-callback case: a cycle, so even a small demo has every state.
STATE_CYCLE = (
    "nieuw", "in_behandeling", "nieuw", "wacht_op_huurder", "afgerond", "nieuw",
    "in_behandeling", "wacht_op_partner", "nieuw", "vervallen", "in_behandeling", "niet_bereikt",
)  # fmt: skip


def _advance(case, user, opened: dt.datetime, step: str, rng: random.Random) -> None:
    """Take the case up (assign, one contact attempt or three unanswered ones) and move it to `step`."""
    if step == "nieuw":
        return
    moment = opened + dt.timedelta(minutes=rng.randint(20, 120))
    with frozen_clock(moment):
        services.assign(case, user, actor=user)
    not_reached = step == "niet_bereikt"
    for attempt in range(3 if not_reached else 1):
        with frozen_clock(moment + dt.timedelta(hours=attempt + 1)):
            services.log_attempt(
                case,
                user,
                outcome=Outcome.NOT_REACHED if not_reached or rng.random() < 0.3 else Outcome.REACHED,
                note="" if rng.random() < 0.6 else "Voicemail ingesproken",
            )
    case.refresh_from_db()
    with frozen_clock(moment + dt.timedelta(hours=4)):
        if step == "wacht_op_huurder":
            services.change_status(case, CaseStatus.WAITING_TENANT, actor=user, note="Stuurt loonstroken op")
        elif step == "wacht_op_partner":
            services.change_status(case, CaseStatus.WAITING_PARTNER, actor=user, note="Wacht op schuldhulp")
        elif step == "afgerond":
            outcome = rng.choice(
                (
                    CaseOutcome.ARRANGEMENT,
                    CaseOutcome.REFERRED,
                    CaseOutcome.HELPED,
                    CaseOutcome.NO_HELP_NEEDED,
                )
            )
            services.change_status(case, CaseStatus.DONE, actor=user, outcome=outcome)
        elif step == "vervallen":
            services.change_status(case, CaseStatus.CANCELLED, actor=user, note="Dubbel aangemaakt")
        elif step == "niet_bereikt":
            services.change_status(case, CaseStatus.DONE, actor=user, outcome=CaseOutcome.NOT_REACHED)
