from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from nabij.contacts.models import (
    Channel,
    CustomerProcess,
    Development,
    Direction,
    Outcome,
    SignalCategory,
    Urgency,
)
from nabij.contacts.selectors import recent_developments
from nabij.contacts.services import NOTE_MAX, SUBJECT_MAX, SignalInput
from nabij.tenants.services import normalise_email, normalise_mobile


def development_choices() -> list[tuple[int, str]]:
    """Developments of the last 12 months, newest first, for tagging a signal in the quick-log form."""
    return [(d.id, f"{d.title} ({d.date:%d-%m-%Y})") for d in recent_developments()]


def process_choices() -> list[tuple[str, str]]:
    labels = dict(CustomerProcess.choices)
    return [(code, labels[code]) for code in settings.NABIJ_CUSTOMER_PROCESSES if code in labels]


class QuickLogForm(forms.Form):
    """The quick-log panel: one contact with at most one signal. The note goes with the signal when there is
    one (so a masked signal masks its note), else with the contact."""

    category = forms.ChoiceField(
        label=_("Signaal"), choices=[("", _("Geen signaal")), *SignalCategory.choices], required=False
    )
    note = forms.CharField(label=_("Notitie"), max_length=NOTE_MAX, required=False)
    urgency = forms.ChoiceField(label=_("Urgentie"), choices=Urgency.choices, initial=Urgency.LOW)
    follow_up_wanted = forms.BooleanField(label=_("Huurder wil opvolging"), required=False)
    consent = forms.BooleanField(label=_("Huurder geeft toestemming voor opvolging"), required=False)
    channel = forms.ChoiceField(label=_("Kanaal"), choices=Channel.choices, initial=Channel.PHONE)
    direction = forms.ChoiceField(label=_("Richting"), choices=Direction.choices, initial=Direction.INCOMING)
    process = forms.ChoiceField(
        label=_("Klantproces"), choices=process_choices, initial=CustomerProcess.TELEPHONY
    )
    outcome = forms.ChoiceField(label=_("Resultaat"), choices=Outcome.choices, initial=Outcome.REACHED)
    subject = forms.CharField(label=_("Onderwerp"), max_length=SUBJECT_MAX, required=False)
    development = forms.TypedChoiceField(
        label=_("Hoort bij ontwikkeling"), coerce=int, empty_value=None, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["development"].choices = [("", _("Geen")), *development_choices()]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        signals = []
        if data["category"]:
            signals.append(
                SignalInput(
                    category=data["category"],
                    urgency=data["urgency"],
                    follow_up_wanted=data["follow_up_wanted"],
                    consent=data["consent"],
                    note=data["note"],
                )
            )
        return {
            "channel": data["channel"],
            "direction": data["direction"],
            "process": data["process"],
            "outcome": data["outcome"],
            "subject": data["subject"],
            "note": "" if signals else data["note"],
            "signals": signals,
            "developments": [data["development"]] if data["development"] else [],
        }

    def add_service_errors(self, exc) -> None:
        for field, messages in exc.message_dict.items():
            target = field if field in self.fields else None
            if field == "signal_note":
                target = "note"
            if field == "developments":
                target = "development"
            for message in messages:
                self.add_error(target, message)


class ContactDetailsForm(forms.Form):
    """Correct or add the household's e-mail address and/or mobile number, checked in the conversation."""

    email = forms.CharField(label=_("E-mailadres"), max_length=254, required=False)
    mobile = forms.CharField(label=_("Mobiel nummer"), max_length=30, required=False)

    def clean_email(self) -> str:
        value = self.cleaned_data["email"].strip()
        return normalise_email(value) if value else ""

    def clean_mobile(self) -> str:
        value = self.cleaned_data["mobile"].strip()
        return normalise_mobile(value) if value else ""

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("email") and not data.get("mobile"):
            raise forms.ValidationError(_("Vul een e-mailadres of een mobiel nummer in."), code="empty")
        return data

    def corrections(self) -> list[tuple[str, str]]:
        """(kind, value) for `tenants.services.correct_contact_point`, e-mail first."""
        data = self.cleaned_data
        return [(kind, data[field]) for kind, field in (("EMA", "email"), ("MOB", "mobile")) if data[field]]


class DevelopmentForm(forms.ModelForm):
    """Policy staff log an external development. Validation happens in the services (model rules)."""

    link = forms.URLField(label=_("Link naar bron"), required=False, assume_scheme="https")

    class Meta:
        model = Development
        fields = ["title", "date", "description", "expected_effect", "link"]
        labels = {
            "title": _("Titel"),
            "date": _("Datum"),
            "description": _("Beschrijving"),
            "expected_effect": _("Verwacht effect op huurders"),
        }
        help_texts = {
            "expected_effect": _(
                "Welke huurders merken dit, en hoe? Bijvoorbeeld: hogere voorschotten energie."
            ),
        }
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 4}),
            "expected_effect": forms.Textarea(attrs={"rows": 3}),
        }
