"""The case state machine: every allowed transition works, every other is refused with a clear message;
afgerond needs an outcome, vervallen a reason; contact attempts, notes and assignment land in the history."""

import itertools

import pytest
from django.core.exceptions import ValidationError

from nabij.casework.models import TRANSITIONS, Case, CaseEvent, CaseStatus
from nabij.casework.services import (
    add_note,
    assign,
    bulk_assign,
    change_status,
    log_attempt,
    open_case,
    take_next,
)
from nabij.privacy.roles import INCASSO, KLANTADVISEUR, TEAMLEIDER
from tests import factories

pytestmark = pytest.mark.django_db

ALLOWED = {
    ("nieuw", "in_behandeling"),
    ("nieuw", "vervallen"),
    ("in_behandeling", "wacht_op_huurder"),
    ("in_behandeling", "wacht_op_partner"),
    ("in_behandeling", "afgerond"),
    ("in_behandeling", "vervallen"),
    ("wacht_op_huurder", "in_behandeling"),
    ("wacht_op_huurder", "afgerond"),
    ("wacht_op_huurder", "vervallen"),
    ("wacht_op_partner", "in_behandeling"),
    ("wacht_op_partner", "afgerond"),
    ("wacht_op_partner", "vervallen"),
}
PAIRS = list(itertools.product(CaseStatus.values, repeat=2))


def a_case(household, status="nieuw", **overrides) -> Case:
    values = {"household": household, "kind": "betaalhulp", "team": "incasso", "source": "medewerker"}
    values.update(overrides)
    case = open_case(**values)
    if status != "nieuw":
        case.status = status
        case.save()
    return case


def test_the_table_above_is_the_state_machine():
    assert {(a, b) for a, targets in TRANSITIONS.items() for b in targets} == ALLOWED


def _extra(to_status):
    if to_status == "afgerond":
        return {"outcome": "geen_hulp_nodig"}
    if to_status == "vervallen":
        return {"note": "Dubbel aangemaakt"}
    return {}


@pytest.mark.parametrize(("from_status", "to_status"), sorted(ALLOWED))
def test_allowed_transition_works_and_is_recorded(household, from_status, to_status):
    case = a_case(household, from_status)
    user = factories.staff_user(INCASSO)
    change_status(case, to_status, actor=user, **_extra(to_status))
    case.refresh_from_db()
    assert case.status == to_status
    assert case.is_open == (to_status not in ("afgerond", "vervallen"))
    event = case.events.filter(kind=CaseEvent.Kind.STATUS).get()
    assert (event.from_status, event.to_status, event.actor) == (from_status, to_status, user)


@pytest.mark.parametrize(("from_status", "to_status"), [p for p in PAIRS if p not in ALLOWED])
def test_every_other_transition_is_refused_with_a_clear_message(household, from_status, to_status):
    case = a_case(household, from_status)
    with pytest.raises(ValidationError) as refused:
        change_status(case, to_status, **_extra(to_status))
    message = refused.value.message_dict["status"][0]
    old, new = CaseStatus(from_status).label, CaseStatus(to_status).label
    assert message == f"Een zaak met status ‘{old}’ kan niet naar ‘{new}’."
    case.refresh_from_db()
    assert case.status == from_status
    assert not case.events.filter(kind=CaseEvent.Kind.STATUS).exists()


def test_closing_needs_an_outcome_and_records_it(household):
    case = a_case(household, "in_behandeling")
    with pytest.raises(ValidationError) as refused:
        change_status(case, "afgerond")
    assert refused.value.message_dict["outcome"] == ["Kies een uitkomst om de zaak af te ronden."]
    change_status(case, "afgerond", outcome="betalingsregeling", note="6 termijnen van 120 euro")
    case.refresh_from_db()
    assert case.outcome == "betalingsregeling" and case.closed_at is not None
    assert case.events.first().text == "Betalingsregeling afgesproken. 6 termijnen van 120 euro"


def test_an_outcome_belongs_to_closing_only(household):
    case = a_case(household)
    with pytest.raises(ValidationError) as refused:
        change_status(case, "in_behandeling", outcome="doorverwezen")
    assert "bij het afronden" in refused.value.message_dict["outcome"][0]


