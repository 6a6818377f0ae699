"""How apps that depend on `contacts` take over work it creates, without `contacts` importing them.

An urgent signal (hoog, acuut) the tenant wants followed up is handed to every registered follow-up
handler, inside the transaction that logs the contact: casework registers one from its AppConfig.ready()
that opens an "opvolging signaal" case for the owning team. A handler that raises rolls the contact back.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class FollowUp:
    """What the follow-up of one signal needs: the signal (with its household), the team that owns its
    category, the date it is due and who logged it (None for the system)."""

    signal: object  # contacts.models.Signal
    team: str
    due_date: dt.date
    user: object | None


_follow_up_handlers: list[Callable[[FollowUp], None]] = []


def register_follow_up_handler(handler: Callable[[FollowUp], None]) -> None:
    if handler not in _follow_up_handlers:
        _follow_up_handlers.append(handler)


def hand_over(follow_up: FollowUp) -> None:
    for handler in list(_follow_up_handlers):
        handler(follow_up)
