"""What casework holds about a household reaches the subject-access export, erasure and retention."""

import datetime as dt

import pytest

from nabij.casework.models import Callback, Case, CaseEvent, DunningPause
from nabij.casework.privacy_data import apply_text_retention, erase_cases, export_cases, export_events
from nabij.casework.services import add_note, book_callback, change_status, open_case, start_dunning_pause
from nabij.core.clock import frozen_clock
from nabij.privacy import registry
from tests.casework.conftest import amsterdam

pytestmark = pytest.mark.django_db


def test_cases_and_their_history_are_exported_and_erased(household, tenancy):
    case = open_case(household=household, kind="betaalhulp", team="incasso", source="x", summary="Schulden")
    add_note(case, "Partner is ziek")
    exported = export_cases(household.id)
    assert exported[0]["kind"] == "Betaalhulp" and exported[0]["summary"] == "Schulden"
    assert any(row["text"] == "Partner is ziek" for row in export_events(household.id))
    assert {"casework.cases", "casework.case_history", "casework.callbacks", "casework.dunning_pauses"} <= {
        p.key for p in registry.providers()
    }
    erase_cases(household.id)
    case.refresh_from_db()
    assert case.summary == "" and not CaseEvent.objects.exclude(text="").exists()
    assert Case.objects.count() == 1  # the row stays for the workload figures


def test_retention_empties_texts_of_long_closed_cases_and_ended_pauses(household, tenancy):
    with frozen_clock(amsterdam(2023, 3, 1, 10)):
        old = book_callback(household=household, source="klik-actie", phone_note="Bel na 3 uur").case
        change_status(old, "in_behandeling")
        change_status(old, "afgerond", outcome="geholpen", note="Vraag beantwoord")
        start_dunning_pause(tenancy=tenancy, reason="Regeling", days=10)
    recent = open_case(household=household, kind="betaalhulp", team="incasso", source="x", summary="Nu")
    cutoff = dt.date(2024, 1, 1)
    assert apply_text_retention(cutoff, dry_run=True) == 2
    assert apply_text_retention(cutoff, dry_run=False) == 2
    old.refresh_from_db()
    assert old.summary == "" and not old.events.exclude(text="").exists()
    assert Callback.objects.get().phone_note == "" and DunningPause.objects.get().reason == ""
    assert Case.objects.get(pk=recent.pk).summary == "Nu"
    assert apply_text_retention(cutoff, dry_run=True) == 0
