"""Opening a case: deadline from the kind's SLA (working hours or days, Dutch holidays skipped), status
nieuw, a history line; wrong input refused per field."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from nabij.casework.models import Case, CaseEvent, CaseKind, CaseStatus, Priority
from nabij.casework.services import open_case
from nabij.core.clock import frozen_clock
from tests import factories
from tests.casework.conftest import amsterdam

pytestmark = pytest.mark.django_db


def test_open_case_starts_new_with_history_and_kind_default_priority(household, tenancy):
    with frozen_clock(amsterdam(2026, 3, 2, 10)):
        case = open_case(
            household=household,
            kind="opvolging_signaal",
            team="wijk",
            source="signaal",
            summary="Eenzaamheid, wil graag bezoek",
            tenancy=tenancy,
        )
    assert case.status == CaseStatus.NEW and case.is_open
    assert case.priority == Priority.HIGH
    event = case.events.get()
    assert (event.kind, event.to_status, event.text) == (
        CaseEvent.Kind.CREATED,
        CaseStatus.NEW,
        "Eenzaamheid, wil graag bezoek",
    )


@pytest.mark.parametrize(
    ("sla", "opened", "due"),
    [
        # Working days: due at closing time (17:00) of the n-th working day after today.
        ("betaalhulp=3d", amsterdam(2026, 3, 4, 10), amsterdam(2026, 3, 9, 17)),  # Wed → Mon over a weekend
        ("betaalhulp=1d", amsterdam(2026, 4, 24, 10), amsterdam(2026, 4, 28, 17)),  # Fri → Tue, Koningsdag
        ("betaalhulp=1d", amsterdam(2025, 12, 24, 10), amsterdam(2025, 12, 29, 17)),  # Kerst + weekend
        ("betaalhulp=0d", amsterdam(2026, 3, 2, 10), amsterdam(2026, 3, 2, 17)),  # today
        # Working hours within 09:00-17:00.
        ("betaalhulp=4h", amsterdam(2026, 3, 2, 10), amsterdam(2026, 3, 2, 14)),
        ("betaalhulp=4h", amsterdam(2026, 3, 6, 15), amsterdam(2026, 3, 9, 11)),  # Fri → Mon
        ("betaalhulp=4h", amsterdam(2026, 4, 24, 16), amsterdam(2026, 4, 28, 12)),  # over Koningsdag
        ("betaalhulp=4h", amsterdam(2026, 3, 7, 11), amsterdam(2026, 3, 9, 13)),  # Saturday: from Mon 9:00
        ("betaalhulp=4h", amsterdam(2026, 3, 2, 7), amsterdam(2026, 3, 2, 13)),  # before opening
        ("betaalhulp=16h", amsterdam(2025, 12, 24, 13), amsterdam(2025, 12, 30, 13)),  # Kerst
    ],
)
def test_sla_deadline_skips_evenings_weekends_and_dutch_holidays(household, settings, sla, opened, due):
    settings.NABIJ_CASE_SLA = sla
    with frozen_clock(opened):
        case = open_case(household=household, kind="betaalhulp", team="incasso", source="medewerker")
    assert case.due_at == due


def test_a_given_deadline_wins(household):
    due = amsterdam(2026, 3, 3, 12)
    case = open_case(household=household, kind="terugbellen", team="klantcontact", source="x", due_at=due)
    assert case.due_at == due


def test_wrong_input_is_refused_per_field_and_nothing_is_saved(household):
    other = factories.tenancy(factories.household(), factories.unit())
    with pytest.raises(ValidationError) as refused:
        open_case(
            household=household,
            kind="koffie",
            team="bestuur",
            source="",
            summary="x" * 201,
            tenancy=other,
            priority=9,
        )
    assert set(refused.value.message_dict) == {"kind", "team", "source", "summary", "tenancy", "priority"}
    assert "Kies een soort zaak" in refused.value.message_dict["kind"][0]
    assert not Case.objects.exists()


def test_open_case_rolls_back_with_the_callers_transaction(household):
    with pytest.raises(RuntimeError), transaction.atomic():
        open_case(household=household, kind=CaseKind.PROACTIVE, team="klantcontact", source="medewerker")
        raise RuntimeError
    assert not Case.objects.exists()
