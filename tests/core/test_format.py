"""How amounts and months of rent read in Dutch."""

from decimal import Decimal

import pytest
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
