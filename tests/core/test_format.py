"""How amounts and months of rent read in Dutch."""

import datetime as dt
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from nabij.core.templatetags.nabij_format import euro, months


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("1"), "1 maand huur"),
        (Decimal("2.5"), "2,5 maanden huur"),
        (Decimal("3.0"), "3 maanden huur"),
        (Decimal("0.01"), "minder dan een tiende maand huur"),
    ],
)
def test_months_of_rent_in_dutch(value, text):
    with translation.override("nl"):
        assert months(value) == text


def test_amounts_use_dutch_notation():
    assert euro(123456789) == "€ 1.234.567,89"
    assert euro(-500) == "-€ 5,00"


@pytest.mark.parametrize(
    ("language", "text"), [("nl", "wo 18 nov 2026 13:05"), ("en", "Wed 18 Nov 2026 13:05")]
)
def test_dates_in_staff_tables_write_the_month_as_each_language_does(language, text):
    """Dutch abbreviates months in lower case ("18 nov"); English capitalises them. Times are Amsterdam's."""
    moment = dt.datetime(2026, 11, 18, 12, 5, tzinfo=dt.UTC)
    template = Template('{% load nabij_format %}{{ moment|short_date:"D j M Y H:i" }}')
    with translation.override(language):
        assert template.render(Context({"moment": moment})) == text
