"""What every app holds about a household: the registry that subject access, retention and erasure use.

`privacy` must reach every app's personal data without importing those apps (DESIGN.md §3: the
dependencies run the other way). So each app that stores something about a household *registers* it here,
from its `AppConfig.ready()`, and `privacy` only ever talks to what was registered.

How an app registers its data
-----------------------------

Put the registrations in a module `<app>/privacy_data.py` with a `register()` function, and call it from
the app's `AppConfig.ready()`::

    # nabij/casework/apps.py
    class CaseworkConfig(AppConfig):
        def ready(self):
            from nabij.casework import privacy_data

            privacy_data.register()

    # nabij/casework/privacy_data.py (shortened; the real module registers cases, their history,
    # callbacks and dunning pauses)
    from django.utils.translation import gettext_lazy as _

    from nabij.casework.models import Case
    from nabij.privacy import registry
    from nabij.privacy.registry import HouseholdData, field_labels, model_records

    CASE_FIELDS = ["created_at", "kind", "team", "status", "summary", "due_at", "closed_at", "outcome"]

    def export_cases(household_id: int) -> list[dict]:
        return model_records(Case.objects.filter(household_id=household_id), CASE_FIELDS)

    def erase_cases(household_id: int) -> int:
        # Empty the free text; keep what aggregates (workload, SLA reports) count.
        return Case.objects.filter(household_id=household_id).update(summary="")

    def register() -> None:
        registry.register(HouseholdData(
            key="casework.cases",
            label=_("Zaken"),
            description=_("Vragen en opvolging die een team voor jou behandelt of heeft behandeld."),
            fields=field_labels(Case, CASE_FIELDS),
            export=export_cases,
            erase=erase_cases,
            order=100,
            position=300,
        ))

A `HouseholdData` describes one *data class* (a table, or a meaningful part of one):

- `key`: stable, `"<app>.<what>"`; it names the section in the JSON export and the counts of a run.
- `label`, `description`: B1 Dutch (msgids), the heading and the one-line explanation in the export the
  tenant reads ("Wat we over je weten"); address the tenant as "je", like the tenant pages.
- `export(household_id) -> list[dict]`: the household's records as plain, JSON-serialisable dicts. Include
  *everything* you hold about them (art. 15 has no exceptions for "internal" fields), but no data about other
  people (a staff member's name is left out; the log's "who" is exported as a role-free fact).
  `model_records()` turns a queryset into such dicts, with Dutch labels from the fields' verbose names and
  choices shown as their label.
- `fields`: optional `{field: label}` for the export's column headings; `model_records` callers can use
  `field_labels(Model, fields)`.
- `erase(household_id) -> int`: delete or anonymise this class's rows of the household; return how many rows
  it touched. It runs inside the erasure's transaction. Keep rows that aggregates count (the developments
  monitor counts signals per household) but strip everything that identifies the household or says
  something about them in words (names, notes, free text, contact details, external ids). Leave it `None`
  when another class's `erase` already removes these rows.
- `order`: erasure runs in ascending order; tenants' own classes run last (order 1000) because the other
  apps' rows point at households, persons and tenancies. Use 100 for casework/actions, 200 for contacts,
  300 for ledger.
- `position`: where the section stands in the export the tenant reads (ascending): tenants 10-50, ledger
  100, contacts 200, casework and actions 300, the access log 900. One app's sections stay together, placed
  by the app's lowest position (`subject_access.reading_order`).
- `special_category`: True for GDPR art. 9 data (health). The tenant still gets it in their own export,
  clearly marked, but nowhere else.
- `retention`: the `RetentionRule`s this class applies (see below).
- `import_keys(household_id) -> {kind: [idExtern, ...]}`: the ERP keys by which the VERA import recognises
  the household's rows, per key map of the import ("households", "persons", "tenancies"). Erasure on request
  keeps keyed hashes of them as tombstones, so the next import does not bring the household back
  (`privacy.erasure`). One class per app gives them (tenants: on `tenants.household`); leave it `None`
  elsewhere.

A `RetentionRule` says how long rows of one kind are kept. Its `period_key` names the period in the setting
`NABIJ_RETENTION` ("signals=2y,notes=2y,..."); `apply(cutoff, dry_run) -> int` removes (or anonymises) what
is older than `cutoff` — the date `period` before today — and returns the number of rows. A rule that
anonymises whole households (ended tenancies) gives `households_due(cutoff) -> iterable of household ids`
instead; retention then erases those households through every registered class.

Tenants also registers the `HouseholdDirectory`: how the privacy officer finds a household (a search over
names, postcode and house number, or tenancy number) and how `privacy` turns a household key (UUID) into
its id, without importing `tenants`.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone


@dataclass(frozen=True)
class RetentionRule:
    """How long one kind of rows is kept, and the function that removes what is older."""

    key: str  # stable, e.g. "contacts.signals": the name of its count in a retention run
    label: Any  # B1 Dutch, lazily translated: "Signalen"
    period_key: str  # the name of its period in NABIJ_RETENTION: "signals", "notes", "access_log", ...
    explanation: Any = ""  # what counts as "last activity", in words, for the docs and the officer's page
    apply: Callable[[dt.date, bool], int] | None = None  # (cutoff, dry_run) -> rows removed (or to remove)
    households_due: Callable[[dt.date], Iterable[int]] | None = None  # whole households to anonymise


@dataclass(frozen=True)
class HouseholdData:
    """One class of personal data an app holds about a household."""

    key: str
    label: Any
    export: Callable[[int], list[dict]]
    description: Any = ""
    fields: dict[str, Any] = field(default_factory=dict)
    erase: Callable[[int], int] | None = None
    order: int = 500
    position: int = 500  # where the section stands in the export (ascending)
    special_category: bool = False
    retention: tuple[RetentionRule, ...] = ()
    import_keys: Callable[[int], dict[str, list[str]]] | None = None


@dataclass(frozen=True)
class Subject:
    """A household as the privacy officer picks it: its key for URLs, its id for queries, and a label."""

    id: int
    key: UUID
    label: str  # the household's name (or "Verwijderd huishouden")
    detail: str = ""  # address and tenancy number, to tell two households apart
    erased: bool = False


@dataclass(frozen=True)
class HouseholdDirectory:
    """Registered by tenants: find households for the privacy officer and resolve a key."""

    search: Callable[[str], list[Subject]]
    by_key: Callable[[UUID], Subject | None]
    by_id: Callable[[int], Subject | None]


_providers: dict[str, HouseholdData] = {}
_directory: list[HouseholdDirectory] = []


def register(data: HouseholdData) -> None:
    """Register one data class. Registering the same key again replaces it (autoreload, tests)."""
    _providers[data.key] = data


def register_directory(directory: HouseholdDirectory) -> None:
    _directory[:] = [directory]


def providers() -> list[HouseholdData]:
    """Every registered data class, in erasure order (then by key, so exports are stable)."""
    return sorted(_providers.values(), key=lambda p: (p.order, p.key))


def provider(key: str) -> HouseholdData:
    return _providers[key]


def retention_rules() -> list[RetentionRule]:
    return [rule for data in providers() for rule in data.retention]


def directory() -> HouseholdDirectory:
    if not _directory:
        raise LookupError("No household directory registered (tenants registers it from its ready()).")
    return _directory[0]


# --- Building export records -------------------------------------------------------------------------


def plain(value: Any) -> Any:
    """A value as JSON can hold it: dates as ISO text, datetimes in Amsterdam time, Decimal as text."""
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    return value


def field_labels(model: type[models.Model], names: Iterable[str]) -> dict[str, str]:
    """`{name: "Verbose name"}` for the export's headings."""
    labels = {}
    for name in names:
        try:
            verbose = str(model._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:  # a property: its name is its label
            verbose = name.replace("_", " ")
        labels[name] = verbose[:1].upper() + verbose[1:]
    return labels


def model_records(queryset, names: list[str], extra: Callable[[Any], dict] | None = None) -> list[dict]:
    """The rows of `queryset` as plain dicts of `names` (choices as their label), plus `extra(obj)`."""
    model = queryset.model
    concrete = {f.name: f for f in model._meta.get_fields() if hasattr(f, "choices")}
    choice_fields = {name for name in names if name in concrete and concrete[name].choices}
    records = []
    for obj in queryset:
        record = {}
        for name in names:
            value = getattr(obj, f"get_{name}_display")() if name in choice_fields else getattr(obj, name)
            record[name] = plain(value)
        if extra:  # a callback (bandit's B610 takes it for QuerySet.extra)
            record.update({k: plain(v) for k, v in extra(obj).items()})  # nosec B610
        records.append(record)
    return records
