"""Sections other apps add to the tenant 360 page (signals, cases, risk, ...).

Apps that depend on `tenants` register a panel from their AppConfig.ready(); `tenants` never
imports them. A panel is a template plus a function that returns its context for one household.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    title: str
    template: str
    context: Callable  # (request, household) -> dict
    order: int = 100


_panels: list[Panel] = []


def register_panel(panel: Panel) -> None:
    _panels.append(panel)
    _panels.sort(key=lambda p: p.order)


def panels() -> list[Panel]:
    return list(_panels)
