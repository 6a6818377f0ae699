"""Vroegsignalering (Wgs art. 2): only tenancies that meet all four conditions, with arrears in the window,
reach the municipality's file — with exactly the allowed fields — and a tenant who objected never does.

The table walks tenancies that miss each condition in turn, meet all of them, or objected."""

import csv
import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from nabij.casework import early_signals
from nabij.casework.early_signals import ALLOWED_FIELDS
from nabij.casework.models import EarlySignal, EarlySignalStep
from nabij.casework.services import log_attempt, open_case
from nabij.contacts.services import log_contact
from nabij.core.clock import frozen_clock
from nabij.ledger.models import Booking
from nabij.privacy.models import AccessLogEntry
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 15)
ALL = {"contact", "debt_help", "reminder", "announced"}


def build(name: str, *, missing: str = "", objected: bool = False, contact_on_case: bool = False, staff=None):
    """A tenancy two months of rent behind (650 a month), with the conditions met except `missing`."""
    household = factories.household(surname=name, first_name="Anna")
    factories.contact_point(household, "MOB", "0612345678", preferred=True)
    factories.contact_point(household, "EMA", f"{name.lower()}@example.nl")
    tenancy = factories.tenancy(household, factories.unit(street="Kerkstraat", city="Utrecht"))
    factories.monthly_rent(tenancy, dt.date(2026, 1, 1), months=6, paid_months=4)
    reminder_day = TODAY - dt.timedelta(days=45)
    if missing == "announced":
        reminder_day = dt.date(2026, 4, 20)  # sent before the letters announced the report (see settings)
    if missing != "reminder":
        Booking.objects.create(
            tenancy=tenancy, kind="VOR", detail_kind="AAN", booking_date=reminder_day, amount_cents=0
        )
    with frozen_clock(TODAY - dt.timedelta(days=20)):
        if missing != "contact":
            if contact_on_case:
                case = open_case(household=household, kind="betaalhulp", team="incasso", source="medewerker")
                log_attempt(case, staff, outcome="niet_bereikt", note="Voicemail")
            else:
                log_contact(household, staff, direction="UIT", note="Gebeld over de achterstand")
        else:
            log_contact(household, staff, channel="BRI", direction="UIT")  # a letter is not personal contact
        if missing != "debt_help":
            early_signals.record_step(tenancy, EarlySignalStep.Kind.DEBT_HELP, actor=staff)
        if objected:
            early_signals.record_step(tenancy, EarlySignalStep.Kind.OBJECTION, actor=staff)
    return tenancy


CASES = [
    # (label, missing condition, objected, exported)
    ("Zondercontact", "contact", False, False),
    ("Zonderschuldhulp", "debt_help", False, False),
    ("Zonderaanmaning", "reminder", False, False),
    ("Nietaangekondigd", "announced", False, False),
    ("Alles", "", False, True),
    ("Bezwaar", "", True, False),
]


@pytest.mark.parametrize(("name", "missing", "objected", "exported"), CASES, ids=[c[0] for c in CASES])
def test_only_tenancies_meeting_all_four_conditions_are_exported(settings, name, missing, objected, exported):
    settings.NABIJ_EARLY_SIGNAL_ANNOUNCED_SINCE = "2026-04-25"
    staff = factories.staff_user("incasso")
    tenancy = build(name, missing=missing, objected=objected, staff=staff)
    with frozen_clock(TODAY):
        state = early_signals.conditions(tenancy)
        met = {key for key in ALL if getattr(state, key)}
        # Without a reminder nothing was announced either; an objection undoes the announcement.
        unmet = {missing} | ({"announced"} if objected or missing == "reminder" else set())
        assert met == ALL - unmet
        listed = [c.tenancy.pk for c in early_signals.candidates() if c.is_candidate]
        assert (tenancy.pk in listed) == exported
        if exported:
            early_signals.review(tenancy, approve=True, actor=staff)
        else:
            with pytest.raises(ValidationError):
                early_signals.review(tenancy, approve=True, actor=staff)
        if not exported:
            with pytest.raises(ValidationError):
                early_signals.export_for_municipality("Utrecht", actor=staff)
            assert not EarlySignal.objects.filter(status="gemeld").exists()
            return
        export, text = early_signals.export_for_municipality("Utrecht", actor=staff)
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert list(rows[0].keys()) == ALLOWED_FIELDS
    assert rows == [
        {
            "naam": f"Anna {name}",
            "adres": tenancy.unit.address_line,
            "postcode": "3521 AB",
            "plaats": "Utrecht",
            "geboortedatum": "1970-05-17",
            "telefoon": "0612345678",
            "e-mail": f"{name.lower()}@example.nl",
            "achterstandsbedrag": "1300,00",
            "achterstand_sinds": "2026-05-01",
            "signaaldatum": "2026-06-15",
        }
    ]
    assert export.rows == 1
    entry = AccessLogEntry.objects.get(what="vroegsignalering export")
    assert (entry.action, entry.result_count, entry.user) == ("export", 1, staff)


