"""Finding households and reading one household's whole record (the tenant 360)."""

import datetime as dt
import re
from dataclasses import dataclass
from fractions import Fraction

from django.conf import settings
from django.db.models import (
    Count,
    FilteredRelation,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    prefetch_related_objects,
)
from django.utils.text import get_text_list
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from nabij.core import clock
from nabij.tenants import extensions
from nabij.tenants.models import ContactPoint, Household, Neighbourhood, Person, Tenancy, Unit
from nabij.tenants.search import POSTCODE_RE, normalise_name, normalise_postcode

# Dutch surname prefixes people type before the surname ("de Vries", "van der Berg").
NAME_PREFIXES = {
    "de",
    "den",
    "der",
    "van",
    "het",
    "ten",
    "ter",
    "te",
    "in",
    "op",
    "'t",
    "la",
    "le",
    "el",
    "al",
}
TENANCY_NUMBER_RE = re.compile(r"^[A-Za-z]{0,4}[-/]?\d[\w\-/]*$")


@dataclass
class SearchOutcome:
    kind: str  # "postcode", "tenancy_number", "name" or "" for an empty query
    households: QuerySet


def _surname_prefix_filter(prefix: str) -> dict:
    """Index-friendly "starts with" on Person.search_name: a range instead of LIKE."""
    return {"search_name__gte": prefix, "search_name__lt": prefix + "\uffff"}


def search_households(query: str) -> SearchOutcome:
    """Households matching a postcode (+ house number), a tenancy number or a surname.

    The result is ordered by surname, then address, so pages are stable.
    """
    query = query.strip()
    if not query:
        return SearchOutcome("", Household.objects.none())

    postcode_match = POSTCODE_RE.match(query)
    if postcode_match:
        digits, letters, number, letter = postcode_match.groups()
        unit_filter = {"tenancies__unit__postcode": normalise_postcode(digits + letters)}
        if number:
            unit_filter["tenancies__unit__house_number"] = int(number)
        if letter:
            unit_filter["tenancies__unit__house_letter__iexact"] = letter
        ids = Household.objects.filter(**unit_filter).values("id")
        return SearchOutcome("postcode", _ordered(ids, Q(is_main_tenant=True)))

    if TENANCY_NUMBER_RE.match(query) and any(c.isdigit() for c in query):
        ids = Tenancy.objects.filter(id_extern__iexact=query).values("household_id")
        return SearchOutcome("tenancy_number", _ordered(ids, Q(is_main_tenant=True)))

    words = [w for w in normalise_name(query).replace(",", " ").split() if w]
    without_prefix = list(words)
    while len(without_prefix) > 1 and without_prefix[0] in NAME_PREFIXES:
        without_prefix.pop(0)
    # "de Vries" is stored as prefix "de" + surname "Vries", but an ERP may deliver "El Amrani" as the
    # whole surname: try the typed text as it is and without its leading prefixes.
    matches = Q(**_surname_prefix_filter(" ".join(words))) | Q(
        **_surname_prefix_filter(" ".join(without_prefix))
    )
    if len(words) > 1 and not Person.objects.filter(matches).exists():
        # "piet jansen": first name, then surname.
        # First names are not stored normalised: compare them folded, among those with the surname.
        candidates = Person.objects.filter(**_surname_prefix_filter(words[-1])).values_list(
            "id", "first_name"
        )
        matches = Q(id__in=[pk for pk, first in candidates if normalise_name(first).startswith(words[0])])
    ids = Person.objects.filter(matches).values("household_id")
    return SearchOutcome("name", _ordered(ids, matches))


def _ordered(household_ids, shown_person: Q) -> QuerySet:
    """Households by the surname of the person the list shows for them: the one who matched the
    name searched for, or the main tenant. `matched_person_id` says who that is."""
    shown = Person.objects.filter(shown_person, household=OuterRef("pk")).order_by("search_name", "id")
    return (
        Household.objects.filter(id__in=household_ids)
        .annotate(
            sort_name=Subquery(shown.values("search_name")[:1]),
            matched_person_id=Subquery(shown.values("id")[:1]),
        )
        .order_by("sort_name", "name", "id")
    )


@dataclass
class SearchRow:
    household: Household
    person: Person | None  # the one who matched, else the main tenant
    tenancy: Tenancy | None


def search_rows(households: list[Household], today: dt.date | None = None) -> list[SearchRow]:
    """What a result list shows per household: who matched, current address, tenancy number."""
    today = today or clock.today()
    rows = []
    for household in households:
        persons = list(household.persons.all())
        matched_id = getattr(household, "matched_person_id", None)
        main = next((p for p in persons if p.id == matched_id), None) or next(
            (p for p in persons if p.is_main_tenant), persons[0] if persons else None
        )
        tenancies = list(household.tenancies.all())
        current = current_tenancy(tenancies, today) or (tenancies[0] if tenancies else None)
        rows.append(SearchRow(household, main, current))
    return rows


