"""Small builders for test data: real rows in the test database, no mocks."""

import datetime as dt
import itertools

from django.contrib.auth.models import Group, User

from nabij.ledger.models import Booking
from nabij.privacy.roles import sync_roles
from nabij.tenants.models import ContactPoint, Household, Neighbourhood, Person, Tenancy, Unit

_seq = itertools.count(1)


def staff_user(role: str | None, username: str | None = None) -> User:
    sync_roles()
    user = User.objects.create_user(
        username=username or f"user{next(_seq)}", password="a-long-test-password-1"
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


def neighbourhood(**overrides) -> Neighbourhood:
    n = next(_seq)
    values = {"code": f"BU{n:04d}", "name": f"Buurt {n}", "district": "Centrum", "municipality": "Utrecht"}
    values.update(overrides)
    return Neighbourhood.objects.create(**values)


def unit(**overrides) -> Unit:
    n = next(_seq)
    values = {
        "id_extern": f"EH-{n:06d}",
        "street": "Lindelaan",
        "house_number": n,
        "postcode": "3521AB",
        "city": "Utrecht",
    }
    values.update(overrides)
    return Unit.objects.create(**values)


def household(
    surname: str = "Jansen", first_name: str = "Piet", name_prefix: str = "", **overrides
) -> Household:
    n = next(_seq)
    full = " ".join(p for p in ("Fam.", name_prefix, surname) if p)
    values = {"id_extern": f"REL-{n:06d}", "name": full}
    values.update(overrides)
    result = Household.objects.create(**values)
    Person.objects.create(
        id_extern=f"PER-{n:06d}",
        household=result,
        first_name=first_name,
        name_prefix=name_prefix,
        surname=surname,
        date_of_birth=dt.date(1970, 5, 17),
        is_main_tenant=True,
    )
    return result


def tenancy(household: Household, unit: Unit, **overrides) -> Tenancy:
    n = next(_seq)
    values = {
        "id_extern": f"HO-{n:06d}",
        "household": household,
        "unit": unit,
        "start_date": dt.date(2018, 1, 1),
        "gross_rent_cents": 65000,
    }
    values.update(overrides)
    return Tenancy.objects.create(**values)


def monthly_rent(tenancy: Tenancy, first: dt.date, months: int, paid_months: int) -> None:
    """Rent charged on the 1st of each month from `first`; the first `paid_months` are paid in full."""
    year, month = first.year, first.month
    for i in range(months):
        due = dt.date(year, month, 1)
        Booking.objects.create(
            tenancy=tenancy,
            kind="VOR",
            detail_kind="PRO",
            booking_date=due,
            due_date=due,
            amount_cents=tenancy.gross_rent_cents,
        )
        if i < paid_months:
            Booking.objects.create(
                tenancy=tenancy,
                kind="ONT",
                detail_kind="BAN",
                booking_date=due + dt.timedelta(days=2),
                amount_cents=tenancy.gross_rent_cents,
            )
        month += 1
        if month == 13:
            year, month = year + 1, 1


def contact_point(household: Household, kind: str, value: str, **overrides) -> ContactPoint:
    return ContactPoint.objects.create(household=household, kind=kind, value=value, **overrides)
