"""Opaque link tokens: 128 random bits from `secrets`, URL-safe base64 (22 characters, short enough for an
SMS), stored only as their SHA-256 hash."""

import hashlib
import re
import secrets

TOKEN_BYTES = 16
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{22}$")


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def looks_like_token(token: str) -> bool:
    """Whether `token` has the shape of one of ours (anything else is unknown without a database query)."""
    return bool(TOKEN_RE.match(token or ""))
