"""Subject access (GDPR/AVG art. 15): everything Nabij holds about one household, in one export.

The export is built from the registry (`privacy.registry`): one section per registered data class, in the
order the tenant reads them, each with a B1 heading, a one-line explanation and the records. It comes as a
zip with two files: `inzage.html` (readable, printable, Dutch) and `inzage.json` (machine-readable, the same
content). Health signals are in it — the tenant has the right to see their own — in a section marked as
special-category data.
"""

import datetime as dt
import io
import json
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from nabij.core import clock
from nabij.privacy import registry
from nabij.privacy.access import ensure
from nabij.privacy.registry import Subject
from nabij.privacy.roles import SUBJECT_ACCESS


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    description: str
    special_category: bool
    fields: dict[str, str]  # every column in the records, with its heading
    records: list[dict]

    @property
    def rows(self) -> list[list]:
        """The records as rows of values in the order of `fields`, for the HTML table."""
        return [[record.get(name, "") for name in self.fields] for record in self.records]


@dataclass(frozen=True)
class SubjectExport:
    subject: Subject
    generated_at: dt.datetime
    corporation: str
    phone: str
    sections: list[Section]

    def as_dict(self) -> dict:
        return {
            "format": "nabij-inzage/1",
            "generated_at": registry.plain(self.generated_at),
            "corporation": self.corporation,
            "household": {"key": str(self.subject.key), "name": self.subject.label},
            "sections": [
                {
                    "key": s.key,
                    "label": s.label,
                    "description": s.description,
                    "special_category": s.special_category,
                    "fields": s.fields,
                    "records": s.records,
                }
                for s in self.sections
            ],
        }


def _section(data: registry.HouseholdData, household_id: int) -> Section:
    records = data.export(household_id)
    fields = {name: str(label) for name, label in data.fields.items()}
    for record in records:  # any column the provider did not label is still shown, under its own name
        for name in record:
            fields.setdefault(name, name.replace("_", " ").capitalize())
    return Section(
        key=data.key,
        label=str(data.label),
        description=str(data.description),
        special_category=data.special_category,
        fields=fields,
        records=records,
    )


def reading_order(providers: list[registry.HouseholdData]) -> list[registry.HouseholdData]:
    """By `position`, but one app's sections together: apps in the order of their first section."""
    app_start: dict[str, int] = {}
    for data in providers:
        app = data.key.split(".")[0]
        app_start[app] = min(app_start.get(app, data.position), data.position)
    return sorted(
        providers, key=lambda p: (app_start[p.key.split(".")[0]], p.key.split(".")[0], p.position, p.key)
    )


def build_export(subject: Subject, user=None) -> SubjectExport:
    """Every registered data class for `subject`, rendered in Dutch whatever the officer's language.
    `user` is the privacy officer asking (None: the system itself)."""
    ensure(user, SUBJECT_ACCESS)
    with translation.override("nl"):
        providers = reading_order(registry.providers())
        return SubjectExport(
            subject=subject,
            generated_at=clock.now(),
            corporation=settings.NABIJ_CORPORATION_NAME,
            phone=settings.NABIJ_CORPORATION_PHONE,
            sections=[_section(data, subject.id) for data in providers],
        )


def export_json(export: SubjectExport) -> bytes:
    return json.dumps(export.as_dict(), ensure_ascii=False, indent=2).encode()


def export_html(export: SubjectExport) -> str:
    with translation.override("nl"):
        return render_to_string("privacy/subject_access/export.html", {"export": export})


def export_zip(export: SubjectExport) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("inzage.html", export_html(export))
        archive.writestr("inzage.json", export_json(export))
    return buffer.getvalue()