def test_cancelling_needs_a_reason(household):
    case = a_case(household)
    with pytest.raises(ValidationError) as refused:
        change_status(case, "vervallen")
    assert refused.value.message_dict["note"] == ["Schrijf in de notitie waarom de zaak vervalt."]


def test_not_reached_needs_three_unanswered_attempts_logged_as_contacts(household):
    user = factories.staff_user(INCASSO)
    case = a_case(household)
    log_attempt(case, user, outcome="niet_bereikt", note="Voicemail")
    case.refresh_from_db()
    assert case.status == "in_behandeling"  # the first attempt starts the work
    log_attempt(case, user, outcome="niet_bereikt")
    with pytest.raises(ValidationError) as refused:
        change_status(case, "afgerond", outcome="niet_bereikt")
    assert "na 3 vastgelegde pogingen zonder gehoor (nu 2)" in refused.value.message_dict["outcome"][0]
    log_attempt(case, user, channel="SMS", outcome="niet_bereikt")
    change_status(case, "afgerond", outcome="niet_bereikt")
    # Each attempt is a real contact on the household's record, with the case's customer process.
    contacts = household.contacts.all()
    assert contacts.count() == 3 and set(case.contacts.all()) == set(contacts)
    assert {c.process for c in contacts} == {"betaalhulp"} and {c.direction for c in contacts} == {"UIT"}
    assert case.events.filter(kind=CaseEvent.Kind.CONTACT).count() == 3
    assert "Voicemail" in case.events.filter(kind=CaseEvent.Kind.CONTACT).last().text


def test_notes_and_assignment_are_history(household):
    lead, adviser = factories.staff_user(TEAMLEIDER), factories.staff_user(INCASSO, username="fatima")
    case = a_case(household)
    add_note(case, "Huurder belt morgen zelf terug", actor=adviser)
    with pytest.raises(ValidationError):
        add_note(case, "   ")
    assign(case, adviser, actor=lead)
    kinds = list(case.events.values_list("kind", "text"))
    assert kinds[:2] == [("toegewezen", "fatima"), ("notitie", "Huurder belt morgen zelf terug")]


def test_only_team_members_get_a_teams_case(household):
    kcc = factories.staff_user(KLANTADVISEUR, username="kees")
    case = a_case(household)  # incasso
    with pytest.raises(ValidationError) as refused:
        assign(case, kcc)
    assert refused.value.message_dict["owner"] == ["kees werkt niet in het team Huurincasso."]
    with pytest.raises(ValidationError):
        bulk_assign([case.pk], kcc)
    assert Case.objects.get(pk=case.pk).owner is None


def test_bulk_assign_is_all_or_nothing(household):
    adviser = factories.staff_user(INCASSO)
    open_cases = [a_case(household) for _ in range(3)]
    closed = a_case(household, "afgerond")
    with pytest.raises(ValidationError) as refused:
        bulk_assign([c.pk for c in open_cases] + [closed.pk], adviser)
    assert "al afgesloten" in refused.value.message_dict["cases"][0]
    assert not Case.objects.filter(owner=adviser).exists()
    result = bulk_assign([c.pk for c in open_cases], adviser)
    assert result.assigned == 3 and Case.objects.filter(owner=adviser).count() == 3


def test_take_next_gives_the_case_due_first_of_my_team(household):
    from nabij.core.clock import frozen_clock
    from tests.casework.conftest import amsterdam

    with frozen_clock(amsterdam(2026, 3, 2, 10)):
        later = a_case(household, kind="proactief", team="klantcontact")
        sooner = a_case(household, kind="terugbellen", team="klantcontact")
        a_case(household, kind="betaalhulp", team="incasso")  # another team's: never handed out here
    kcc = factories.staff_user(KLANTADVISEUR)
    first = take_next(kcc)
    assert first.pk == sooner.pk and first.owner == kcc and first.status == "in_behandeling"
    assert take_next(kcc).pk == later.pk
    assert take_next(kcc) is None


def test_history_is_written_in_dutch_whatever_the_users_language(household):
    from django.utils import translation

    user = factories.staff_user(INCASSO)
    case = a_case(household)
    with translation.override("en"):
        log_attempt(case, user, outcome="niet_bereikt")
    assert case.events.get(kind=CaseEvent.Kind.CONTACT).text == "Telefoon, niet bereikt"
    assert household.contacts.get().subject == "Betaalhulp"
