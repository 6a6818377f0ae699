"""Dutch formatting for amounts, months and dates in templates."""

from decimal import Decimal

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils.formats import number_format
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

register = template.Library()


def format_cents(cents: int) -> str:
    """1234567 → "€ 12.345,67" (Dutch notation)."""
    sign = "-" if cents < 0 else ""
    euros, rest = divmod(abs(int(cents)), 100)
    grouped = f"{euros:,}".replace(",", ".")
    return f"{sign}€ {grouped},{rest:02d}"


@register.filter
def euro(cents) -> str:
    if cents is None or cents == "":
        return ""
    return format_cents(cents)


@register.filter
def months(value) -> str:
    """Decimal months of rent → "2,5 maanden huur" (in English: "2.5 months' rent")."""
    value = Decimal(value)
    if 0 < value < Decimal("0.1"):
        return _("minder dan een tiende maand huur")
    text = number_format(value, decimal_pos=0 if value == value.to_integral_value() else 1)
    return ngettext("%(n)s maand huur", "%(n)s maanden huur", 1 if value == 1 else 2) % {"n": text}


@register.filter
def days(value) -> str:
    value = int(value)
    return ngettext("%(n)s dag", "%(n)s dagen", value) % {"n": value}


@register.filter(expects_localtime=True)
def short_date(value, format_string: str) -> str:
    """Django's `date` filter, except that Dutch writes an abbreviated month in lower case ("18 nov 2026"),
    where Django's `M` always capitalises it ("18 Nov"). Other languages keep `M` ("18 Nov 2026")."""
    if (get_language() or "").startswith("nl"):
        format_string = format_string.replace("M", "b")  # `b`: the abbreviated month, lower case
    return date_filter(value, format_string)
