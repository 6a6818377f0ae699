"""Five years of rent charges and payments for demo tenancies, from payment-behaviour archetypes.

Every household gets one archetype:

- on time (~70 %): pays every month before or on the 1st (direct debit around the end of the
  previous month, transfers in the days before);
- sometimes late (~15 %): now and then pays a few weeks late (a reversed direct debit, a forgotten
  transfer);
- chronically late (~8 %): pays most months weeks late, skips or pays part of a month now and then
  and catches up later, so it often carries about a month of arrears;
- shock (~7 %): pays on time until a job loss or illness; then pays little or nothing for a few
  months, so arrears grow. Afterwards most agree a payment arrangement (most are kept, some are
  broken), some catch up on their own, and the most recent ones are still stuck.

A reminder (charge with detail kind AAN) follows when, two weeks after the due date, the tenant
owes about a month of rent or more (not while an arrangement is being paid off); from the third
reminder in a row it carries a small fee.

The simulation works on day numbers (`date.toordinal()`) and emits plain tuples in the column
order of `BOOKING_COLUMNS`, with dates as ISO strings looked up from a table: at ~10 million rows
for 80,000 units, date objects and per-row ORM instances would dominate the run time.
"""

import datetime as dt
import math
from dataclasses import dataclass

BOOKING_COLUMNS = (
    "tenancy",
    "kind",
    "detail_kind",
    "booking_date",
    "due_date",
    "amount_cents",
    "description",
)
ARRANGEMENT_COLUMNS = (
    "id",
    "id_extern",
    "tenancy",
    "status",
    "agreed_on",
    "start_date",
    "end_date",
    "amount_cents",
    "instalment_count",
    "end_reason",
)

ON_TIME, SOMETIMES_LATE, CHRONIC, SHOCK = range(4)
ARCHETYPE_CUM_WEIGHTS = [70, 85, 93, 100]

# What happened after a shock.
ARRANGEMENT, SELF_RECOVERY, STUCK = range(3)

YEARLY_RENT_INCREASE = 0.03  # on 1 July; only used to make older charges a little lower
MONTH_NAMES = [
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
]  # fmt: skip
REMINDER_FEE_CENTS = 500


