"""Parsing one cell of a VERA CSV file, the way Dutch ERPs and Excel write it.

Every parser takes the cell text (already stripped, never empty) and returns the value, or raises
`Invalid` with a Dutch message that names the value and shows the expected form. The messages end up,
prefixed with file, line and column, in the list an administrator reads.

That list is kept with the import run and shown on the Gegevens page, so parsers of personal data
(e-mail addresses, phone numbers, dates of birth) do not quote the value: file, line and column find it.
"""

import datetime as dt
import re

from nabij.tenants.importer.codes import VERA


class Invalid(ValueError):
    """A cell that cannot be read; `str(exc)` is the Dutch message for the administrator."""


DATE_HINT = "gebruik 2026-02-01 of 01-02-2026"
AMOUNT_HINT = "gebruik bijvoorbeeld 1234,56 of 1234.56"

_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DUTCH_DATE = re.compile(r"(\d{1,2})-(\d{1,2})-(\d{4})")
FIRST_YEAR, LAST_YEAR = 1900, 2100


def parse_date(text: str) -> dt.date:
    """2026-02-01 (ISO, what ERPs write) or 01-02-2026 / 1-2-2026 (day first, what Dutch Excel writes)."""
    match = _ISO_DATE.fullmatch(text)
    if match:
        year, month, day = match.groups()
    else:
        match = _DUTCH_DATE.fullmatch(text)
        if not match:
            raise Invalid(f"'{text}' is geen geldige datum ({DATE_HINT})")
        day, month, year = match.groups()
    try:
        value = dt.date(int(year), int(month), int(day))
    except ValueError:
        raise Invalid(f"'{text}' is geen geldige datum ({DATE_HINT})") from None
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise Invalid(f"'{text}' ligt niet tussen {FIRST_YEAR} en {LAST_YEAR}; is het jaar goed?")
    return value


# 1234 / 1234,5 / 1234,56 / 1234.56 (one separator followed by at most two decimals).
_PLAIN_AMOUNT = re.compile(r"(-?)(\d+)(?:[.,](\d{1,2}))?")
# 1.234,56 and 1.234.567 (Dutch grouping) / 1,234.56 and 1,234,567 (English grouping). A lone group such
# as "1.234" is left out on purpose: it could be 1234 or 1,234 and money must never be guessed.
_DUTCH_GROUPED = re.compile(r"(-?)([1-9]\d{0,2}(?:\.\d{3})+)(?:,(\d{1,2}))?")
_ENGLISH_GROUPED = re.compile(r"(-?)([1-9]\d{0,2}(?:,\d{3})+)(?:\.(\d{1,2}))?")
_LONE_GROUP = re.compile(r"-?[1-9]\d{0,2}[.,]\d{3}")
MAX_CENTS = 10**13  # a hundred billion euro: far beyond any rent or booking


def parse_amount_cents(text: str) -> int:
    """An amount in euro to integer cents, exactly (string arithmetic: no float ever sees it).

    Accepts decimal commas and points, thousands separators when unambiguous and a leading "€".
    The sign is returned; callers that only allow positive amounts say so themselves.
    """
    compact = text.replace("€", "").replace(" ", "").replace("\u00a0", "")
    if compact.startswith("+"):
        compact = compact[1:]
    if _LONE_GROUP.fullmatch(compact):
        raise Invalid(
            f"'{text}' is dubbelzinnig: duizendtal of decimalen? Schrijf het bedrag met twee decimalen, "
            f"bijvoorbeeld 1234,00 of 1234.00"
        )
    for pattern in (_PLAIN_AMOUNT, _DUTCH_GROUPED, _ENGLISH_GROUPED):
        match = pattern.fullmatch(compact)
        if match:
            sign, whole, fraction = match.groups()
            digits = whole.replace(".", "").replace(",", "")
            cents = int(digits) * 100 + int((fraction or "0").ljust(2, "0"))
            if cents >= MAX_CENTS:
                raise Invalid(f"'{text}' is te groot voor een bedrag")
            return -cents if sign else cents
    raise Invalid(f"'{text}' is geen geldig bedrag ({AMOUNT_HINT}, hoogstens twee decimalen)")


