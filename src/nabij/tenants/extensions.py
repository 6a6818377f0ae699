"""How apps that depend on `tenants` add to its pages without `tenants` importing them.

An app registers from its AppConfig.ready():
- a panel on the tenant 360 page (rent and arrears from `ledger`; later signals, cases, risk), and
- counts for the "Gegevens" page (how many bookings, arrangements, ...).
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    """A section of the tenant 360 page: a template plus a function that returns its context."""

    template: str
    context: Callable  # (request, household) -> dict
    # "overview": beside the household's own data; "follow_up": signals, cases and risk.
    slot: str = "follow_up"
    order: int = 100


_panels: list[Panel] = []
_counts: dict[str, Callable[[], int]] = {}


def register_panel(panel: Panel) -> None:
    _panels.append(panel)
    _panels.sort(key=lambda p: p.order)


def panels(slot: str) -> list[Panel]:
    return [panel for panel in _panels if panel.slot == slot]


def register_count(key: str, label: str, count: Callable[[], int]) -> None:
    """`label` is shown on the Gegevens page (give a lazily translated string)."""
    _counts[key] = (label, count)


def counts() -> list[tuple[str, int]]:
    return [(label, count()) for label, count in _counts.values()]
