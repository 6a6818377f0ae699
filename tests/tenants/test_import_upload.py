"""Uploading VERA files on the "Gegevens" page; the background worker imports them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from nabij.tenants.models import Household, ImportFile, ImportRun
from tests.vera import EXAMPLE_DIR, counts

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def example_uploads(*names):
    names = names or ("relaties.csv", "eenheden.csv", "huurovereenkomsten.csv", "boekingen.csv")
    return [SimpleUploadedFile(name, (EXAMPLE_DIR / name).read_bytes(), "text/csv") for name in names]


def test_functional_administrators_upload_files_and_see_the_result(client_for, client, settings):
    settings.TASKS = IMMEDIATE
    user = client_for("functioneel_beheer")
    page = client.get(reverse("tenants:data_status")).content.decode()
    assert 'type="file" name="bestanden"' in page

    response = client.post(reverse("tenants:upload_import"), {"bestanden": example_uploads()}, follow=True)

    html = response.content.decode()
    assert "De bestanden staan klaar voor import" in html
    run = ImportRun.objects.get()
    assert (run.status, run.started_by) == (ImportRun.Status.SUCCEEDED, user)
    assert run.source == "upload: relaties.csv, eenheden.csv, huurovereenkomsten.csv, boekingen.csv"
    assert run.row_counts == {"relaties": 18, "eenheden": 9, "huurovereenkomsten": 9, "boekingen": 97}
    assert Household.objects.count() == 7
    assert "Gelukt" in html and "boekingen: 97" in html
    assert not ImportFile.objects.exists()  # the uploaded copies are gone once imported
    assert 'hx-trigger="every 2s"' not in html  # nothing left to wait for


def test_a_refused_upload_shows_every_problem_and_changes_nothing(client_for, client, settings):
    settings.TASKS = IMMEDIATE
    client_for("functioneel_beheer")
    broken = (
        (EXAMPLE_DIR / "boekingen.csv")
        .read_bytes()
        .replace(b"BK-5057;HO-3006;VOR;PRO;2025-09-01", b"BK-5057;HO-3006;VOR;PRO;31-02-2026")
    )
    uploads = [*example_uploads("relaties.csv"), SimpleUploadedFile("boekingen.csv", broken, "text/csv")]

    html = client.post(reverse("tenants:upload_import"), {"bestanden": uploads}, follow=True).content.decode()

    assert ImportRun.objects.get().status == ImportRun.Status.FAILED
    assert all(count == 0 for count in counts().values())
    assert "Afgewezen" in html
    assert "boekingen.csv, regel 7, kolom boekdatum: &#x27;31-02-2026&#x27; is geen geldige datum" in html
    assert not ImportFile.objects.exists()


# Real commits: the worker claims the task in its own transaction, as in production.
@pytest.mark.django_db(transaction=True)
def test_the_import_waits_for_the_background_worker_and_the_page_follows_it(client_for, client):
    client_for("functioneel_beheer")
    client.post(reverse("tenants:upload_import"), {"bestanden": example_uploads()})

    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.QUEUED
    assert ImportFile.objects.filter(run=run).count() == 4
    html = client.get(reverse("tenants:data_status")).content.decode()
    assert "In de wachtrij" in html and 'hx-trigger="every 2s"' in html
    fragment = client.get(reverse("tenants:data_status"), {"deel": "imports"}, HTTP_HX_REQUEST="true")
    assert "<html" not in fragment.content.decode() and "In de wachtrij" in fragment.content.decode()

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    run.refresh_from_db()
    assert run.status == ImportRun.Status.SUCCEEDED
    assert Household.objects.count() == 7
    # The waiting page's next poll reloads it whole, so the counts above the list are fresh too.
    poll = client.get(reverse("tenants:data_status"), {"deel": "imports"}, HTTP_HX_REQUEST="true")
    assert poll["HX-Refresh"] == "true"
    html = client.get(reverse("tenants:data_status")).content.decode()
    assert "Gelukt" in html and 'hx-trigger="every 2s"' not in html


def test_team_leads_see_the_imports_but_cannot_upload(client_for, client, settings):
    settings.TASKS = IMMEDIATE
    client_for("teamleider")
    html = client.get(reverse("tenants:data_status")).content.decode()
    assert "Imports" in html and 'name="bestanden"' not in html
    assert client.post(reverse("tenants:upload_import"), {"bestanden": example_uploads()}).status_code == 403
    assert not ImportRun.objects.exists()


def test_an_upload_without_files_is_refused_with_a_message(client_for, client, settings):
    settings.TASKS = IMMEDIATE
    client_for("functioneel_beheer")
    html = client.post(reverse("tenants:upload_import"), {}, follow=True).content.decode()
    assert "Kies een of meer CSV-bestanden." in html
    assert not ImportRun.objects.exists()
