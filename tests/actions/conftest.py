import datetime as dt

import pytest
from django.utils import timezone

from nabij.actions import services
from nabij.core.clock import frozen_clock
from tests import factories

# A Thursday, 11:30 in Amsterdam: the morning's callbacks are closed (lead time), the afternoon is open.
THURSDAY_1130 = timezone.make_aware(dt.datetime(2026, 11, 26, 11, 30))


@pytest.fixture
def clock_thursday():
    with frozen_clock(THURSDAY_1130):
        yield THURSDAY_1130


@pytest.fixture
def home(db):
    """A household with a current tenancy, an e-mail address and a mobile number."""
    household = factories.household("Visser", "Anouk")
    factories.tenancy(household, factories.unit(street="Kastanjelaan", postcode="3521AB"))
    factories.contact_point(household, "EMA", "anouk.visser@example.nl", preferred=True)
    factories.contact_point(household, "MOB", "+31612345678", preferred=True)
    return household


# What must never appear on a tenant page: the household's personal data.
def personal_data(household) -> list[str]:
    person = household.persons.get()
    values = [household.name, person.surname, person.first_name, household.id_extern]
    values += [p.value for p in household.contact_points.all()]
    values += ["0612345678", "06 12345678", "Kastanjelaan", "3521"]
    for tenancy in household.tenancies.all():
        values.append(tenancy.id_extern)
    return values


@pytest.fixture
def make_link(home):
    def make(kind, household=None, **kwargs):
        _link, token = services.create_link(household=household or home, kind=kind, **kwargs)
        return token

    return make
