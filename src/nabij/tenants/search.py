"""Normalising what staff type into the search box."""

import re
import unicodedata

POSTCODE_RE = re.compile(r"^\s*(\d{4})\s*([a-zA-Z]{2})\s*[,\-]?\s*(\d+)?\s*([a-zA-Z])?\s*$")


# Letters that Unicode does not decompose into a base letter plus an accent.
_UNDECOMPOSABLE = str.maketrans(
    {"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss", "đ": "d", "Đ": "D"}
)


def normalise_name(text: str) -> str:
    """Lower case, accents removed, so "Çelik" matches "celik" and "Yılmaz" matches "yilmaz"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSABLE))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).lower().split())


def normalise_postcode(text: str) -> str:
    """ "1234 ab" → "1234AB"."""
    return re.sub(r"\s+", "", text).upper()
