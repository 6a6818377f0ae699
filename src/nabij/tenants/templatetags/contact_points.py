"""Showing contact points readably: phone numbers in the notation Dutch staff read aloud."""

import phonenumbers
from django import template

register = template.Library()


@register.filter
def contact_value(point) -> str:
    """A mobile or phone number as `06 12345678` / `030 123 4567` (foreign numbers with their country
    code), whatever notation it is stored in; e-mail addresses and anything unparseable as stored."""
    if point.kind not in ("MOB", "TEL"):
        return point.value
    try:
        number = phonenumbers.parse(point.value, "NL")
    except phonenumbers.NumberParseException:
        return point.value
    if not phonenumbers.is_valid_number(number):
        return point.value
    if phonenumbers.region_code_for_number(number) == "NL":
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