def with_search_details(households: QuerySet) -> QuerySet:
    return households.prefetch_related(
        "persons",
        Prefetch("tenancies", queryset=Tenancy.objects.select_related("unit").order_by("-start_date")),
    )


@dataclass
class HouseholdRecord:
    """What the tenant 360 page shows of the household's own data (other apps add panels)."""

    household: Household
    persons: list[Person]
    tenancies: list[Tenancy]  # the current one first
    contact_points: list[ContactPoint]
    channel_preferences: list
    verification_max_age_days: int
    today: dt.date

    @property
    def current(self) -> Tenancy | None:
        return current_tenancy(self.tenancies, self.today)

    @property
    def contact_rows(self) -> list[tuple[ContactPoint, str]]:
        """Each contact point with its verification state: "never", "stale" or "recent"."""
        limit = clock.now() - dt.timedelta(days=self.verification_max_age_days)
        rows = []
        for point in self.contact_points:
            if point.verified_at is None:
                state = "never"
            elif point.verified_at < limit:
                state = "stale"
            else:
                state = "recent"
            rows.append((point, state))
        return rows


def current_tenancy(tenancies: list[Tenancy], today: dt.date) -> Tenancy | None:
    """The home the household lives in: an active dwelling before an active parking space."""
    active = [t for t in tenancies if t.is_active_on(today)]
    active.sort(key=lambda t: t.unit.kind != Unit.Kind.DWELLING)
    return active[0] if active else None


def household_tenancies(household: Household, today: dt.date) -> list[Tenancy]:
    """The household's tenancies, the current one first, then newest first.

    Loaded once per household instance: the tenant 360 and the panels other apps add all ask for them.
    """
    prefetch_related_objects(
        [household], Prefetch("tenancies", queryset=Tenancy.objects.select_related("unit__neighbourhood"))
    )
    tenancies = sorted(household.tenancies.all(), key=lambda t: t.start_date, reverse=True)
    current = current_tenancy(tenancies, today)
    return sorted(tenancies, key=lambda t: t != current)


def household_record(household: Household, today: dt.date | None = None) -> HouseholdRecord:
    today = today or clock.today()
    return HouseholdRecord(
        household=household,
        persons=list(household.persons.all()),
        tenancies=household_tenancies(household, today),
        contact_points=list(household.contact_points.select_related("person")),
        channel_preferences=list(household.channel_preferences.all()),
        verification_max_age_days=settings.NABIJ_VERIFICATION_MAX_AGE_DAYS,
        today=today,
    )


def data_counts() -> list[tuple[str, int]]:
    """(label, count) for the Gegevens page: the tenants app's own tables, then what others register."""
    own = [
        (_("Huishoudens"), Household.objects.count()),
        (_("Personen"), Person.objects.count()),
        (_("Eenheden"), Unit.objects.count()),
        (_("Huurcontracten"), Tenancy.objects.count()),
        (_("Contactgegevens"), ContactPoint.objects.count()),
    ]
    return own + extensions.counts()


CHECKED_KINDS = (ContactPoint.Kind.EMAIL, ContactPoint.Kind.MOBILE)


@dataclass
class ContactCheck:
    """What staff should check in this conversation: kinds (EMA, MOB) known but not checked within
    NABIJ_VERIFICATION_MAX_AGE_DAYS, and kinds not known at all (ask for them)."""

    to_verify: list[str]
    missing: list[str]

    def __bool__(self) -> bool:
        return bool(self.to_verify or self.missing)

    @property
    def missing_text(self) -> str:
        """ "e-mail en mobiel" (in the active language)."""
        labels = [str(ContactPoint.Kind(kind).label).lower() for kind in self.missing]
        return get_text_list(labels, pgettext("last separator of a list: ‘e-mail en mobiel’", "en"))


def contact_check(household: Household) -> ContactCheck:
    limit = clock.now() - dt.timedelta(days=settings.NABIJ_VERIFICATION_MAX_AGE_DAYS)
    known = {}  # kind -> checked recently
    for kind, verified_at in (
        household.contact_points.filter(kind__in=CHECKED_KINDS)
        .exclude(status=ContactPoint.Status.INVALID)
        .values_list("kind", "verified_at")
    ):
        known[kind] = known.get(kind, False) or (verified_at is not None and verified_at >= limit)
    return ContactCheck(
        to_verify=[kind for kind in CHECKED_KINDS if kind in known and not known[kind]],
        missing=[kind for kind in CHECKED_KINDS if kind not in known],
    )


# Figures about fewer households than this are not shown (docs/privacy.md, "Digital reachability").
REACHABILITY_MIN_HOUSEHOLDS = 10


