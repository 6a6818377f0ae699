"""Casework's answers to other apps' hooks (registered in CaseworkConfig.ready())."""

from nabij.casework.models import CaseKind, Priority
from nabij.casework.services import open_case
from nabij.contacts.extensions import FollowUp
from nabij.contacts.models import SPECIAL_CATEGORIES, SignalCategory, Urgency
from nabij.core import workdays


def open_signal_case(follow_up: FollowUp) -> None:
    """An urgent signal the tenant wants followed up becomes an "opvolging signaal" case for the team that
    owns its category, due at closing time on the follow-up day. The summary names the category, except
    for special categories (health): those show only to who may see the signal itself."""
    signal = follow_up.signal
    if signal.category in SPECIAL_CATEGORIES:
        summary = "Opvolging signaal"
    else:
        summary = f"Opvolging signaal: {SignalCategory(signal.category).label}"
    open_case(
        household=signal.household,
        kind=CaseKind.SIGNAL_FOLLOW_UP,
        team=follow_up.team,
        source="signaal",
        summary=summary,
        priority=Priority.URGENT if signal.urgency == Urgency.ACUTE else Priority.HIGH,
        due_at=workdays.close_of_day(follow_up.due_date),
        signal=signal,
        actor=follow_up.user,
    )
