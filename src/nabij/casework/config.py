"""Casework settings read into usable shapes: SLA per case kind, callback day parts and capacity.

The knobs live in settings (NABIJ_CASE_SLA, NABIJ_CALLBACK_CAPACITY, NABIJ_CALLBACK_CUTOFF, ...); see
docs/casework.md. Parsing is cached per setting value, so changing a setting in a test takes effect.
"""

import datetime as dt
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from nabij.casework.models import CaseKind, DayPart
from nabij.core.workdays import parse_time

# Day parts for callbacks: (starts, ends).
DAY_PARTS: dict[str, tuple[dt.time, dt.time]] = {
    DayPart.MORNING: (dt.time(9, 0), dt.time(12, 0)),
    DayPart.AFTERNOON: (dt.time(13, 0), dt.time(17, 0)),
}


@dataclass(frozen=True)
class Sla:
    amount: int
    unit: str  # "h" working hours, "d" working days


def _pairs(spec: str, name: str) -> dict[str, str]:
    pairs = {}
    for item in spec.split(","):
        if not item.strip():
            continue
        key, sep, value = item.partition("=")
        if not sep:
            raise ImproperlyConfigured(f"{name}: expected key=value, got {item!r}")
        pairs[key.strip()] = value.strip()
    return pairs


@cache
def _sla(spec: str) -> dict[str, Sla]:
    result = {}
    for kind, value in _pairs(spec, "NABIJ_CASE_SLA").items():
        if kind not in CaseKind.values or value[-1:] not in ("h", "d") or not value[:-1].isdigit():
            raise ImproperlyConfigured(f"NABIJ_CASE_SLA: cannot read {kind}={value}")
        result[kind] = Sla(int(value[:-1]), value[-1])
    return result


def sla_for(kind: str) -> Sla:
    """The SLA of a case kind (3 working days when the setting does not name the kind)."""
    return _sla(settings.NABIJ_CASE_SLA).get(kind, Sla(3, "d"))


@cache
def _capacity(spec: str) -> dict[str, int]:
    result = {part: 0 for part in DAY_PARTS}
    for part, value in _pairs(spec, "NABIJ_CALLBACK_CAPACITY").items():
        if part not in DAY_PARTS or not value.isdigit():
            raise ImproperlyConfigured(f"NABIJ_CALLBACK_CAPACITY: cannot read {part}={value}")
        result[part] = int(value)
    return result


def callback_capacity() -> dict[str, int]:
    """Callbacks the team can do per day part."""
    return _capacity(settings.NABIJ_CALLBACK_CAPACITY)


def callback_cutoff() -> dt.time:
    return parse_time(settings.NABIJ_CALLBACK_CUTOFF)
