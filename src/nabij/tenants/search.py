"""Normalising what staff type into the search box."""

import re
import unicodedata

POSTCODE_RE = re.compile(r"^\s*(\d{4})\s*([a-zA-Z]{2})\s*[,\-]?\s*(\d+)?\s*([a-zA-Z])?\s*$")


def normalise_name(text: str) -> str:
    """Lower case, accents removed, so "Çelik" and "celik" match."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower().strip()


def normalise_postcode(text: str) -> str:
    """ "1234 ab" → "1234AB"."""
    return re.sub(r"\s+", "", text).upper()
