"""Dunning pauses (incassostop, BEWAKINGSSTATUS ONH): start, extend instead of doubling, end, and ending
by themselves when their date passes."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from nabij.casework.models import CaseEvent, DunningPause
from nabij.casework.selectors import active_dunning_pause, monitoring_state
from nabij.casework.services import (
    end_dunning_pause,
    extend_dunning_pause,
    open_case,
    start_dunning_pause,
)
from nabij.core.clock import frozen_clock

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 3, 2)


def test_a_pause_puts_the_tenancy_on_hold_for_the_default_days(tenancy, settings):
    settings.NABIJ_DUNNING_PAUSE_DAYS = 30
    with frozen_clock(DAY):
        pause = start_dunning_pause(tenancy=tenancy, reason="Huurder vraagt betaalhulp")
        assert (pause.starts, pause.until) == (DAY, DAY + dt.timedelta(days=30))
        assert pause.monitoring_state == "ONH"
        assert monitoring_state(tenancy) == "ONH"
        assert active_dunning_pause(tenancy) == pause


def test_a_second_request_extends_the_running_pause(tenancy):
    with frozen_clock(DAY):
        first = start_dunning_pause(tenancy=tenancy, reason="Betaalhulp", days=14)
    with frozen_clock(DAY + dt.timedelta(days=10)):
        second = start_dunning_pause(tenancy=tenancy, reason="Nog een klik", days=14)
    assert second.pk == first.pk
    assert DunningPause.objects.count() == 1
    assert second.until == DAY + dt.timedelta(days=24)


def test_a_pause_ends_by_itself_when_its_date_passes(tenancy):
    with frozen_clock(DAY):
        pause = start_dunning_pause(tenancy=tenancy, reason="Betaalhulp", days=5)
    with frozen_clock(DAY + dt.timedelta(days=5)):
        assert monitoring_state(tenancy) == "ONH"  # the last day still counts
    with frozen_clock(DAY + dt.timedelta(days=6)):
        assert monitoring_state(tenancy) == "NOR"
        assert active_dunning_pause(tenancy) is None
        # A new request then starts a new pause instead of extending the old one.
        again = start_dunning_pause(tenancy=tenancy, reason="Opnieuw", days=5)
    assert again.pk != pause.pk


def test_extend_and_end(tenancy, household):
    case = open_case(household=household, kind="betaalhulp", team="incasso", source="medewerker")
    with frozen_clock(DAY):
        pause = start_dunning_pause(tenancy=tenancy, reason="Regeling in de maak", case=case, days=10)
        pause = extend_dunning_pause(pause, days=7)
        assert pause.until == DAY + dt.timedelta(days=17)
        with pytest.raises(ValidationError) as refused:
            extend_dunning_pause(pause, until=DAY + dt.timedelta(days=3))
        assert "moet na" in str(refused.value)
        end_dunning_pause(pause)
        assert monitoring_state(tenancy) == "NOR"
        with pytest.raises(ValidationError):
            end_dunning_pause(pause)
        with pytest.raises(ValidationError):
            extend_dunning_pause(pause, days=3)
    history = list(case.events.filter(kind=CaseEvent.Kind.DUNNING_PAUSE).values_list("text", flat=True))
    assert len(history) == 3
    assert any("verlengd" in text for text in history)


@pytest.mark.parametrize("days", [0, -1, 400])
def test_a_pause_needs_a_sensible_length_and_a_reason(tenancy, days):
    with pytest.raises(ValidationError) as refused:
        start_dunning_pause(tenancy=tenancy, reason="Betaalhulp", days=days)
    assert "days" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        start_dunning_pause(tenancy=tenancy, reason="  ")
    assert "reason" in refused.value.message_dict
    assert not DunningPause.objects.exists()
