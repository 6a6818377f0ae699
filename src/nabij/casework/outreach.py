"""The proactive outreach list: households to contact first, with the reasons in plain Dutch.

`refresh_outreach_list` (batch: `manage.py refresh_outreach`, the `refresh_outreach` task, the demo)
rebuilds the `OutreachCandidate` table with a handful of grouped queries over the whole portfolio; the page
reads that table through `casework.selectors.outreach_candidates` — the one place the ordering lives, so
that an explainable risk score (risk app) can take it over later.

The ordering for now uses only payment history and recent signals: current arrears in months of rent,
reminders (AAN) in the last 12 months, earlier arrears spells, broken arrangements and recent concern
signals. Never nationality, ethnicity, country of birth, gender, religion or health (DESIGN.md §6):
health signals are not counted and never named.
"""

import datetime as dt
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from nabij.casework.models import Case, CaseKind, OutreachCandidate
from nabij.contacts.models import SPECIAL_CATEGORIES, Polarity, Signal, SignalCategory, SignalStatus, Team
from nabij.core import clock
from nabij.core.templatetags.nabij_format import months as months_of_rent
from nabij.ledger.models import Booking, PaymentArrangement
from nabij.tenants.models import Tenancy

HISTORY_YEARS = 3
SIGNAL_DAYS = 90
# Reminders further apart than this start a new arrears spell.
SPELL_GAP_DAYS = 90
MAX_CASES_AT_ONCE = 200

# Weights of the interim ordering (points). The risk score will replace all of this.
WEIGHTS = {"month": 20, "months_cap": 6, "reminder": 5, "spell": 8, "broken": 10, "signal": 6}


