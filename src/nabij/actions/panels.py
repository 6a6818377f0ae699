"""The actions app's panel on the tenant 360: send a one-tap link, and what the household registered."""

from nabij.actions.models import STAFF_KINDS, ActionKind, ActionLink, ActionResponse
from nabij.actions.services import email_contact_point
from nabij.privacy.roles import SEND_ACTION_LINK
from nabij.tenants.extensions import Panel, register_panel

RECENT = 10


def actions_panel(request, household, *, created=None, errors=()) -> dict:
    responses = list(ActionResponse.objects.filter(household=household).order_by("-at", "-id")[:RECENT])
    links = list(
        ActionLink.objects.filter(household=household)
        .exclude(kind=ActionKind.VERIFY_EMAIL)
        .select_related("response")
        .order_by("-created_at", "-id")[:RECENT]
    )
    can_send = request.user.has_perm(SEND_ACTION_LINK)
    return {
        "household": household,
        "responses": responses,
        "links": links,
        "can_send": can_send,
        "kinds": [(kind, ActionKind(kind).label) for kind in STAFF_KINDS],
        "has_email": can_send and email_contact_point(household) is not None,
        "created": created,
        "errors": list(errors),
    }


def register() -> None:
    register_panel(Panel(template="actions/_panel.html", context=actions_panel, slot="follow_up", order=30))