def test_a_contact_attempt_on_a_case_counts_as_personal_contact():
    staff = factories.staff_user("incasso")
    tenancy = build("Opzaak", missing="", contact_on_case=True, staff=staff)
    with frozen_clock(TODAY):
        assert early_signals.conditions(tenancy).contact


def test_an_objection_after_approval_withdraws_the_signal_and_it_is_never_sent():
    staff = factories.staff_user("incasso")
    tenancy = build("Laatbezwaar", staff=staff)
    other = build("Ander", staff=staff)
    with frozen_clock(TODAY):
        early_signals.review(tenancy, approve=True, actor=staff)
        early_signals.review(other, approve=True, actor=staff)
        early_signals.record_step(tenancy, EarlySignalStep.Kind.OBJECTION, actor=staff)
        _export, text = early_signals.export_for_municipality("Utrecht", actor=staff)
    names = [row["naam"] for row in csv.DictReader(io.StringIO(text), delimiter=";")]
    assert names == ["Anna Ander"]
    assert EarlySignal.objects.get(tenancy=tenancy).status == "afgewezen"


def test_arrears_outside_the_window_are_no_candidates(settings):
    staff = factories.staff_user("incasso")
    tenancy = build("Tevroeg", staff=staff)
    with frozen_clock(TODAY - dt.timedelta(days=20)):  # the reminder is only 25 days old
        assert not early_signals.conditions(tenancy).in_window
        assert early_signals.candidates() == []
    settings.NABIJ_EARLY_SIGNAL_MIN_MONTHS = "3"  # two months behind is not enough
    with frozen_clock(TODAY):
        assert early_signals.candidates() == []


def test_a_cell_starting_with_a_formula_is_neutralised():
    staff = factories.staff_user("incasso")
    tenancy = build("Formule", staff=staff)
    tenancy.unit.city = '=HYPERLINK("http://x")'
    tenancy.unit.save()
    tenancy.unit.neighbourhood = None
    with frozen_clock(TODAY):
        early_signals.review(tenancy, approve=True, actor=staff)
        _export, text = early_signals.export_for_municipality('=HYPERLINK("http://x")', actor=staff)
    row = next(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert row["plaats"] == '\'=HYPERLINK("http://x")'


def test_only_reviewers_approve_and_export():
    klantadviseur = factories.staff_user("klantadviseur")
    tenancy = build("Rol", staff=factories.staff_user("incasso"))
    with frozen_clock(TODAY), pytest.raises(PermissionDenied):
        early_signals.review(tenancy, approve=True, actor=klantadviseur)


def test_review_page_approve_and_download(client):
    staff = factories.staff_user("incasso")
    tenancy = build("Pagina", staff=staff)
    build("Geencontact", missing="contact", staff=staff)
    build("Geenschuldhulp", missing="debt_help", staff=staff)  # no step recorded in Nabij: not listed
    client.force_login(staff)
    with frozen_clock(TODAY):
        page = client.get(reverse("casework:early_signals"))
        html = page.content.decode()
        assert page.status_code == 200
        assert "Fam. Pagina" in html and "Fam. Geencontact" in html and "Geenschuldhulp" not in html
        assert html.count('name="tenancy"') == 1  # only the candidate meeting all four can be approved
        response = client.post(
            reverse("casework:early_signal_review"), {"tenancy": tenancy.pk, "besluit": "goedkeuren"}
        )
        assert response.status_code == 302
        response = client.post(reverse("casework:early_signal_export"), {"gemeente": "Utrecht"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0] == ";".join(ALLOWED_FIELDS)
    assert "Anna Pagina" in text and "Geencontact" not in text
    assert (
        AccessLogEntry.objects.filter(action="export", what="vroegsignalering export", user=staff).count()
        == 1
    )


def test_the_xlsx_file_holds_the_same_allowed_fields_as_text_and_no_formula(client):
    from openpyxl import load_workbook

    staff = factories.staff_user("incasso")
    tenancy = build("Excel", staff=staff)
    tenancy.unit.street = "=1+1"
    tenancy.unit.save()
    client.force_login(staff)
    with frozen_clock(TODAY):
        early_signals.review(tenancy, approve=True, actor=staff)
        response = client.post(
            reverse("casework:early_signal_export"), {"gemeente": "Utrecht", "formaat": "xlsx"}
        )
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    header, row = [[cell.value for cell in r] for r in sheet.iter_rows()]
    assert header == ALLOWED_FIELDS
    assert dict(zip(header, row, strict=True))["adres"].startswith("'=1+1")
    assert all(cell.data_type == "s" for cell in sheet[2])  # text, never a formula
    assert dict(zip(header, row, strict=True))["achterstandsbedrag"] == "1300,00"
    assert AccessLogEntry.objects.filter(what="vroegsignalering export", result_count=1).count() == 1