class Calendar:
    """The months of the ledger window and a day-number → ISO-date table."""

    def __init__(self, today: dt.date, years: int = 5):
        self.today = today.toordinal()
        first = dt.date(today.year - years, today.month, 1)
        starts = []
        year, month = first.year, first.month
        while dt.date(year, month, 1) <= today:
            starts.append(dt.date(year, month, 1))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        self.window_start = starts[0].toordinal()
        self.month_start = [d.toordinal() for d in starts]
        self.month_days = [
            (dt.date(d.year + d.month // 12, d.month % 12 + 1, 1) - d).days for d in starts
        ]  # days in each month
        self.month_label = [f"Huur {MONTH_NAMES[d.month - 1]} {d.year}" for d in starts]
        # Rent in month i = current rent / 1.03 ** (number of 1 July increases since then).
        self.rent_factor = []
        for d in starts:
            increases = sum(1 for y in range(d.year, today.year + 1) if d < dt.date(y, 7, 1) <= today)
            self.rent_factor.append(1 / (1 + YEARLY_RENT_INCREASE) ** increases)
        self.base = self.window_start - 120
        self._iso = [dt.date.fromordinal(o).isoformat() for o in range(self.base, self.today + 400)]
        self.months = len(starts)

    def iso(self, day: int) -> str:
        return self._iso[day - self.base]

    def month_index(self, day: int) -> int:
        """Index of the month containing `day` (clamped to the window)."""
        if day < self.window_start:
            return 0
        date = dt.date.fromordinal(day)
        first = dt.date.fromordinal(self.window_start)
        return min((date.year - first.year) * 12 + date.month - first.month, self.months - 1)

    def rent_in_month(self, rent_now: int, i: int) -> int:
        return round(rent_now * self.rent_factor[i])


@dataclass(slots=True)
class Behaviour:
    """How one household pays; fixed for all its tenancies."""

    archetype: int
    direct_debit: bool
    late_share: float = 0.0  # sometimes late: share of months paid late
    lateness: int = 0  # chronic: typical days late
    shock_month: int = -1
    shock_months: int = 0
    shock_fraction: float = 0.0  # share of the rent still paid during the shock
    outcome: int = ARRANGEMENT


def choose_behaviour(rng, months: int) -> Behaviour:
    x = rng.random() * 100
    archetype = next(a for a, limit in enumerate(ARCHETYPE_CUM_WEIGHTS) if x < limit)
    if archetype == ON_TIME:
        return Behaviour(ON_TIME, direct_debit=rng.random() < 0.66)
    if archetype == SOMETIMES_LATE:
        return Behaviour(SOMETIMES_LATE, rng.random() < 0.55, late_share=0.06 + 0.10 * rng.random())
    if archetype == CHRONIC:
        return Behaviour(CHRONIC, rng.random() < 0.25, lateness=8 + int(rng.random() * 20))
    shock_month = int(rng.random() * (months - 1))
    length = 2 + int(rng.random() * 6)
    after = months - 1 - (shock_month + length)  # whole months since the shock ended
    if after < 0:
        outcome = STUCK  # still in the middle of it
    elif after <= 9 and rng.random() < 0.35:
        outcome = STUCK
    else:
        outcome = ARRANGEMENT if rng.random() < 0.65 else SELF_RECOVERY
    fraction = 0.0 if rng.random() < 0.35 else 0.2 + 0.5 * rng.random()
    return Behaviour(
        SHOCK,
        rng.random() < 0.55,
        shock_month=shock_month,
        shock_months=length,
        shock_fraction=fraction,
        outcome=outcome,
    )


@dataclass(slots=True)
class LedgerOutcome:
    arrears_cents: int  # owed today
    arrangement_active: bool
    written_off: bool


class LedgerWriter:
    """Simulates tenancies into `rows` (bookings) and `arrangements` (payment arrangements)."""

    def __init__(self, calendar: Calendar, rng, first_arrangement_id: int = 1):
        self.cal = calendar
        self.rng = rng
        self.rows: list[tuple] = []
        self.arrangements: list[list] = []  # mutable: statuses are settled at the end
        self.next_arrangement_id = first_arrangement_id

    def tenancy(
        self, tenancy_id: int, rent_now: int, start: int, end: int | None, b: Behaviour
    ) -> LedgerOutcome:
        """Simulate one tenancy; `start`/`end` are day numbers, `end` None while it runs."""
        cal, rng, rows = self.cal, self.rng, self.rows
        iso = cal.iso
        today = cal.today
        last_day = today if end is None else min(end, today)
        if last_day < cal.window_start or start > today:
            return LedgerOutcome(0, False, False)
        first_i = cal.month_index(max(start, cal.window_start))
        last_i = cal.month_index(last_day)
        append = rows.append
        random = rng.random

        balance = 0  # owed at the last settle point
        projected = 0  # owed once every scheduled payment has landed
        pending: list[tuple[int, int]] = []  # (day, change of what is owed) not yet settled
        streak = 0  # reminders in a row
        arrangement = None  # [row as list, instalment, paid, broken_after, frozen]
        direct_debit = b.direct_debit
        # A shock hits tenants who have lived here a while; a brand-new tenancy starts normally.
        shock_here = b.archetype == SHOCK and first_i + 3 <= b.shock_month <= last_i
        shock_end = b.shock_month + b.shock_months

        def pay(day: int, amount: int, detail: str = "BAN", text: str = "Overboeking") -> None:
            nonlocal projected
            if amount <= 0:
                return
            projected -= amount
            pending.append((day, -amount))
            if day <= today:
                append((tenancy_id, "ONT", detail, iso(day), None, amount, text))

        def bounced_debit(day: int, amount: int) -> None:
            """A direct debit the bank reverses a few days later (storno)."""
            pending.append((day, -amount))
            pending.append((day + 4, amount))
            if day <= today:
                append((tenancy_id, "ONT", "BAN", iso(day), None, amount, "Automatische incasso"))
            if day + 4 <= today:
                append((tenancy_id, "VOR", "STO", iso(day + 4), None, amount, "Storno automatische incasso"))

        def on_time(due: int, rent: int, first_month: bool) -> None:
            if direct_debit:
                day = due + 1 + int(random() * 3) if first_month else due - 1 - int(random() * 4)
                pay(day, rent, "BAN", "Automatische incasso")
            else:
                if first_month:
                    day = due + int(random() * 5)
                elif random() < 0.9:
                    day = due - int(random() * 9)
                else:
                    day = due + 1 + int(random() * 4)
                pay(day, max(projected, 0))

        for i in range(first_i, last_i + 1):
            m0 = cal.month_start[i]
            rent_full = round(rent_now * cal.rent_factor[i])
            if start > m0:
                due = start
                rent = rent_full * (m0 + cal.month_days[i] - start) // cal.month_days[i]
            else:
                due, rent = m0, rent_full
            first_month = i == first_i and start >= cal.window_start
            append((tenancy_id, "VOR", "PRO", iso(due), iso(due), rent, cal.month_label[i]))
            projected += rent
            balance += rent

            archetype = b.archetype
            if archetype == SHOCK and shock_here and i >= b.shock_month:
                if i < shock_end:
                    if direct_debit and i < b.shock_month + 2:
                        bounced_debit(due - 1 - int(random() * 4), rent)
                    if b.shock_fraction:
                        part = int(rent * b.shock_fraction * (0.6 + 0.8 * random()))
                        pay(due + 5 + int(random() * 25), min(part, max(projected, 0)))
                elif b.outcome == ARRANGEMENT:
                    if i == shock_end:
                        arrangement = self._start_arrangement(tenancy_id, projected - rent, m0, rent_full)
                    on_time(due, rent, False)
                    if arrangement is not None and arrangement[3] > arrangement[2]:
                        arrangement[2] += 1
                        day = due + 2 + int(random() * 7)
                        pay(day, min(arrangement[1], max(projected, 0)), "BRT", "Termijn betalingsregeling")
                        arrangement[5] = day
                elif b.outcome == SELF_RECOVERY:
                    on_time(due, rent, False)
                    extra = min(projected, int(rent * (0.25 + 0.35 * random())))
                    pay(due + 3 + int(random() * 10), extra, "BAN", "Overboeking achterstand")
                else:  # stuck: pays part of the rent, late
                    pay(due + 5 + int(random() * 25), int(rent * (0.5 + 0.45 * random())))
            elif archetype in (ON_TIME, SHOCK):
                on_time(due, rent, first_month)
            elif archetype == SOMETIMES_LATE:
                if random() < b.late_share:
                    if direct_debit:
                        bounced_debit(due - 1 - int(random() * 4), rent)
                    pay(due + 10 + int(random() * 35), max(projected, 0))
                else:
                    on_time(due, rent, first_month)
            elif direct_debit and random() < 0.4:  # chronic, but this month's direct debit went through
                on_time(due, rent, first_month)
            else:  # chronic
                if direct_debit:
                    bounced_debit(due - 1 - int(random() * 4), rent)
                x = random()
                day = due + max(1, b.lateness + int((random() - 0.5) * 24))
                if x < 0.12:
                    pass  # skipped; paid with a later month
                elif x < 0.22:
                    pay(day, int(max(projected, 0) * (0.4 + 0.5 * random())))
                else:
                    pay(day, max(projected, 0))

            check = m0 + 14
            if check <= today and (end is None or check <= end):
                if pending:
                    keep = []
                    for day, change in pending:
                        if day <= check:
                            balance += change
                        else:
                            keep.append((day, change))
                    pending = keep
                # No reminders while a payment arrangement is being paid off.
                arranged = arrangement is not None and arrangement[2] < arrangement[3]
                if balance * 20 >= rent_full * 19 and not arranged:  # about a month of rent or more
                    streak += 1
                    if streak >= 3:
                        text, fee = "Aanmaning (incl. administratiekosten)", REMINDER_FEE_CENTS
                    else:
                        text, fee = "Betalingsherinnering", 0
                    append((tenancy_id, "VOR", "AAN", iso(check), None, fee, text))
                    balance += fee
                    projected += fee
                else:
                    streak = 0

        written_off = False
        if end is not None and end <= today:
            # Final statement: a bill for repairs after the tenant left, usually paid.
            if random() < 0.25 and end + 30 <= today:
                bill = 2500 + int(random() * 37500)
                append((tenancy_id, "VOR", "EIN", iso(end + 30), iso(end + 44), bill, "Eindafrekening"))
                projected += bill
                pending.append((end + 44, bill))
                if random() < 0.65:
                    pay(end + 35 + int(random() * 50), bill, "BAN", "Betaling eindafrekening")
            owed = projected - sum(change for day, change in pending if day > today)
            if owed > 0 and end + 180 <= today and random() < 0.5:
                written_off = True
                pay(end + 180, owed, "AFB", "Afboeking oninbare vordering")

        for day, change in pending:
            if day <= today:
                balance += change

        active = False
        if arrangement is not None:
            active = self._finish_arrangement(arrangement, end)
        elif (
            b.archetype == SHOCK
            and b.outcome == STUCK
            and shock_here
            and end is None
            and today - cal.month_start[b.shock_month] > 45
            and balance > 0
            and random() < 0.35
        ):
            self._requested_arrangement(tenancy_id, balance)
        return LedgerOutcome(balance, active, written_off)

    def _start_arrangement(self, tenancy_id: int, debt: int, m0: int, rent: int):
        rng = self.rng
        if debt < rent // 2:
            return None
        target = 4000 + int(rng.random() * 11000)
        count = min(24, max(3, math.ceil(debt / target)))
        instalment = -(-debt // count)
        frozen = rng.random() < 0.05  # payments suspended halfway, e.g. during a new setback
        if frozen:
            will_pay = max(1, count // 2)
        elif rng.random() < 0.8:
            will_pay = count
        else:  # broken after a few instalments
            will_pay = 1 + int(rng.random() * (count - 1))
        agreed = m0 - 3 - int(rng.random() * 15)
        row = [
            self.next_arrangement_id,
            f"BR-{self.next_arrangement_id:07d}",
            tenancy_id,
            "ACT",
            self.cal.iso(agreed),
            self.cal.iso(m0),
            None,
            debt,
            count,
            "",
        ]
        self.next_arrangement_id += 1
        self.arrangements.append(row)
        # row, instalment, paid so far, instalments that will be paid, frozen, last payment day
        return [row, instalment, 0, will_pay, frozen, m0]

    def _finish_arrangement(self, arrangement, end: int | None) -> bool:
        row, _, paid, will_pay, frozen, last_day = arrangement
        count = row[8]
        if paid >= count:
            row[3], row[6], row[9] = "BEE", self.cal.iso(last_day), "Volledig afgelost"
            return False
        if end is not None:
            row[3], row[6], row[9] = "ANN", self.cal.iso(min(end, self.cal.today)), "Huur opgezegd"
            return False
        if paid >= will_pay and last_day + 45 <= self.cal.today:
            if frozen:
                row[3] = "BEV"
                return True
            row[3], row[6], row[9] = "ANN", self.cal.iso(last_day + 45), "Niet nagekomen"
            return False
        return True  # still running: ACT

    def _requested_arrangement(self, tenancy_id: int, debt: int) -> None:
        start = dt.date.fromordinal(self.cal.today)
        start = dt.date(start.year + start.month // 12, start.month % 12 + 1, 1).toordinal()
        count = min(24, max(3, math.ceil(debt / 7500)))
        self.arrangements.append(
            [
                self.next_arrangement_id,
                f"BR-{self.next_arrangement_id:07d}",
                tenancy_id,
                "AAN",
                None,
                self.cal.iso(start),
                None,
                debt,
                count,
                "",
            ]
        )
        self.next_arrangement_id += 1
