"""Outcome labels that name a setting follow it (the translator's catalogue has plural forms for them)."""

from django.utils import translation

from nabij.casework.models import CaseOutcome


def test_not_reached_label_names_the_attempts_the_setting_asks_for(settings):
    with translation.override("nl"):
        settings.NABIJ_CASE_MIN_ATTEMPTS = 3
        assert str(CaseOutcome.NOT_REACHED.label) == "Niet bereikt na 3 pogingen"
        settings.NABIJ_CASE_MIN_ATTEMPTS = 1
        assert str(CaseOutcome("niet_bereikt").label) == "Niet bereikt na 1 poging"
        assert dict(CaseOutcome.choices)["niet_bereikt"] == "Niet bereikt na 1 poging"
