"""The services and selectors check permissions themselves: a view that forgot its decorator, or another app
calling them for a user, still cannot act beyond that user's role."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from nabij.contacts import selectors, services
from nabij.contacts.models import Contact, Development, Signal
from nabij.tenants.models import ImportRun
from nabij.tenants.services import queue_import
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_policy_officer_cannot_log_a_contact_through_the_service():
    household = factories.household()
    with pytest.raises(PermissionDenied):
        services.log_contact(household, factories.staff_user("beleid"), note="Belde over de huur")
    assert not Contact.objects.exists()


def test_a_customer_adviser_cannot_log_a_development_or_queue_an_import():
    adviser = factories.staff_user("klantadviseur")
    with pytest.raises(PermissionDenied):
        services.create_development(adviser, title="Energieprijzen omhoog", date="2026-10-01")
    with pytest.raises(PermissionDenied):
        queue_import([SimpleUploadedFile("eenheden.csv", b"x")], adviser)
    assert not Development.objects.exists() and not ImportRun.objects.exists()


def test_a_functional_administrator_cannot_read_a_households_contacts():
    household = factories.household()
    with pytest.raises(PermissionDenied):
        selectors.household_activity(household, viewer=factories.staff_user("functioneel_beheer"))


def test_health_is_masked_by_the_selector_and_only_closed_by_who_may_see_it():
    household = factories.household()
    services.log_contact(
        household, None, signals=[services.SignalInput("gezondheid", note="Heeft COPD, kan geen trap op")]
    )
    adviser = factories.staff_user("klantadviseur")
    activity = selectors.household_activity(household, viewer=adviser)
    assert "COPD" not in repr(activity) and "gezondheid" not in repr(activity).lower()

    consultant = factories.staff_user("wijkconsulent")
    shown = selectors.household_activity(household, viewer=consultant)
    assert shown.active_signals[0].note == "Heeft COPD, kan geen trap op"

    signal = Signal.objects.get()
    with pytest.raises(PermissionDenied):
        services.end_signal(signal, status="PAS", by=adviser)
    services.end_signal(signal, status="PAS", by=consultant)
    signal.refresh_from_db()
    assert signal.status == "PAS"
