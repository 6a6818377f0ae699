"""The access log's own entry in the registry: the tenant sees when their record was viewed, searched or
exported, and why (art. 15 (1)(c) and the CJEU's Pankki S judgment, C-579/21: dates and purposes of the
consultations). The staff member's name and IP address are not exported: they are the employee's personal
data, and the corporation answers "who" on request after weighing both interests.

Erasure keeps the entries (they are the corporation's proof of lawful access); they hold a household id and
a kind of access, never the household's personal data. They are removed by retention after
NABIJ_RETENTION's `access_log` period.
"""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nabij.privacy import erasure, registry
from nabij.privacy.models import AccessLogEntry, ErasureRequest
from nabij.privacy.registry import HouseholdData, RetentionRule, field_labels, model_records

ACCESS_FIELDS = ["at", "action", "what", "context"]
ERASURE_FIELDS = ["requested_at", "reason", "reference", "status", "decided_at"]


def export_access_log(household_id: int) -> list[dict]:
    return model_records(
        AccessLogEntry.objects.filter(household_id=household_id).order_by("at", "id"), ACCESS_FIELDS
    )


def export_erasure_requests(household_id: int) -> list[dict]:
    return model_records(
        ErasureRequest.objects.filter(household_id=household_id).order_by("requested_at", "id"),
        ERASURE_FIELDS,
    )


def apply_access_log_retention(cutoff: dt.date, dry_run: bool) -> int:
    """The one path that removes access-log entries: those older than the retention period."""
    before = timezone.make_aware(dt.datetime.combine(cutoff, dt.time.min))
    entries = AccessLogEntry.objects.filter(at__lt=before)
    if dry_run:
        return entries.count()
    # A queryset delete does not go through AccessLogEntry.delete(), which refuses single deletes.
    return entries.delete()[0]


def register() -> None:
    registry.register(
        HouseholdData(
            key="privacy.access_log",
            label=_("Wie je gegevens bekeek"),
            description=_(
                "Wanneer een medewerker je dossier bekeek, jou zocht of je gegevens exporteerde, en vanuit "
                "welk scherm of welke zaak."
            ),
            fields=field_labels(AccessLogEntry, ACCESS_FIELDS),
            export=export_access_log,
            erase=None,  # entries stay: they hold no personal data of the household
            order=2000,
            position=900,
            retention=(
                RetentionRule(
                    key="privacy.access_log",
                    label=_("Regels in het toegangslog (verwijderd)"),
                    period_key="access_log",
                    explanation=_("De toegang was langer dan de termijn geleden."),
                    apply=apply_access_log_retention,
                ),
            ),
        )
    )
    registry.register(
        HouseholdData(
            key="privacy.erasure_requests",
            label=_("Je verzoeken om gegevens te verwijderen"),
            description=_("Wanneer je vroeg om je gegevens te verwijderen, en wat we met dat verzoek deden."),
            fields=field_labels(ErasureRequest, ERASURE_FIELDS),
            export=export_erasure_requests,
            erase=None,  # the request stays as proof of the erasure; it holds no personal data
            order=2000,
            position=910,
            retention=(
                RetentionRule(
                    key="privacy.erasure_tombstones",
                    label=_("Importblokkades van gewiste huishoudens (verwijderd)"),
                    period_key="tombstones",
                    explanation=_(
                        "De import heeft langer dan de termijn geen regel van het gewiste huishouden meer "
                        "overgeslagen."
                    ),
                    apply=erasure.apply_tombstone_retention,
                ),
            ),
        )
    )
