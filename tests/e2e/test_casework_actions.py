"""Casework beyond the queue, in a real browser: the outreach list ("Maak zaak"), a betaalhulp case with call
script, arrangement, dunning pause and referral, the vroegsignalering review and its file, and the ERP
files. axe-core finds no serious or critical violations on any of these pages."""

import datetime as dt

import pytest

from nabij.casework.models import Arrangement, Case, Partner
from nabij.casework.outreach import refresh_outreach_list
from nabij.casework.services import change_status, open_case, save_call_script
from nabij.core.clock import frozen_clock
from tests import factories
from tests.casework.test_early_signals import TODAY, build
from tests.e2e.test_casework import _log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_incasso_works_outreach_a_payment_help_case_vroegsignalering_and_the_erp_file(
    page, live_server, axe_check, artifacts_dir
):
    base = live_server.url
    user = factories.staff_user("incasso")
    with frozen_clock(TODAY):
        candidate = build("Vroeg", staff=user)
        build("Nogniet", missing="contact", staff=user)
        refresh_outreach_list()
        save_call_script(
            "betaalhulp",
            empathy="Fijn dat we u spreken.",
            advice="Kijk wat haalbaar is.",
            action="Leg de regeling vast.",
        )
        Partner.objects.create(name="Schuldhulp Utrecht", kind="schuldhulp", municipality="Utrecht")
        helped = factories.household("Smit", "Joke")
        tenancy = factories.tenancy(helped, factories.unit(street="Twijnstraat", house_number=12))
        factories.monthly_rent(tenancy, dt.date(2026, 3, 1), months=4, paid_months=2)
        case = open_case(
            household=helped, kind="betaalhulp", team="incasso", source="medewerker", tenancy=tenancy
        )
        change_status(case, "in_behandeling")
        case.owner = user
        case.save()

        _log_in(page, base, user.username)

        # The outreach list: reasons in plain Dutch, "Maak zaak" for a household.
        page.goto(f"{base}/zaken/uitnodiglijst/")
        main = page.locator("main")
        assert "2 maanden huur achterstand" in main.inner_text()
        axe_check(page, "casework-outreach")
        page.screenshot(path=artifacts_dir / "casework-outreach.png", full_page=True)
        page.get_by_label("Kies Fam. Vroeg").check()
        page.select_option("#outreach-team", "incasso")
        with page.expect_navigation():
            page.get_by_role("button", name="Maak zaak").click()
        assert "1 zaak proactief contact gemaakt." in page.locator(".messages").inner_text()
        assert Case.objects.filter(kind="proactief", household=candidate.household).exists()

        # The betaalhulp case: call script, arrangement, dunning pause, referral.
        page.goto(f"{base}/zaken/{case.pk}/")
        assert "Fijn dat we u spreken." in page.locator(".call-script").inner_text()
        axe_check(page, "casework-case-actions")
        page.get_by_label("Afgesproken (actief)").check()
        page.fill("#id_regeling-instalment_count", "6")
        page.fill("#id_regeling-instalment", "80,00")
        page.fill("#id_regeling-start_date", "2026-07-01")
        with page.expect_navigation():
            page.get_by_role("button", name="Regeling vastleggen").click()
        assert "Betalingsregeling vastgelegd." in page.locator(".messages").inner_text()
        assert Arrangement.objects.get().instalment_cents == 8000
        with page.expect_navigation():
            page.get_by_role("button", name="Incassostop starten").click()
        assert "De incasso staat stil tot en met" in page.locator("main").inner_text()
        page.select_option("#id_doorverwijzing-partner", label="Schuldhulp Utrecht")
        page.fill("#id_doorverwijzing-consent_given_by", "Joke Smit")
        page.fill("#id_doorverwijzing-consent_purpose", "Achterstand delen met schuldhulp")
        page.fill("#id_doorverwijzing-handover_note", "Graag bellen in de ochtend.")
        with page.expect_navigation():
            page.get_by_role("button", name="Doorverwijzen").click()
        assert "Doorverwijzing vastgelegd." in page.locator(".messages").inner_text()
        axe_check(page, "casework-case-referred")
        page.screenshot(path=artifacts_dir / "casework-case-actions.png", full_page=True)

        # Vroegsignalering: review, approve, and the municipality's file.
        page.goto(f"{base}/vroegsignalering/")
        assert "Fam. Nogniet" in page.locator("main").inner_text()
        axe_check(page, "casework-vroegsignalering")
        page.screenshot(path=artifacts_dir / "casework-vroegsignalering.png", full_page=True)
        with page.expect_navigation():
            page.get_by_role("button", name="Goedkeuren").click()
        assert "Vroegsignaal goedgekeurd." in page.locator(".messages").inner_text()
        with page.expect_download() as download_info:
            page.get_by_role("button", name="Download het bestand (CSV)").click()
        text = download_info.value.path().read_text(encoding="utf-8-sig")
        assert text.splitlines()[0].startswith("naam;adres;postcode;plaats;geboortedatum")
        assert "Anna Vroeg" in text and "Nogniet" not in text

        # The ERP files.
        page.goto(f"{base}/erp-bestanden/")
        with page.expect_navigation():
            page.get_by_role("button", name="Maak nu een bestand").click()
        assert "ERP-bestand gemaakt: 2 regels." in page.locator(".messages").inner_text()
        axe_check(page, "casework-erp-files")
