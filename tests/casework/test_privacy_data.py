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


def test_referrals_arrangements_and_early_signals_are_in_the_export_and_their_texts_erased(
    household, tenancy
):
    from nabij.casework import early_signals
    from nabij.casework.models import Partner, Referral
    from nabij.casework.privacy_data import (
        erase_referrals,
        export_arrangements,
        export_early_signals,
        export_referrals,
    )
    from nabij.casework.services import record_arrangement, refer
    from nabij.privacy.erasure import erase_household

    case = open_case(household=household, kind="betaalhulp", team="incasso", source="x", tenancy=tenancy)
    change_status(case, "in_behandeling")
    partner = Partner.objects.create(name="Schuldhulp Utrecht", kind="schuldhulp", municipality="Utrecht")
    refer(
        case,
        partner=partner,
        consent_given_by="Wilhelmina Bakker",
        consent_purpose="Achterstand delen met schuldhulp",
        handover_note="Belt liefst na 3 uur",
    )
    record_arrangement(
        case, status="AAN", instalment_count=4, instalment_cents=7500, start_date=dt.date.today()
    )
    early_signals.record_step(tenancy, "bezwaar")
    referrals = export_referrals(household.id)
    assert referrals[0]["partner"] == "Schuldhulp Utrecht"
    assert referrals[0]["consent_given_by"] == "Wilhelmina Bakker"
    assert export_arrangements(household.id)[0]["instalment_count"] == 4
    assert export_early_signals(household.id)[0]["kind"] == "Bezwaar tegen melding"
    keys = {p.key for p in registry.providers()}
    assert {
        "casework.referrals",
        "casework.arrangements",
        "casework.early_signals",
        "casework.outreach",
    } <= keys
    erase_household(household.id)
    referral = Referral.objects.get()
    assert (referral.consent_given_by, referral.handover_note, referral.consent_purpose) == ("", "", "")
    assert erase_referrals(household.id) == 1