@dataclass
class ReachabilityRow:
    """Households living in a neighbourhood (or in total) and how many have a verified e-mail address,
    a verified mobile number, and either. `suppressed`: fewer than REACHABILITY_MIN_HOUSEHOLDS, so the page
    shows "<10" instead of any figure."""

    label: str
    district: str
    households: int
    email: int
    mobile: int
    either: int

    @property
    def suppressed(self) -> bool:
        return self.households < REACHABILITY_MIN_HOUSEHOLDS

    def _share(self, count: int) -> int:
        """Whole percent, rounded half up (integers only: no float surprises)."""
        return (200 * count + self.households) // (2 * self.households) if self.households else 0

    @property
    def email_share(self) -> int:
        return self._share(self.email)

    @property
    def mobile_share(self) -> int:
        return self._share(self.mobile)

    @property
    def either_share(self) -> int:
        return self._share(self.either)


@dataclass
class Reachability:
    rows: list[ReachabilityRow]  # shown neighbourhoods worst first, then the suppressed ones by name
    total: ReachabilityRow
    # True when the suppressed neighbourhoods together hold 1-9 households: the total leaves them out,
    # or subtracting the shown rows from it would reveal their figures.
    total_leaves_out_small: bool
    max_age_days: int


def digital_reachability(today: dt.date | None = None) -> Reachability:
    """Per neighbourhood and in total: households living in one of our dwellings today, and how many have
    an e-mail address / mobile number that is not invalid and was verified within
    NABIJ_VERIFICATION_MAX_AGE_DAYS.

    One grouped query: current dwelling tenancies LEFT JOIN their household's verified e-mail and mobile
    contact points, counting distinct households with conditional counts (about 0.2 s for 80,000 units on
    SQLite). The total is the sum of the rows when no household lives in two neighbourhoods (checked with a
    cheap count), else its own query."""
    today = today or clock.today()
    max_age = settings.NABIJ_VERIFICATION_MAX_AGE_DAYS
    limit = clock.now() - dt.timedelta(days=max_age)
    living = Tenancy.objects.filter(unit__kind=Unit.Kind.DWELLING, start_date__lte=today).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today)
    )

    def verified() -> FilteredRelation:  # a fresh one per query: Django binds it to the query
        return FilteredRelation(
            "household__contact_points",
            condition=Q(
                household__contact_points__kind__in=CHECKED_KINDS,
                household__contact_points__verified_at__gte=limit,
            )
            & ~Q(household__contact_points__status=ContactPoint.Status.INVALID),
        )

    counts = {
        "households": Count("household_id", distinct=True),
        "email": Count("household_id", filter=Q(verified__kind=ContactPoint.Kind.EMAIL), distinct=True),
        "mobile": Count("household_id", filter=Q(verified__kind=ContactPoint.Kind.MOBILE), distinct=True),
        "either": Count("household_id", filter=Q(verified__isnull=False), distinct=True),
    }
    per_neighbourhood = {
        row.pop("unit__neighbourhood_id"): row
        for row in living.annotate(verified=verified())
        .values("unit__neighbourhood_id")
        .annotate(**counts)
        .order_by()
    }
    names = {n.id: n for n in Neighbourhood.objects.filter(id__in=[k for k in per_neighbourhood if k])}
    rows = []
    for neighbourhood_id, figures in per_neighbourhood.items():
        neighbourhood = names.get(neighbourhood_id)
        label = neighbourhood.name if neighbourhood else gettext("Buurt onbekend")
        rows.append(ReachabilityRow(label, neighbourhood.district if neighbourhood else "", **figures))
    # Worst first: the lowest share reachable by e-mail or mobile, then by e-mail.
    shown = sorted(
        (r for r in rows if not r.suppressed),
        key=lambda r: (Fraction(r.either, r.households), Fraction(r.email, r.households), r.label),
    )
    small = sorted((r for r in rows if r.suppressed), key=lambda r: r.label)

    small_ids = [n for n, f in per_neighbourhood.items() if f["households"] < REACHABILITY_MIN_HOUSEHOLDS]
    leaves_out_small = 0 < sum(r.households for r in small) < REACHABILITY_MIN_HOUSEHOLDS
    counted = {n: f for n, f in per_neighbourhood.items() if not (leaves_out_small and n in small_ids)}
    if leaves_out_small:
        excluded = Q(unit__neighbourhood_id__in=[n for n in small_ids if n is not None])
        if None in small_ids:
            excluded |= Q(unit__neighbourhood_id__isnull=True)
        living = living.exclude(excluded)
    households = living.aggregate(n=Count("household_id", distinct=True))["n"]
    if households == sum(f["households"] for f in counted.values()):
        # Every household lives in one neighbourhood: the rows add up exactly.
        total = {key: sum(f[key] for f in counted.values()) for key in counts}
    else:
        total = living.annotate(verified=verified()).aggregate(**counts)
    return Reachability(
        shown + small, ReachabilityRow(gettext("Totaal"), "", **total), leaves_out_small, max_age
    )