def _months(cents: int, rent: int) -> Decimal:
    if not rent:
        return Decimal(0)
    return (Decimal(cents) / Decimal(rent)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _arrears_by_tenancy(today: dt.date) -> dict[int, int]:
    """Arrears per tenancy in one grouped query: charges past the grace period (a storno at once) minus all
    payments (payments settle the oldest charges first, so this equals ledger's arrears_state)."""
    overdue_before = today - dt.timedelta(days=settings.NABIJ_ARREARS_GRACE_DAYS)
    due = Coalesce(F("due_date"), F("booking_date"))
    rows = (
        Booking.objects.filter(booking_date__lte=today)
        .values("tenancy_id")
        .annotate(
            overdue=Coalesce(
                Sum(
                    "amount_cents",
                    filter=Q(kind=Booking.Kind.CHARGE)
                    & (
                        Q(due_date__lte=overdue_before)
                        | Q(due_date__isnull=True, booking_date__lte=overdue_before)
                        | Q(detail_kind=Booking.DetailKind.REVERSAL)
                    ),
                ),
                Value(0),
            ),
            paid=Coalesce(Sum("amount_cents", filter=~Q(kind=Booking.Kind.CHARGE)), Value(0)),
        )
    )
    del due
    return {r["tenancy_id"]: r["overdue"] - r["paid"] for r in rows if r["overdue"] > r["paid"]}


def _spells(dates: list[dt.date]) -> int:
    spells, previous = 0, None
    for day in sorted(dates):
        if previous is None or (day - previous).days > SPELL_GAP_DAYS:
            spells += 1
        previous = day
    return spells


def _stored(text) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return str(text)


def reasons_for(months, reminders, spells, broken, signal_categories) -> list[str]:
    """The reasons in plain Dutch, most weighty first (stored in the corporation's language)."""
    with translation.override(settings.LANGUAGE_CODE):
        reasons = []
        if months > 0:
            reasons.append(_("%(months)s achterstand") % {"months": months_of_rent(months)})
        if reminders:
            reasons.append(
                ngettext(
                    "%(n)s aanmaning in de afgelopen 12 maanden",
                    "%(n)s aanmaningen in de afgelopen 12 maanden",
                    reminders,
                )
                % {"n": reminders}
            )
        if spells:
            reasons.append(
                ngettext("%(n)s eerdere achterstand", "%(n)s eerdere achterstanden", spells) % {"n": spells}
            )
        if broken:
            reasons.append(
                ngettext(
                    "%(n)s betalingsregeling voortijdig gestopt",
                    "%(n)s betalingsregelingen voortijdig gestopt",
                    broken,
                )
                % {"n": broken}
            )
        if signal_categories:
            names = ", ".join(str(SignalCategory(c).label).lower() for c in sorted(signal_categories))
            reasons.append(_("Recent signaal: %(names)s") % {"names": names})
        return reasons


def score(months: Decimal, reminders: int, spells: int, broken: int, signals: int) -> int:
    w = WEIGHTS
    return int(
        min(months, Decimal(w["months_cap"])) * w["month"]
        + reminders * w["reminder"]
        + spells * w["spell"]
        + broken * w["broken"]
        + signals * w["signal"]
    )


@transaction.atomic
def refresh_outreach_list(today: dt.date | None = None) -> int:
    """Rebuild the list for today. Returns the number of households on it."""
    today = today or clock.today()
    now = clock.now()
    history_start = today - dt.timedelta(days=365 * HISTORY_YEARS)
    year_ago = today - dt.timedelta(days=365)
    tenancies = {
        t["pk"]: t
        for t in Tenancy.objects.filter(start_date__lte=today)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .values(
            "pk",
            "household_id",
            "gross_rent_cents",
            "unit__city",
            "unit__neighbourhood__municipality",
        )
    }
    arrears = _arrears_by_tenancy(today)
    reminders: dict[int, int] = defaultdict(int)
    earlier: dict[int, list[dt.date]] = defaultdict(list)
    for tenancy_id, day in Booking.objects.filter(
        kind=Booking.Kind.CHARGE,
        detail_kind=Booking.DetailKind.REMINDER,
        booking_date__gt=history_start,
        booking_date__lte=today,
    ).values_list("tenancy_id", "booking_date"):
        if day > year_ago:
            reminders[tenancy_id] += 1
        else:
            earlier[tenancy_id].append(day)
    broken = dict(
        PaymentArrangement.objects.filter(
            status=PaymentArrangement.Status.CANCELLED, start_date__gt=history_start
        )
        .values("tenancy_id")
        .annotate(n=Count("id"))
        .values_list("tenancy_id", "n")
    )
    signals: dict[int, set[str]] = defaultdict(set)
    for household_id, category in (
        Signal.objects.filter(
            polarity=Polarity.CONCERN,
            status=SignalStatus.ACTIVE,
            created_at__date__gt=today - dt.timedelta(days=SIGNAL_DAYS),
        )
        .exclude(category__in=SPECIAL_CATEGORIES)
        .values_list("household_id", "category")
    ):
        signals[household_id].add(category)
    rows: dict[int, OutreachCandidate] = {}
    for tenancy_id, t in tenancies.items():
        household_id = t["household_id"]
        cents = arrears.get(tenancy_id, 0)
        n_reminders = reminders.get(tenancy_id, 0)
        categories = signals.get(household_id, set())
        if not (cents or n_reminders or categories):
            continue  # nothing current: history alone does not put a household on the list
        months = _months(cents, t["gross_rent_cents"])
        spells = _spells(earlier.get(tenancy_id, []))
        n_broken = broken.get(tenancy_id, 0)
        points = score(months, n_reminders, spells, n_broken, len(categories))
        if household_id in rows and rows[household_id].score >= points:
            continue  # two current tenancies (a home and a parking place): the weightiest counts
        rows[household_id] = OutreachCandidate(
            household_id=household_id,
            tenancy_id=tenancy_id,
            score=points,
            arrears_cents=cents,
            months_in_arrears=months,
            reminders=n_reminders,
            earlier_spells=spells,
            broken_arrangements=n_broken,
            recent_signals=len(categories),
            reasons=reasons_for(months, n_reminders, spells, n_broken, categories),
            municipality=t["unit__neighbourhood__municipality"] or t["unit__city"] or "",
            computed_at=now,
        )
    OutreachCandidate.objects.all().delete()
    OutreachCandidate.objects.bulk_create(rows.values(), batch_size=2000)
    return len(rows)


@transaction.atomic
def create_outreach_cases(household_ids, *, actor, team: str = Team.CUSTOMER_CONTACT) -> list[Case]:
    """ "Maak zaak": a proactief case for each chosen household on the list (all or nothing). Refused when
    a household is not on the list, already has an open proactive case, or too many are chosen."""
    from nabij.casework import services
    from nabij.privacy.access import ensure
    from nabij.privacy.roles import CHANGE_CASE

    ensure(actor, CHANGE_CASE)
    ids = sorted({int(i) for i in household_ids})
    if not ids:
        raise ValidationError({"households": [_("Kies minstens één huishouden uit de lijst.")]})
    if len(ids) > MAX_CASES_AT_ONCE:
        raise ValidationError(
            {"households": [_("Kies hoogstens %(n)s huishoudens tegelijk.") % {"n": MAX_CASES_AT_ONCE}]}
        )
    if team not in Team.values:
        raise ValidationError({"team": [_("Kies een team uit de lijst.")]})
    listed = {
        c.household_id: c
        for c in OutreachCandidate.objects.filter(household_id__in=ids).select_related("household", "tenancy")
    }
    if len(listed) != len(ids):
        raise ValidationError(
            {"households": [_("Een van de gekozen huishoudens staat niet (meer) op de lijst.")]}
        )
    busy = Case.objects.filter(household_id__in=ids, kind=CaseKind.PROACTIVE, is_open=True).count()
    if busy:
        raise ValidationError(
            {
                "households": [
                    ngettext(
                        "%(n)s van de gekozen huishoudens heeft al een open zaak proactief contact.",
                        "%(n)s van de gekozen huishoudens hebben al een open zaak proactief contact.",
                        busy,
                    )
                    % {"n": busy}
                ]
            }
        )
    cases = []
    for household_id in ids:
        candidate = listed[household_id]
        cases.append(
            services.open_case(
                household=candidate.household,
                tenancy=candidate.tenancy,
                kind=CaseKind.PROACTIVE,
                team=team,
                source="uitnodiglijst",
                summary="; ".join(candidate.reasons)[: services.SUMMARY_MAX],
                actor=actor,
            )
        )
    return cases
