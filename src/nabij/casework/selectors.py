"""Reads of the casework app that other apps and the pages share."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from nabij.casework.config import DAY_PARTS
from nabij.casework.models import OPEN_STATUSES, Callback, Case, DayPart, DunningPause
from nabij.casework.teams import teams_of
from nabij.core import clock
from nabij.tenants.models import MonitoringState


def active_dunning_pause(tenancy, today: dt.date | None = None) -> DunningPause | None:
    """The tenancy's pause that is running today, if any (a pause past its date has ended by itself)."""
    today = today or clock.today()
    return (
        DunningPause.objects.filter(
            tenancy=tenancy, ended_on__isnull=True, starts__lte=today, until__gte=today
        )
        .order_by("-until")
        .first()
    )


def monitoring_state(tenancy, today: dt.date | None = None) -> str:
    """VERA BEWAKINGSSTATUS as Nabij sees it: ONH while a dunning pause runs, else what the ERP said."""
    if active_dunning_pause(tenancy, today) is not None:
        return MonitoringState.ON_HOLD
    return tenancy.monitoring_state


# --- Queues ---------------------------------------------------------------------------------------


def open_cases(teams) -> QuerySet:
    """Open cases of `teams`, due first on top (overdue first), then by priority."""
    return (
        Case.objects.filter(team__in=list(teams), is_open=True)
        .select_related("household", "owner")
        .order_by("due_at", "priority", "id")
    )


def queue(teams, *, kind: str = "", status: str = "", owner=None, unowned: bool = False) -> QuerySet:
    """A team queue with filters. `status` may also name a closed status (then closed cases show)."""
    if status and status not in OPEN_STATUSES:
        cases = (
            Case.objects.filter(team__in=list(teams), status=status)
            .select_related("household", "owner")
            .order_by("-closed_at", "-id")
        )
    else:
        cases = open_cases(teams)
        if status:
            cases = cases.filter(status=status)
    if kind:
        cases = cases.filter(kind=kind)
    if owner is not None:
        cases = cases.filter(owner=owner)
    elif unowned:
        cases = cases.filter(owner__isnull=True)
    return cases


def my_cases(user) -> QuerySet:
    return (
        Case.objects.filter(owner=user, is_open=True)
        .select_related("household", "owner")
        .order_by("due_at", "priority", "id")
    )


@dataclass(frozen=True)
class CallbackRow:
    case_id: int
    date: dt.date
    day_part: str
    household: str
    owner: str

    @property
    def day_part_label(self) -> str:
        return DayPart(self.day_part).label


@dataclass
class CallbackGroup:
    label: str
    callbacks: list[CallbackRow]
    total: int
    overdue: bool = False


OVERDUE_SHOWN = 50
_CALLBACK_FIELDS = (
    "case_id",
    "date",
    "day_part",
    "household__name",
    "case__owner__username",
    "case__owner__first_name",
    "case__owner__last_name",
)


def _callback_rows(queryset) -> list[CallbackRow]:
    rows = []
    for case_id, date, part, household, username, first, last in queryset.values_list(*_CALLBACK_FIELDS):
        owner = " ".join(p for p in (first, last) if p) or username or ""
        rows.append(CallbackRow(case_id, date, part, household, owner))
    return rows


def callbacks_today(today: dt.date | None = None) -> list[CallbackGroup]:
    """Open callbacks up to today, by slot: overdue ones (an earlier day, or a day part already over)
    first, then this morning and this afternoon. Plain rows (no model instances): the KCC queue shows
    up to a day's capacity of them on every load."""
    today = today or clock.today()
    now = clock.now()
    base = Callback.objects.filter(case__is_open=True)
    passed = [
        part
        for part, (_starts, ends) in DAY_PARTS.items()
        if timezone.make_aware(dt.datetime.combine(today, ends)) <= now
    ]
    overdue = base.filter(Q(date__lt=today) | Q(date=today, day_part__in=passed)).order_by(
        "date", "day_part", "id"
    )
    overdue_rows = _callback_rows(overdue[:OVERDUE_SHOWN])
    overdue_total = len(overdue_rows) if len(overdue_rows) < OVERDUE_SHOWN else overdue.count()
    groups = [CallbackGroup(str(_("Te laat")), overdue_rows, overdue_total, overdue=True)]
    todays = _callback_rows(
        base.filter(date=today).exclude(day_part__in=passed).order_by("case__due_at", "id")
    )
    for part in DAY_PARTS:
        if part in passed:
            continue
        rows = [c for c in todays if c.day_part == part]
        starts, ends = DAY_PARTS[part]
        label = f"{DayPart(part).label} ({starts:%H:%M}–{ends:%H:%M})"
        groups.append(CallbackGroup(label, rows, len(rows)))
    return groups


