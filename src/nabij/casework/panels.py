"""Casework's panel on the tenant 360: open cases, callbacks still to come, a running dunning pause."""

from nabij.casework.forms import OpenCaseForm
from nabij.casework.selectors import household_casework
from nabij.privacy.roles import CHANGE_CASE, VIEW_CASE
from nabij.tenants.extensions import Panel, register_panel


def casework_panel(request, household) -> dict:
    if not request.user.has_perm(VIEW_CASE):
        return {"hidden": True}
    context = household_casework(household)
    if request.user.has_perm(CHANGE_CASE):
        context["open_form"] = OpenCaseForm()
        context["household_key"] = household.key
    return context


def register() -> None:
    register_panel(
        Panel(template="casework/_household_panel.html", context=casework_panel, slot="follow_up", order=20)
    )
