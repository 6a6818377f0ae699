"""What the actions app holds about a household (the links sent and what the tenant registered with them),
registered with `nabij.privacy.registry`. Erasure keeps the rows that campaign statistics count (kind,
dates, answer) and empties everything the tenant typed or that names a contact point."""

from django.utils.translation import gettext_lazy as _

from nabij.actions.models import ActionLink, ActionResponse
from nabij.privacy import registry
from nabij.privacy.registry import HouseholdData, field_labels, model_records

LINK_FIELDS = ["created_at", "kind", "expires_at", "sent_at", "campaign"]
RESPONSE_FIELDS = ["at", "kind", "answer", "other_phone", "note", "best_time", "updated_at"]


def export_links(household_id: int) -> list[dict]:
    return model_records(ActionLink.objects.filter(household_id=household_id), LINK_FIELDS)


def export_responses(household_id: int) -> list[dict]:
    return model_records(ActionResponse.objects.filter(household_id=household_id), RESPONSE_FIELDS)


def erase_links(household_id: int) -> int:
    # The payload may hold a new e-mail address waiting for verification; sent_to points at a contact point.
    return ActionLink.objects.filter(household_id=household_id).update(payload={}, sent_to=None, campaign="")


def erase_responses(household_id: int) -> int:
    return ActionResponse.objects.filter(household_id=household_id).update(
        other_phone="", note="", best_time="", outcome={}
    )


def register() -> None:
    registry.register(
        HouseholdData(
            key="actions.links",
            label=_("Links die we je stuurden"),
            description=_("Links in onze berichten waarmee je met één druk op de knop iets kunt regelen."),
            export=export_links,
            fields=field_labels(ActionLink, LINK_FIELDS),
            erase=erase_links,
            order=100,
            position=310,
        )
    )
    registry.register(
        HouseholdData(
            key="actions.responses",
            label=_("Wat je met een link doorgaf"),
            description=_("Bijvoorbeeld dat je teruggebeld wilde worden of hulp wilde bij het betalen."),
            export=export_responses,
            fields=field_labels(ActionResponse, RESPONSE_FIELDS),
            erase=erase_responses,
            order=100,
            position=320,
        )
    )
