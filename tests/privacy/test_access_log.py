"""The privacy officer's view of who accessed what, and why; the log itself cannot be changed."""

import datetime as dt

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from nabij.privacy.models import AccessLogEntry
from tests import factories

pytestmark = pytest.mark.django_db


def test_privacy_officer_sees_views_searches_and_refusals(client, client_for):
    household = factories.household("Jansen")
    adviser = factories.staff_user("klantadviseur", username="sanne")
    client.force_login(adviser)
    client.post(reverse("tenants:search"), {"q": "Jansen"})
    client.get(reverse("tenants:household", args=[household.key]))
    client.get(reverse("privacy:access_log"))  # refused: not her role

    client_for("privacy_officer")
    html = client.get(reverse("privacy:access_log")).content.decode()
    assert html.count("sanne") == 3
    assert "Dossier bekeken" in html and "Gezocht" in html and "Toegang geweigerd" in html

    only_views = client.get(reverse("privacy:access_log"), {"actie": "view"}).content.decode()
    assert only_views.count("sanne") == 1


def test_who_looked_at_this_tenant_found_by_a_post_search_with_the_why_context(client, client_for):
    jansen = factories.household("Jansen")
    factories.tenancy(jansen, factories.unit())
    other = factories.household("Bakker")
    adviser = factories.staff_user("klantadviseur", username="sanne")
    client.force_login(adviser)
    search_page = "http://testserver" + reverse("tenants:search")
    client.post(reverse("tenants:search"), {"q": "Jansen"}, headers={"referer": search_page})
    client.get(reverse("tenants:household", args=[jansen.key]), headers={"referer": search_page})
    client.get(reverse("tenants:household", args=[other.key]))

    client_for("privacy_officer")
    found = client.post(reverse("privacy:access_log"), {"q": "Jansen"}).content.decode()
    assert f'name="huishouden" value="{jansen.key}"' in found
    assert str(other.key) not in found

    html = client.post(reverse("privacy:access_log"), {"huishouden": str(jansen.key)}).content.decode()
    assert "Toegang tot het dossier van Fam. Jansen" in html
    assert html.count("sanne") == 1  # her view of Jansen, not her search nor her view of Bakker
    assert "tenants:search" in html  # why: she came from the search page
    # The officer's look is logged too, and no search term reached the log.
    assert AccessLogEntry.objects.filter(what="access log of household", household_id=jansen.id).exists()
    for entry in AccessLogEntry.objects.all():
        assert "Jansen" not in f"{entry.what} {entry.context}"
    assert AccessLogEntry.objects.filter(action="search", user=adviser).get().result_count == 1


def test_a_households_entries_are_paged_with_posts(client, client_for):
    household = factories.household("Jansen")
    adviser = factories.staff_user("klantadviseur", username="sanne")
    start = timezone.make_aware(dt.datetime(2026, 11, 2, 9, 0))
    AccessLogEntry.objects.bulk_create(
        AccessLogEntry(
            at=start + dt.timedelta(minutes=i),
            user=adviser,
            action="view",
            what="tenant 360",
            household_id=household.id,
        )
        for i in range(60)
    )
    client_for("privacy_officer")
    first = client.post(reverse("privacy:access_log"), {"huishouden": str(household.key)}).content.decode()
    # Newest first: the officer's own look at this log (logged too), then 49 of sanne's 60.
    assert first.count("sanne") == 49 and "Pagina 1 van 2" in first
    second = client.post(
        reverse("privacy:access_log"), {"huishouden": str(household.key), "pagina": "2"}
    ).content.decode()
    # 62 entries now (the officer looked twice): page 2 holds the last 12 of sanne's.
    assert second.count("sanne") == 12 and "Pagina 2 van 2" in second
    assert "2026 09:00:00" in second and "2026 09:00:00" not in first  # the oldest entries come last


def test_the_why_context_is_a_reference_never_free_text(client, client_for):
    household = factories.household("Jansen")
    client_for("klantadviseur")
    url = reverse("tenants:household", args=[household.key])
    client.get(url, headers={"X-Nabij-Context": "casework:case#1042"})
    client.get(url, headers={"X-Nabij-Context": "Jansen belde over zijn schulden"})
    client.get(url, headers={"referer": "https://elders.example/?naam=Jansen"})
    client.get(url, headers={"referer": "http://testserver" + url + "?q=Jansen"})
    contexts = list(AccessLogEntry.objects.order_by("id").values_list("context", flat=True))
    assert contexts == ["casework:case#1042", "", "extern", "tenants:household"]


def test_failed_logins_are_logged_without_the_typed_user_name(client):
    sanne = factories.staff_user("klantadviseur", username="sanne")
    client.post(reverse("login"), {"username": "sanne", "password": "verkeerd-wachtwoord"})
    client.post(reverse("login"), {"username": "mijn-geheime-wachtwoord", "password": "x"})
    failed = list(AccessLogEntry.objects.filter(action="login_failed").order_by("id"))
    assert [e.user for e in failed] == [sanne, None]
    assert all(e.ip_address == "127.0.0.1" for e in failed)
    assert not AccessLogEntry.objects.filter(what__contains="geheim").exists()


def test_access_log_entries_cannot_be_changed_or_deleted_by_the_application():
    user = factories.staff_user("klantadviseur")
    entry = AccessLogEntry.objects.create(at="2026-11-27T10:00:00+01:00", user=user, action="view", what="x")
    entry.what = "changed"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    assert AccessLogEntry.objects.get(pk=entry.pk).what == "x"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the database trigger is PostgreSQL's")
def test_postgresql_refuses_updates_and_deletes_of_recent_entries_but_lets_retention_remove_old_ones():
    user = factories.staff_user("klantadviseur")
    now = timezone.now()
    recent = AccessLogEntry.objects.create(at=now, user=user, action="view", what="tenant 360")
    old = AccessLogEntry.objects.create(
        at=now - dt.timedelta(days=6 * 365), user=user, action="view", what="x"
    )

    for attempt in (
        lambda: AccessLogEntry.objects.filter(pk=recent.pk).update(what="iets anders"),
        lambda: AccessLogEntry.objects.filter(pk=old.pk).update(what="iets anders"),
        lambda: AccessLogEntry.objects.filter(pk=recent.pk).delete(),
        lambda: connection.cursor().execute("DELETE FROM privacy_accesslogentry"),
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            attempt()

    assert AccessLogEntry.objects.filter(at__lt=now - dt.timedelta(days=5 * 365)).delete()[0] == 1
    assert list(AccessLogEntry.objects.values_list("what", flat=True)) == ["tenant 360"]


def test_a_retention_period_shorter_than_the_database_allows_is_refused_at_start_up(settings):
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    settings.NABIJ_RETENTION = "signals=2y,access_log=6m"
    with pytest.raises(SystemCheckError, match="nabij.privacy.E001"):
        call_command("check")
    settings.NABIJ_RETENTION = "signals=2y,access_log=1y"
    call_command("check")