def queue_counts(user) -> dict[str, int]:
    """The counts in the navigation: open cases of the user's team(s) nobody has taken yet, and the
    user's own open cases. Two index-only COUNT queries."""
    teams = teams_of(user)
    return {
        "team": Case.objects.filter(team__in=list(teams), is_open=True, owner__isnull=True).count()
        if teams
        else 0,
        "mine": Case.objects.filter(owner=user, is_open=True).count(),
    }


def household_casework(household, today: dt.date | None = None) -> dict:
    """What the tenant 360 shows: open cases, callbacks still to come and running dunning pauses."""
    today = today or clock.today()
    cases = list(
        Case.objects.filter(household=household, is_open=True)
        .select_related("owner")
        .order_by("due_at", "id")
    )
    callbacks = list(
        Callback.objects.filter(household=household, case__is_open=True).order_by("date", "day_part")
    )
    pauses = list(
        DunningPause.objects.filter(
            tenancy__household=household, ended_on__isnull=True, starts__lte=today, until__gte=today
        ).select_related("tenancy")
    )
    recent_closed = list(
        Case.objects.filter(household=household, is_open=False).order_by("-closed_at", "-id")[:3]
    )
    return {"cases": cases, "callbacks": callbacks, "pauses": pauses, "recent_closed": recent_closed}


@dataclass
class HouseholdSummary:
    """What the case page shows of the household, so the caller has it at hand: address, phone numbers
    and arrears in months of rent (not a scary amount first)."""

    tenancy: object | None
    phones: list
    email: object | None
    arrears: object | None


def household_summary(household, today: dt.date | None = None) -> HouseholdSummary:
    from nabij.ledger.selectors import arrears_state
    from nabij.tenants.models import ContactPoint
    from nabij.tenants.selectors import current_tenancy, household_tenancies

    today = today or clock.today()
    tenancy = current_tenancy(household_tenancies(household, today), today)
    points = [
        p
        for p in household.contact_points.exclude(status=ContactPoint.Status.INVALID).order_by(
            "-preferred", "id"
        )
        if p.kind in (ContactPoint.Kind.MOBILE, ContactPoint.Kind.PHONE, ContactPoint.Kind.EMAIL)
    ]
    return HouseholdSummary(
        tenancy=tenancy,
        phones=[p for p in points if p.kind != ContactPoint.Kind.EMAIL],
        email=next((p for p in points if p.kind == ContactPoint.Kind.EMAIL), None),
        arrears=arrears_state(tenancy, today) if tenancy else None,
    )


# --- Proactive outreach list ------------------------------------------------------------------------------

OUTREACH_REASONS = {
    "achterstand": Q(arrears_cents__gt=0),
    "aanmaningen": Q(reminders__gt=0),
    "eerder": Q(earlier_spells__gt=0) | Q(broken_arrangements__gt=0),
    "signalen": Q(recent_signals__gt=0),
}


def outreach_candidates(
    *, municipality: str = "", reason: str = "", min_months=None, without_open_case: bool = False
) -> QuerySet:
    """Households to contact first, in order, from the precomputed list (casework.outreach). This is the one
    place that decides the ordering: an explainable risk score (risk app) will take it over here."""
    from nabij.casework.models import CaseKind, OutreachCandidate

    rows = OutreachCandidate.objects.select_related("household").order_by("-score", "household_id")
    if municipality:
        rows = rows.filter(municipality=municipality)
    if reason in OUTREACH_REASONS:
        rows = rows.filter(OUTREACH_REASONS[reason])
    if min_months:
        rows = rows.filter(months_in_arrears__gte=min_months)
    if without_open_case:
        open_proactive = Case.objects.filter(
            household_id=OuterRef("household_id"), kind=CaseKind.PROACTIVE, is_open=True
        )
        rows = rows.exclude(Exists(open_proactive))
    return rows


def outreach_computed_at():
    """When the list was last rebuilt (every row has the same moment; the first row by key is enough)."""
    from nabij.casework.models import OutreachCandidate

    return OutreachCandidate.objects.order_by("pk").values_list("computed_at", flat=True).first()


_municipalities: dict = {}


def outreach_municipalities(computed_at=None) -> list[str]:
    """The municipalities on the list, for the filter; kept per rebuild of the list (it only changes then)."""
    from nabij.casework.models import OutreachCandidate

    computed_at = computed_at or outreach_computed_at()
    if computed_at not in _municipalities:
        _municipalities.clear()
        _municipalities[computed_at] = list(
            OutreachCandidate.objects.exclude(municipality="")
            .order_by("municipality")
            .values_list("municipality", flat=True)
            .distinct()
        )
    return _municipalities[computed_at]
