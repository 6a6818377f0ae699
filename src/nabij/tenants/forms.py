from django import forms
from django.utils.translation import gettext_lazy as _


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Zoek een huurder"),
        max_length=100,
        help_text=_("Achternaam, postcode met huisnummer (1234 AB 12) of huurcontractnummer"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    page = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)
