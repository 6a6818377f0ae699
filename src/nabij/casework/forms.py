"""Forms of the casework pages. They only shape input; rules live in casework.services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from nabij.casework.models import CaseKind, CaseOutcome, CaseStatus
from nabij.contacts.models import Channel, Direction, Outcome, Team


class QueueFilterForm(forms.Form):
    team = forms.ChoiceField(label=_("Team"), required=False)
    kind = forms.ChoiceField(
        label=_("Soort"), required=False, choices=[("", _("Alle soorten")), *CaseKind.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Alle open zaken")), *CaseStatus.choices]
    )
    owner = forms.ChoiceField(label=_("Behandelaar"), required=False)
    pagina = forms.IntegerField(required=False, min_value=1)

    def __init__(self, *args, teams, teammates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [(t, Team(t).label) for t in teams]
        self.fields["owner"].choices = [
            ("", _("Iedereen")),
            ("mij", _("Ik")),
            ("niemand", _("Nog niemand")),
            *[(str(u.pk), u.get_full_name() or u.username) for u in teammates],
        ]


# Every form on the case page has its own prefix, so field names and ids never clash.
class StatusForm(forms.Form):
    prefix = "status"
    status = forms.ChoiceField(label=_("Nieuwe status"), choices=CaseStatus.choices)
    note = forms.CharField(label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CloseForm(forms.Form):
    prefix = "afronden"
    outcome = forms.ChoiceField(
        label=_("Uitkomst"),
        choices=CaseOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies een uitkomst om de zaak af te ronden.")},
    )
    note = forms.CharField(label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AttemptForm(forms.Form):
    prefix = "poging"
    channel = forms.ChoiceField(label=_("Kanaal"), choices=Channel.choices, initial=Channel.PHONE)
    direction = forms.ChoiceField(label=_("Richting"), choices=Direction.choices, initial=Direction.OUTGOING)
    outcome = forms.ChoiceField(
        label=_("Bereikt?"), choices=Outcome.choices, initial=Outcome.REACHED, widget=forms.RadioSelect
    )
    note = forms.CharField(label=_("Notitie"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class NoteForm(forms.Form):
    prefix = "notitie"
    text = forms.CharField(
        label=_("Notitie"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Schrijf eerst een notitie.")},
    )


class OpenCaseForm(forms.Form):
    """A case staff open by hand from the tenant 360 (callbacks and signal follow-ups open themselves)."""

    prefix = "zaak"
    kind = forms.ChoiceField(
        label=_("Soort"),
        choices=[
            (k, label) for k, label in CaseKind.choices if k not in (CaseKind.CALLBACK, "opvolging_signaal")
        ],
        error_messages={
            "invalid_choice": _("Kies een soort zaak uit de lijst."),
            "required": _("Kies een soort zaak uit de lijst."),
        },
    )
    team = forms.ChoiceField(
        label=_("Team"),
        choices=Team.choices,
        error_messages={
            "invalid_choice": _("Kies een team uit de lijst."),
            "required": _("Kies een team uit de lijst."),
        },
    )
    summary = forms.CharField(label=_("Omschrijving"), max_length=200, required=False)
