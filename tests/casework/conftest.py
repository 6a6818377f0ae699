import datetime as dt

import pytest
from django.utils import timezone

from tests import factories


def amsterdam(year, month, day, hour=12, minute=0) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, hour, minute))


@pytest.fixture
def household(db):
    return factories.household(surname="Bakker")


@pytest.fixture
def tenancy(household):
    return factories.tenancy(household, factories.unit())
