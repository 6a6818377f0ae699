"""What casework holds about a household (cases with their history, callbacks, dunning pauses),
registered with `nabij.privacy.registry`. Erasure keeps the rows that workload and SLA figures count
(kind, team, dates, status, outcome) and empties every free text."""

import datetime as dt

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nabij.casework.models import (
    Arrangement,
    Callback,
    Case,
    CaseEvent,
    DunningPause,
    EarlySignal,
    EarlySignalStep,
    OutreachCandidate,
    Referral,
)
from nabij.privacy import registry
from nabij.privacy.registry import HouseholdData, RetentionRule, field_labels, model_records

CASE_FIELDS = ["created_at", "kind", "team", "status", "summary", "due_at", "closed_at", "outcome"]
EVENT_FIELDS = ["at", "kind", "text"]
CALLBACK_FIELDS = ["created_at", "date", "day_part", "phone_note"]
PAUSE_FIELDS = ["starts", "until", "ended_on", "monitoring_state", "reason"]
ARRANGEMENT_FIELDS = [
    "created_at",
    "status",
    "instalment_count",
    "instalment_cents",
    "start_date",
    "agreed_on",
]
REFERRAL_FIELDS = [
    "created_at",
    "consent_given_by",
    "consent_at",
    "consent_purpose",
    "handover_note",
    "status",
    "result_note",
]
EARLY_SIGNAL_FIELDS = ["signal_date", "status", "municipality", "arrears_cents", "arrears_since"]
STEP_FIELDS = ["at", "kind"]
# The whole score, with every input it was computed from (art. 15: a score is explained, not just given).
OUTREACH_FIELDS = [
    "computed_at",
    "score",
    "reasons",
    "arrears_cents",
    "months_in_arrears",
    "reminders",
    "earlier_spells",
    "broken_arrangements",
    "recent_signals",
]


def export_cases(household_id: int) -> list[dict]:
    return model_records(Case.objects.filter(household_id=household_id), CASE_FIELDS)


def export_events(household_id: int) -> list[dict]:
    return model_records(CaseEvent.objects.filter(case__household_id=household_id), EVENT_FIELDS)


def export_callbacks(household_id: int) -> list[dict]:
    return model_records(Callback.objects.filter(household_id=household_id), CALLBACK_FIELDS)


def export_pauses(household_id: int) -> list[dict]:
    return model_records(DunningPause.objects.filter(tenancy__household_id=household_id), PAUSE_FIELDS)


def export_arrangements(household_id: int) -> list[dict]:
    return model_records(Arrangement.objects.filter(case__household_id=household_id), ARRANGEMENT_FIELDS)


def export_referrals(household_id: int) -> list[dict]:
    return model_records(
        Referral.objects.filter(case__household_id=household_id).select_related("partner"),
        REFERRAL_FIELDS,
        extra=lambda referral: {"partner": referral.partner.name},
    )


def export_early_signals(household_id: int) -> list[dict]:
    return model_records(
        EarlySignal.objects.filter(tenancy__household_id=household_id), EARLY_SIGNAL_FIELDS
    ) + model_records(EarlySignalStep.objects.filter(tenancy__household_id=household_id), STEP_FIELDS)


def export_outreach(household_id: int) -> list[dict]:
    return model_records(OutreachCandidate.objects.filter(household_id=household_id), OUTREACH_FIELDS)


def erase_referrals(household_id: int) -> int:
    return Referral.objects.filter(case__household_id=household_id).update(
        consent_given_by="", consent_purpose="", handover_note="", result_note=""
    )


def erase_outreach(household_id: int) -> int:
    return OutreachCandidate.objects.filter(household_id=household_id).delete()[0]


def erase_cases(household_id: int) -> int:
    rows = Case.objects.filter(household_id=household_id).update(summary="")
    return rows + CaseEvent.objects.filter(case__household_id=household_id).update(text="")


def erase_callbacks(household_id: int) -> int:
    return Callback.objects.filter(household_id=household_id).update(phone_note="")


def erase_pauses(household_id: int) -> int:
    return DunningPause.objects.filter(tenancy__household_id=household_id).update(reason="")


def _texts_due(cutoff: dt.date):
    """Cases closed before `cutoff` that still hold free text, and pauses that ended before it."""
    start = timezone.make_aware(dt.datetime.combine(cutoff, dt.time.min))
    cases = Case.objects.filter(is_open=False, closed_at__lt=start)
    with_text = cases.filter(
        Q(summary__gt="") | Q(events__text__gt="") | Q(callback__phone_note__gt="")
    ).distinct()
    pauses = DunningPause.objects.filter(until__lt=cutoff, reason__gt="")
    return cases, with_text, pauses