def parse_positive_amount_cents(text: str) -> int:
    cents = parse_amount_cents(text)
    if cents < 0:
        raise Invalid(f"'{text}' is negatief; een bedrag moet 0 of hoger zijn")
    return cents


def parse_int(text: str, minimum: int = 0, maximum: int = 2_147_483_647) -> int:
    if not text.isdigit() and not (text.startswith("-") and text[1:].isdigit()):
        raise Invalid(f"'{text}' is geen geheel getal")
    value = int(text)
    if not minimum <= value <= maximum:
        raise Invalid(f"'{text}' moet tussen {minimum} en {maximum} liggen")
    return value


_POSTCODE = re.compile(r"([1-9]\d{3})\s?([A-Za-z]{2})")


def parse_postcode(text: str) -> str:
    match = _POSTCODE.fullmatch(text)
    if not match:
        raise Invalid(f"'{text}' is geen geldige postcode (gebruik 1234AB of 1234 AB)")
    return (match.group(1) + match.group(2)).upper()


_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]{2,}")
_PHONE_CHARS = re.compile(r"[\s\-().]")
_PHONE = re.compile(r"(?:\+|00)?\d{8,15}")


def parse_birth_date(text: str) -> dt.date:
    """A date of birth: as `parse_date`, with a message that does not quote it."""
    try:
        return parse_date(text)
    except Invalid:
        raise Invalid(f"is geen geldige datum tussen {FIRST_YEAR} en {LAST_YEAR} ({DATE_HINT})") from None


def parse_email(text: str) -> str:
    if not _EMAIL.fullmatch(text):
        raise Invalid("is geen geldig e-mailadres")
    return text


def parse_phone(text: str) -> str:
    if not _PHONE.fullmatch(_PHONE_CHARS.sub("", text)):
        raise Invalid("is geen geldig telefoonnummer (8 tot 15 cijfers)")
    return text


KEY_LENGTH = 64  # max_length of every id_extern


def parse_key(text: str) -> str:
    """An idExtern, or a reference to one."""
    if len(text) > KEY_LENGTH:
        raise Invalid(f"is te lang: {len(text)} tekens, hoogstens {KEY_LENGTH}")
    return text


def text_parser(max_length: int):
    def parse(text: str) -> str:
        if len(text) > max_length:
            raise Invalid(f"is te lang: {len(text)} tekens, hoogstens {max_length}")
        return text

    return parse


class CodeList:
    """One VERA code list, and the part of it Nabij supports (the model's TextChoices).

    `parse` returns the code (upper case); an unknown code and a VERA code that Nabij does not support
    get different messages, so the administrator knows whether the export or Nabij is the limit.
    """

    def __init__(self, vera_list: str, supported, *, column_hint: str = ""):
        self.vera_list = vera_list
        self.names = VERA[vera_list]
        self.supported = frozenset(supported)
        unknown = self.supported - set(self.names)
        if unknown:
            raise ValueError(f"{sorted(unknown)} are not in VERA list {vera_list}")
        self.hint = column_hint

    def allowed_text(self) -> str:
        return ", ".join(f"{code} ({self.names[code]})" for code in sorted(self.supported))

    def parse(self, text: str) -> str:
        code = text.upper()
        if code in self.supported:
            return code
        if code in self.names:
            raise Invalid(
                f"'{text}' ({self.names[code]}) is een VERA-code uit {self.vera_list} die Nabij niet "
                f"ondersteunt; Nabij kent: {self.allowed_text()}"
            )
        raise Invalid(
            f"'{text}' is geen code uit VERA-lijst {self.vera_list}; toegestaan: {self.allowed_text()}"
        )

    def name(self, code: str) -> str:
        return self.names[code]
