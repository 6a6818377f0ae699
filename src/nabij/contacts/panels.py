"""The contacts app's panel on the tenant 360: quick-log form, recent contacts and active signals."""

from nabij.contacts.forms import ContactDetailsForm, QuickLogForm
from nabij.contacts.selectors import household_activity
from nabij.privacy.models import AccessLogEntry
from nabij.privacy.roles import LOG_CONTACT
from nabij.privacy.services import log_access
from nabij.tenants.extensions import Panel, register_panel
from nabij.tenants.selectors import contact_check


def contacts_panel(
    request,
    household,
    *,
    form=None,
    saved: bool = False,
    details_form=None,
    details_saved: bool = False,
    refusals: list[str] | tuple = (),
) -> dict:
    activity = household_activity(household, viewer=request.user)
    if activity.special_shown:
        # Who saw health signals of which household; never what they say.
        log_access(request, AccessLogEntry.Action.VIEW, what="health signal", household_id=household.id)
    can_log = request.user.has_perm(LOG_CONTACT)
    return {
        "household": household,
        "activity": activity,
        "can_log": can_log,
        "form": form or QuickLogForm(),
        "saved": saved,
        "contact_check": contact_check(household) if can_log else None,
        "details_form": details_form or ContactDetailsForm(),
        "details_saved": details_saved,
        "refusals": list(refusals),  # what was refused outside the forms, e.g. closing a signal twice
    }


def register() -> None:
    register_panel(Panel(template="contacts/_panel.html", context=contacts_panel, slot="follow_up", order=10))