def apply_text_retention(cutoff: dt.date, dry_run: bool) -> int:
    cases, with_text, pauses = _texts_due(cutoff)
    count = with_text.count() + pauses.count()
    if not dry_run and count:
        ids = cases.values("id")
        CaseEvent.objects.filter(case_id__in=ids).update(text="")
        Callback.objects.filter(case_id__in=ids).update(phone_note="")
        cases.update(summary="")
        pauses.update(reason="")
    return count


def register() -> None:
    registry.register(
        HouseholdData(
            key="casework.cases",
            label=_("Zaken"),
            description=_("Vragen en opvolging die een team voor jou behandelt of heeft behandeld."),
            fields=field_labels(Case, CASE_FIELDS),
            export=export_cases,
            erase=erase_cases,
            order=100,
            position=300,
            retention=(
                RetentionRule(
                    key="casework.texts",
                    label=_("Teksten bij afgesloten zaken en incassostops (leeggemaakt)"),
                    period_key="notes",
                    explanation=_(
                        "De zaak is langer dan de termijn geleden afgesloten, of de incassostop is langer "
                        "dan de termijn geleden afgelopen; de zaak zelf blijft meetellen."
                    ),
                    apply=apply_text_retention,
                ),
            ),
        )
    )
    registry.register(
        HouseholdData(
            key="casework.case_history",
            label=_("Verloop van je zaken"),
            description=_("Wat er bij je zaken is gebeurd: gesprekken, notities en wijzigingen."),
            fields=field_labels(CaseEvent, EVENT_FIELDS),
            export=export_events,
            erase=None,  # erase_cases empties the history's text too
            order=100,
            position=310,
        )
    )
    registry.register(
        HouseholdData(
            key="casework.callbacks",
            label=_("Terugbelverzoeken"),
            description=_("Wanneer je vroeg of we je terugbellen, en wanneer we dat zouden doen."),
            fields=field_labels(Callback, CALLBACK_FIELDS),
            export=export_callbacks,
            erase=erase_callbacks,
            order=100,
            position=320,
        )
    )
    registry.register(
        HouseholdData(
            key="casework.dunning_pauses",
            label=_("Incassostops"),
            description=_(
                "Periodes waarin we geen aanmaningen stuurden, bijvoorbeeld terwijl we samen een "
                "oplossing zochten."
            ),
            fields=field_labels(DunningPause, PAUSE_FIELDS),
            export=export_pauses,
            erase=erase_pauses,
            order=100,
            position=330,
        )
    )
    registry.register(
        HouseholdData(
            key="casework.arrangements",
            label=_("Betalingsregelingen die we met jou afspraken"),
            description=_(
                "Voorgestelde en afgesproken regelingen, zoals we ze aan de huuradministratie doorgeven."
            ),
            fields=field_labels(Arrangement, ARRANGEMENT_FIELDS),
            export=export_arrangements,
            erase=None,  # no free text: amounts and dates the rent administration must keep
            order=100,
            position=340,
        )
    )
    registry.register(
        HouseholdData(
            key="casework.referrals",
            label=_("Doorverwijzingen"),
            description=_(
                "Naar welke organisatie we je met je toestemming doorverwezen, en wat daarvan werd."
            ),
            fields=field_labels(Referral, REFERRAL_FIELDS),
            export=export_referrals,
            erase=erase_referrals,
            order=100,
            position=350,
        )
    )
    registry.register(
        HouseholdData(
            key="casework.early_signals",
            label=_("Vroegsignalering"),
            description=_(
                "Of we je wezen op schuldhulp, of je bezwaar maakte, en of we je achterstand aan de gemeente "
                "meldden (alleen contactgegevens en het bedrag)."
            ),
            fields={
                **field_labels(EarlySignal, EARLY_SIGNAL_FIELDS),
                **field_labels(EarlySignalStep, STEP_FIELDS),
            },
            export=export_early_signals,
            erase=None,  # no free text; the record of a report to the municipality is kept
            order=100,
            position=360,
        )
    )
    registry.register(
        HouseholdData(
            key="casework.outreach",
            label=_("Uitnodigingslijst"),
            description=_(
                "Of je op de lijst staat van huishoudens die we zelf bellen om hulp aan te bieden, en waarom."
            ),
            fields=field_labels(OutreachCandidate, OUTREACH_FIELDS),
            export=export_outreach,
            erase=erase_outreach,
            order=100,
            position=370,
        )
    )
