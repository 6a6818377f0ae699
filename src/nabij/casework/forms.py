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


class ArrangementForm(forms.Form):
    prefix = "regeling"
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("AAN", _("Voorgesteld (aangevraagd)")), ("ACT", _("Afgesproken (actief)"))],
        widget=forms.RadioSelect,
        initial="AAN",
        error_messages={"required": _("Status: kies voorgesteld of afgesproken.")},
    )
    instalment_count = forms.IntegerField(
        label=_("Aantal termijnen"),
        min_value=1,
        max_value=60,
        error_messages={
            "required": _("Aantal termijnen: vul een aantal in."),
            "invalid": _("Aantal termijnen: vul een heel getal in."),
            "min_value": _("Aantal termijnen: kies 1 tot en met 60."),
            "max_value": _("Aantal termijnen: kies 1 tot en met 60."),
        },
    )
    instalment = forms.DecimalField(
        label=_("Bedrag per termijn (euro)"),
        max_digits=7,
        decimal_places=2,
        localize=True,
        error_messages={
            "required": _("Bedrag per termijn: vul een bedrag in."),
            "invalid": _("Bedrag per termijn: vul een bedrag in, bijvoorbeeld 75,00."),
        },
    )
    start_date = forms.DateField(
        label=_("Eerste termijn op"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": _("Eerste termijn op: kies een datum."),
            "invalid": _("Eerste termijn op: kies een geldige datum."),
        },
    )


class PauseForm(forms.Form):
    prefix = "incassostop"
    action = forms.ChoiceField(
        choices=[("start", "start"), ("verlengen", "verlengen"), ("beeindigen", "beeindigen")]
    )
    days = forms.IntegerField(
        label=_("Aantal dagen"),
        required=False,
        min_value=1,
        max_value=366,
        error_messages={
            "invalid": _("Aantal dagen: vul een heel getal in."),
            "min_value": _("Aantal dagen: kies 1 tot en met 366."),
            "max_value": _("Aantal dagen: kies 1 tot en met 366."),
        },
    )


class ReferralForm(forms.Form):
    prefix = "doorverwijzing"
    partner = forms.ModelChoiceField(
        label=_("Partner"),
        queryset=None,
        error_messages={
            "required": _("Partner: kies een partner uit de lijst."),
            "invalid_choice": _("Partner: kies een partner uit de lijst."),
        },
    )
    consent_given_by = forms.CharField(label=_("Toestemming gegeven door"), max_length=120, required=False)
    consent_purpose = forms.CharField(
        label=_("Toestemming voor"),
        max_length=300,
        required=False,
        help_text=_("Bijvoorbeeld: gegevens en achterstand delen met de schuldhulp van de gemeente."),
    )
    handover_note = forms.CharField(
        label=_("Overdrachtsnotitie"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        from nabij.casework.models import Partner

        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Partner.objects.filter(active=True)


class ReferralResultForm(forms.Form):
    prefix = "resultaat"
    status = forms.ChoiceField(
        label=_("Wat is ervan geworden?"),
        choices=[
            ("in_behandeling", _("In behandeling bij partner")),
            ("afgerond", _("Afgerond door partner")),
            ("niet_gestart", _("Niet gestart")),
        ],
        error_messages={"required": _("Kies wat er van de doorverwijzing is geworden.")},
    )
    result_note = forms.CharField(
        label=_("Resultaat"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
